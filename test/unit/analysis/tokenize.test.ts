import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isKept, scan, splitLines, type RawInstruction } from '../../../server/src/analysis/scanner';
import { skipBlanks, tokenize, wordEnd } from '../../../server/src/analysis/tokenize';
import type { Range } from '../../../server/src/analysis/model';

function raw(text: string, escape = '\\'): RawInstruction {
  const [first] = scan(splitLines(text), 0, escape).instructions;
  assert.ok(first && !isKept(first));
  return first;
}

const at = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

test('skipBlanks skips spaces and tabs only', () => {
  assert.equal(skipBlanks(' \t x', 0), 3);
  assert.equal(skipBlanks('x', 0), 0);
  assert.equal(skipBlanks('a  ', 1), 3);
});

test('wordEnd keeps quotes and escaped blanks in the word', () => {
  assert.equal(wordEnd('a b', 0, '\\'), 1);
  assert.equal(wordEnd('"a b" c', 0, '\\'), 5);
  assert.equal(wordEnd("'a \\' b", 0, '\\'), 5, 'no escape inside single quotes');
  assert.equal(wordEnd('"a \\" b" c', 0, '\\'), 8);
  assert.equal(wordEnd('a\\ b c', 0, '\\'), 4);
  assert.equal(wordEnd('a` b c', 0, '`'), 4);
});

test('flags are read at the start, with name and value ranges; -- ends them', () => {
  const read = tokenize(raw('RUN --mount=type=cache --network=none -- --not-a-flag x'), '\\', true);
  assert.deepEqual(
    read.flags.map((f) => [f.name, f.value, at(f.range), at(f.nameRange), f.valueRange && at(f.valueRange)]),
    [
      ['mount', 'type=cache', '0:4-0:22', '0:6-0:11', '0:12-0:22'],
      ['network', 'none', '0:23-0:37', '0:25-0:32', '0:33-0:37'],
    ],
  );
  assert.equal(read.endOfFlags, true);
  assert.deepEqual(
    read.args.map((w) => w.value),
    ['--not-a-flag', 'x'],
  );
});

test('a flag without a value ends with its name; without withFlags it is a word', () => {
  const flagged = tokenize(raw('COPY --link a b'), '\\', true);
  assert.deepEqual(
    flagged.flags.map((f) => [f.name, f.value, at(f.range), at(f.nameRange), f.valueRange]),
    [['link', undefined, '0:5-0:11', '0:7-0:11', undefined]],
  );
  assert.equal(flagged.endOfFlags, false);
  const plain = tokenize(raw('CMD --link a'), '\\', false);
  assert.deepEqual(plain.flags, []);
  assert.deepEqual(
    plain.args.map((w) => w.value),
    ['--link', 'a'],
  );
});

test('JSON form: one word per string, with the range of its quoted text', () => {
  const read = tokenize(raw('CMD ["echo", "a \\"b\\""]'), '\\', false);
  assert.equal(read.jsonForm, true);
  assert.deepEqual(
    read.args.map((w) => [w.value, at(w.range)]),
    [
      ['echo', '0:5-0:11'],
      ['a "b"', '0:13-0:22'],
    ],
  );
});

test('a bracket that is not a JSON array of strings is shell form', () => {
  for (const text of ['CMD [1, 2]', 'CMD ["a", ', 'CMD [ "a" , 1 ]']) {
    const read = tokenize(raw(text), '\\', false);
    assert.equal(read.jsonForm, false, text);
    assert.ok(read.args.length > 0, text);
  }
});

test('word ranges follow continuation lines; one ending the instruction shares its end', () => {
  const instruction = raw('RUN echo \\\n  # comment\n  "a b" c');
  const read = tokenize(instruction, '\\', true);
  assert.deepEqual(
    read.args.map((w) => [w.value, at(w.range)]),
    [
      ['echo', '0:4-0:8'],
      ['"a b"', '2:2-2:7'],
      ['c', '2:8-2:9'],
    ],
  );
  assert.equal(read.args[2].range.end, instruction.range.end);
});

test('the lists handed out are copies: a later call does not change them', () => {
  const first = tokenize(raw('RUN --a=1 x y'), '\\', true);
  tokenize(raw('RUN --b=2 z'), '\\', true);
  assert.deepEqual(
    first.flags.map((f) => f.name),
    ['a'],
  );
  assert.deepEqual(
    first.args.map((w) => w.value),
    ['x', 'y'],
  );
});
