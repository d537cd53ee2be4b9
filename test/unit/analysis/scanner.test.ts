/** The scanner: lines, comments, continuations and heredocs into logical instructions, and its small helpers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import {
  continues,
  detach,
  exact,
  intern,
  interned,
  isBlank,
  isComment,
  keywordSpelling,
  positionAt,
  rangeAt,
  scan,
  splitLines,
  type RawInstruction,
} from '../../../server/src/analysis/scanner';

test('lines split at \\r\\n, \\r and \\n; blank and comment lines as BuildKit reads them', () => {
  assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a', 'b', 'c', 'd']);
  assert.equal(isBlank(' \t'), true);
  assert.equal(isBlank(' x'), false);
  assert.equal(isComment('  # x'), true);
  assert.equal(isComment('x # y'), false);
});

test('a line continues when it ends with the escape character, trailing blanks allowed', () => {
  assert.equal(continues('RUN a \\  ', '\\'), true);
  assert.equal(continues('RUN a \\x', '\\'), false);
  assert.equal(continues('RUN a `', '`'), true);
  assert.equal(continues('RUN a `', '\\'), false);
});

test('scan: instructions joined over continuations (comment lines inside dropped), heredoc bodies, comments', () => {
  const result = scan(splitLines('# c1\nFROM alpine\nRUN a \\\n  # inner\n  b\nRUN <<EOF\nhi\nEOF\n\n'), 0, '\\');
  const raws = result.instructions as RawInstruction[];
  assert.deepEqual(
    raws.map((raw) => [raw.keywordText, raw.rest, raw.range.start.line, raw.range.end.line, raw.heredocs.map((heredoc) => heredoc.body)]),
    [
      ['FROM', 'alpine', 1, 1, []],
      ['RUN', 'a   b', 2, 4, []],
      ['RUN', '<<EOF', 5, 7, ['hi']],
    ],
  );
  assert.deepEqual(
    result.comments.map((comment) => [comment.line, comment.text]),
    [[0, 'c1']],
  );
  assert.deepEqual(result.problems, []);
});

test('offsets in a joined line map back to the line and column they were read from', () => {
  const segments = [
    { offset: 0, line: 2, character: 4 },
    { offset: 3, line: 4, character: 2 },
  ];
  assert.deepEqual(positionAt(segments, 1), { line: 2, character: 5 });
  assert.deepEqual(positionAt(segments, 4), { line: 4, character: 3 });
  assert.deepEqual(rangeAt(segments, 1, 5), { start: { line: 2, character: 5 }, end: { line: 4, character: 4 } });
});

test('exact copies a grown list (an empty one is kept); intern shares equal strings during a parse; detach keeps the text', () => {
  const list = [1, 2];
  list.push(3);
  assert.notEqual(exact(list), list);
  assert.deepEqual(exact(list), [1, 2, 3]);
  const empty: number[] = [];
  assert.equal(exact(empty), empty);
  assert.equal(
    interned(() => intern('x'.repeat(3)) === intern('xxx')),
    true,
  );
  assert.equal(intern('ab'), 'ab', 'outside a parse the text is returned as it is');
  assert.equal(detach('abcdef'.slice(1, 3)), 'bc');
});

test('keywords are V8 internalized strings, so a message made with one stays a one-byte string', () => {
  // A keyword cut from a line becomes a "thin" string once used as a property key, and optimized code
  // that puts a thin string into a template makes a two-byte string (scanner.ts, KEYWORD_SPELLINGS).
  setFlagsFromString('--allow-natives-syntax');
  const internalized = new Function('text', 'return %IsInternalizedString(text)') as (text: string) => boolean;
  const made = (text: string) => `${text} ${Math.random()}`.split(' ')[0]; // a string of its own, not a literal
  assert.equal(internalized(made('ENTRYPOINT')), false, 'the check tells a string of its own from an internalized one');
  const text = ['FROM a', 'run b', 'Cmd c', `ENTRYPOINT ${Math.random()}`].join('\n');
  const [from, run, cmd, entrypoint] = scan(splitLines(text), 0, '\\').instructions as RawInstruction[];
  assert.deepEqual(
    [from, run, cmd, entrypoint].map((i) => i.keywordText),
    ['FROM', 'run', 'Cmd', 'ENTRYPOINT'],
  );
  assert.equal(internalized(from.keywordText), true);
  assert.equal(internalized(run.keywordText), true);
  assert.equal(internalized(entrypoint.keywordText), true);
  assert.equal(internalized(keywordSpelling(made('CMD'))), true, 'an upper-case keyword as parse.ts makes it from `Cmd`');
  assert.equal(keywordSpelling('Cmd'), 'Cmd', 'other spellings are kept as written');
  const model = parseDockerfile(`from ${Math.random()}\nRUN make\n`);
  assert.equal(internalized(model.stages[0].fromInstruction.keyword), true, 'the upper-case keyword parse.ts makes from `from`');
});
