/** parseJsonc: VS Code's settings.json dialect (comments, trailing commas) read by JSON.parse. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseJsonc } from '../../../server/src/cli/jsonc';

test('line and block comments and trailing commas are dropped; strings keep what looks like them', () => {
  const text = '\uFEFF{\n  // a comment\n  "a": 1, /* block\n spanning lines */\n  "b": ["x", "y",],\n  "c": "http://x/*y*/, \\"q\\"",\n}\n';
  assert.deepEqual(parseJsonc(text), { a: 1, b: ['x', 'y'], c: 'http://x/*y*/, "q"' });
});

test('a trailing comma before a comment and the closing brace is dropped too; one inside an array of arrays', () => {
  assert.deepEqual(parseJsonc('{"a": [[1,], [2]], // end\n}'), { a: [[1], [2]] });
  assert.deepEqual(parseJsonc('[1, /* x */ ]'), [1]);
});

test('an error keeps the position JSON.parse reports in the original text (comments are blanked, not removed)', () => {
  const text = '{\n  // note\n  "a": 1 "b": 2\n}';
  assert.throws(
    () => parseJsonc(text),
    (error: Error) => {
      const at = /position (\d+)/.exec(error.message);
      assert.ok(at, error.message);
      assert.equal(text[Number(at[1])], '"', 'the position points at "b" in the text as written');
      return true;
    },
  );
});

test('an unterminated block comment blanks the rest: the object is then unterminated', () => {
  assert.throws(() => parseJsonc('{"a": 1 /* open'), SyntaxError);
});
