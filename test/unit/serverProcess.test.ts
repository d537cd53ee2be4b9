/**
 * How the VS Code client starts the server process (server/src/serverProcess.json; the benchmark uses
 * the same): Node accepts the flags, and flags and environment do what they are there for.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SERVER_PROCESS from '../../server/src/serverProcess.json';

/** Runs `script` from a file (under `-e` the buffers below stayed reachable) and returns what it printed. */
function run(script: string, execArgv: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-process-'));
  try {
    writeFileSync(join(dir, 'probe.js'), script);
    return JSON.parse(execFileSync(process.execPath, [...execArgv, join(dir, 'probe.js')], { encoding: 'utf8', env: { ...process.env, ...env } }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the flags: gc() is there and the young generation stays small', () => {
  assert.ok(SERVER_PROCESS.execArgv.every((flag) => typeof flag === 'string' && flag.startsWith('--')));
  // 200 MB of short-lived garbage: without --max-semi-space-size the young generation grows to 3 x 16 MB.
  const script = [
    'let keep = [];',
    'for (let i = 0; i < 2e6; i++) { keep.push({ i, s: "x" + i }); if (keep.length > 5e4) keep = []; }',
    'const young = require("v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");',
    'console.log(JSON.stringify({ gc: typeof gc, young: young.space_size }));',
  ].join('\n');
  const withFlags = run(script, SERVER_PROCESS.execArgv);
  const without = run(script, []);
  assert.equal(withFlags.gc, 'function');
  assert.equal(without.gc, 'undefined');
  assert.ok(withFlags.young <= 3 * 4 * 1024 * 1024, `young generation ${withFlags.young} bytes`);
  assert.ok(without.young > withFlags.young, `without the flag the young generation grows (${without.young} bytes)`);
});

test('the environment: large freed buffers go back to the system (glibc)', { skip: process.platform !== 'linux' && 'glibc only' }, () => {
  // Buffers of 3 MB, allocated and freed three times over: glibc's default raises its mmap threshold
  // after the first free and keeps the rest in its heap.
  const script = [
    'const rss = () => process.memoryUsage.rss();',
    'const base = rss(); let bufs = [];',
    'for (let r = 0; r < 3; r++) { for (let i = 0; i < 20; i++) bufs.push(Buffer.alloc(3 << 20, 1)); bufs = []; gc(); gc(); }',
    'console.log(JSON.stringify({ kept: rss() - base }));',
  ].join('\n');
  const MB = 1024 * 1024;
  const withEnv = run(script, ['--expose-gc'], SERVER_PROCESS.env);
  const without = run(script, ['--expose-gc']);
  assert.ok(withEnv.kept < 20 * MB, `kept ${withEnv.kept} bytes with ${JSON.stringify(SERVER_PROCESS.env)}`);
  assert.ok(without.kept > 40 * MB, `without it glibc keeps them (${without.kept} bytes)`);
});
