/** What decides the exit code: which finding levels fail a run under each --fail-on. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FAIL_ON, FORMATS, fails } from '../../../../server/src/cli/formats/reporter';

test('--fail-on X fails on X and anything more severe; hints never fail; none never fails', () => {
  const table = Object.fromEntries(FAIL_ON.map((failOn) => [failOn, (['error', 'warning', 'info', 'hint'] as const).filter((level) => fails(level, failOn))]));
  assert.deepEqual(table, {
    error: ['error'],
    warning: ['error', 'warning'],
    info: ['error', 'warning', 'info'],
    none: [],
  });
});

test('the formats the CLI offers', () => {
  assert.deepEqual([...FORMATS], ['tty', 'json', 'sarif', 'github', 'junit']);
});
