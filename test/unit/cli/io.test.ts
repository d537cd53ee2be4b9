/** The CLI's process boundary: exit codes, the usage error, and the IO of the real process. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EXIT, UsageError, processIO } from '../../../server/src/cli/io';

test('exit codes: 0 clean, 1 findings, 2 errors', () => {
  assert.deepEqual(EXIT, { ok: 0, findings: 1, error: 2 });
});

test('UsageError is an Error with its message', () => {
  const error = new UsageError('which Dockerfile?');
  assert.ok(error instanceof Error);
  assert.equal(error.message, 'which Dockerfile?');
});

test("processIO is this process's folder, environment and stdout's terminal-ness", () => {
  const io = processIO();
  assert.equal(io.cwd, process.cwd());
  assert.equal(io.env, process.env);
  assert.equal(io.isTTY, process.stdout.isTTY === true);
  assert.equal(typeof io.out, 'function');
  assert.equal(typeof io.err, 'function');
});
