/** oneOf: an option value from a fixed list, else a UsageError naming the flag and the choices. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { oneOf } from '../../../server/src/cli/options';
import { UsageError } from '../../../server/src/cli/io';

test('a listed value is returned; any other is a UsageError that lists the choices', () => {
  assert.equal(oneOf('--format', 'json', ['tty', 'json'] as const), 'json');
  assert.throws(
    () => oneOf('--format', 'JSON', ['tty', 'json'] as const),
    (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, '--format JSON: expected one of tty, json');
      return true;
    },
  );
});
