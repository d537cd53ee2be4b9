/** `RUN --mount` options as BuildKit's parseMount checks them: from= with a variable at parse time, the rest at dispatch. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mountErrors } from '../../../server/src/analysis/mountErrors';
import type { SyntaxError } from '../../../server/src/analysis/syntaxSplit';

const RANGE = { start: { line: 1, character: 4 }, end: { line: 1, character: 30 } };
const errorsOf = (value: string) => {
  const errors: SyntaxError[] = [];
  mountErrors(value, RANGE, errors);
  return errors.map((error) => [error.phase, error.message, error.mount]);
};

test('valid mounts have no error', () => {
  for (const value of [
    'type=cache,target=/x',
    'type=bind,from=build,source=/out,target=/a',
    'type=secret,id=npm,target=/root/.npmrc',
    'type=tmpfs,target=/t,size=64m',
  ])
    assert.deepEqual(errorsOf(value), [], value);
});

test('each bad option is one error, marked as a mount error, with BuildKit message', () => {
  assert.deepEqual(errorsOf('type=bind,from=$X,target=/a'), [[1, "'from' doesn't support variable expansion, define alias stage instead", true]]);
  assert.deepEqual(errorsOf('type=bogus,target=/x'), [[3, 'unsupported mount type "bogus"', true]]);
  assert.deepEqual(errorsOf('type=cache,target=/x,sharing=weird'), [[3, 'unsupported sharing value "weird"', true]]);
  assert.deepEqual(errorsOf('type=secret,id=a,mode=999'), [[3, 'invalid value 999 for mode', true]]);
  assert.deepEqual(errorsOf('type=tmpfs,target=/t,size=abc'), [[3, 'invalid value for size: abc', true]]);
  assert.deepEqual(errorsOf('target=/x,uid=abc'), [[3, 'invalid value abc for uid', true]]);
  assert.deepEqual(errorsOf('type=ssh,required=maybe'), [[3, 'invalid value for required: maybe', true]]);
  assert.deepEqual(errorsOf('foo=bar,target=/x'), [[3, "unexpected key 'foo' in 'foo=bar'", true]]);
});

test('errors are reported over the range given', () => {
  const errors: SyntaxError[] = [];
  mountErrors('type=bogus', RANGE, errors);
  assert.deepEqual(errors[0].range, RANGE);
});
