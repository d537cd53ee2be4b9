/**
 * The Node flags the VS Code client starts the server with (server/src/nodeFlags.json; the benchmark
 * uses the same list): Node accepts them, and they do what they are there for.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import NODE_FLAGS from '../../server/src/nodeFlags.json';

test('Node starts with the flags: gc() is there and the young generation stays small', () => {
  assert.ok(NODE_FLAGS.every((flag) => typeof flag === 'string' && flag.startsWith('--')));
  // Allocate 200 MB of short-lived garbage: without --max-semi-space-size the young generation grows to 3 x 16 MB.
  const script = [
    'let keep = [];',
    'for (let i = 0; i < 2e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 5e4) keep = []; }',
    'const young = require("v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");',
    'console.log(JSON.stringify({ gc: typeof gc, young: young.space_size }));',
  ].join('\n');
  const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })) as { gc: string; young: number };
  const withFlags = run(NODE_FLAGS);
  const without = run([]);
  assert.equal(withFlags.gc, 'function');
  assert.equal(without.gc, 'undefined');
  assert.ok(withFlags.young <= 3 * 4 * 1024 * 1024, `young generation ${withFlags.young} bytes`);
  assert.ok(without.young > withFlags.young, `without the flag the young generation grows (${without.young} bytes)`);
});
