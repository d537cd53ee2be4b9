/** One instruction split as BuildKit splits it: flags then words, quote removal, flag checks, JSON forms. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import type { Instruction, Range, Word } from '../../../server/src/analysis/model';
import {
  FLAGS,
  KNOWN,
  dequote,
  fields,
  flagError,
  jsonArray,
  jsonNotStrings,
  splitInstruction,
  whole,
  type Split,
} from '../../../server/src/analysis/syntaxSplit';

const first = (text: string): Instruction => parseDockerfile(text).instructions[0];
const words = (...values: string[]): Word[] => values.map((value) => ({ value, range: at(0) }));
const at = (character: number): Range => ({ start: { line: 0, character }, end: { line: 0, character: character + 1 } });
const split = (...flags: [string, string?][]): Split => ({
  keyword: 'COPY',
  flags: flags.map(([name, value], i) => ({ name, value, range: at(i), nameRange: at(i) })),
  words: [],
  json: false,
  range: at(0),
});

test('dequote drops quotes and applies the escape character, as BuildKit does for flag words', () => {
  assert.equal(dequote('"a b"', '\\'), 'a b');
  assert.equal(dequote("'it''s'", '\\'), 'its');
  assert.equal(dequote('a\\"b', '\\'), 'a"b');
  assert.equal(dequote('"say \'hi\'"', '\\'), "say 'hi'", 'the other quote is kept inside quotes');
  assert.equal(dequote('a`"b', '`'), 'a"b', 'the escape directive changes the escape character');
  assert.equal(dequote('a\\', '\\'), 'a\\', 'a trailing escape is kept');
});

test("splitInstruction: the instruction's flags with values dequoted; ONBUILD's trigger gets its flags from its words", () => {
  const copy = first('COPY --from=build --link /a /b\n');
  const plain = splitInstruction('COPY', copy, copy.args, '\\');
  assert.deepEqual(
    plain.flags.map((flag) => [flag.name, flag.value]),
    [
      ['from', 'build'],
      ['link', undefined],
    ],
  );
  assert.deepEqual(
    plain.words.map((word) => word.value),
    ['/a', '/b'],
  );
  assert.equal(plain.json, false);

  const onbuild = first('ONBUILD COPY --from="x y" --chmod=644 /a /b\n');
  const trigger = splitInstruction('COPY', onbuild, onbuild.args.slice(1), '\\');
  assert.deepEqual(
    trigger.flags.map((flag) => [flag.name, flag.value, flag.range.start.character]),
    [
      ['from', 'x y', 13],
      ['chmod', '644', 26],
    ],
  );
  assert.deepEqual(
    trigger.words.map((word) => word.value),
    ['/a', '/b'],
  );
});

test('after `--`, and in JSON form, a word starting with -- is a word, not a flag', () => {
  const ended = first('COPY -- --from=x /b\n');
  assert.deepEqual(splitInstruction('COPY', ended, ended.args, '\\').flags, []);
  assert.deepEqual(
    splitInstruction('COPY', ended, ended.args, '\\').words.map((word) => word.value),
    ['--from=x', '/b'],
  );
  const json = first('RUN ["--x", "y"]\n');
  const split = splitInstruction('RUN', json, json.args, '\\');
  assert.deepEqual(split.flags, []);
  assert.equal(split.json, true);
  assert.deepEqual(
    split.words.map((word) => word.value),
    ['--x', 'y'],
  );
});

test('whole: a one-line instruction is reported over its line, a multi-line one at its keyword', () => {
  const one = first('COPY a b\n');
  assert.deepEqual(whole(one), one.range);
  const multi = first('COPY \\\n  --link /a /b\n');
  assert.deepEqual(whole(multi), multi.keywordRange);
  assert.deepEqual(whole(multi), { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
});

test("fields splits on whitespace only: quotes do not hold a word together (BuildKit's strings.Fields)", () => {
  assert.deepEqual(fields(words('"a b"', 'c\td', '')), ['"a', 'b"', 'c', 'd']);
  assert.deepEqual(fields([]), []);
});

test('JSON forms: an array of strings is read; a number in it is what BuildKit rejects; not JSON is neither', () => {
  assert.deepEqual(jsonArray(words('["a",', '"b"]')), ['a', 'b']);
  assert.equal(jsonArray(words('["a",', '1]')), undefined);
  assert.equal(jsonArray(words('echo', 'hi')), undefined);
  assert.equal(jsonArray(words('[broken')), undefined);
  assert.equal(jsonNotStrings(words('["a",', '1]')), true);
  assert.equal(jsonNotStrings(words('["a"]')), false);
  assert.equal(jsonNotStrings(words('[broken')), false);
  assert.equal(jsonNotStrings([]), false);
});

test('flagError: unknown (with the names known there), duplicate, missing value, non-boolean; repeatable flags may repeat', () => {
  assert.equal(flagError(split(['from', 'a'], ['link', undefined], ['chmod', '644']), FLAGS.COPY), undefined);
  const unknown = flagError(split(['form', 'a']), FLAGS.COPY);
  assert.equal(unknown?.message, 'unknown flag: --form');
  assert.deepEqual(unknown?.unknown?.candidates, Object.keys(FLAGS.COPY));
  assert.equal(flagError(split(['x']), {})?.unknown, undefined, 'no suggestion where no flag is allowed');
  assert.equal(flagError(split(['from', 'a'], ['from', 'b']), FLAGS.COPY)?.message, 'duplicate flag specified: --from');
  assert.equal(flagError(split(['exclude', 'a'], ['exclude', 'b']), FLAGS.COPY), undefined);
  assert.equal(flagError(split(['mount', 'type=cache,target=/a'], ['mount', 'type=tmpfs,target=/b']), FLAGS.RUN), undefined);
  assert.equal(flagError(split(['from']), FLAGS.COPY)?.message, 'missing a value on flag: --from');
  assert.equal(flagError(split(['link', '']), FLAGS.COPY)?.message, 'missing a value on flag: --link');
  assert.equal(flagError(split(['link', 'yes']), FLAGS.COPY)?.message, 'expecting boolean value for flag --link, not: yes');
  assert.equal(flagError(split(['link', 'TRUE']), FLAGS.COPY), undefined);
  assert.equal(flagError(split(['constructor', 'x']), FLAGS.COPY)?.message, 'unknown flag: --constructor', 'own keys only');
  assert.deepEqual(flagError(split(['from', 'a'], ['bad', 'b']), FLAGS.COPY)?.range, at(1), 'the first bad flag is reported');
});

test('KNOWN holds the 18 instructions BuildKit dispatches', () => {
  assert.equal(KNOWN.size, 18);
  for (const keyword of ['FROM', 'RUN', 'COPY', 'ONBUILD', 'HEALTHCHECK', 'MAINTAINER']) assert.ok(KNOWN.has(keyword), keyword);
  assert.equal(KNOWN.has('INCLUDE'), false);
});
