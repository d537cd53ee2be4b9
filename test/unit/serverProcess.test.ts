/**
 * How the VS Code client starts the server process (server/src/serverProcess.json; the benchmark uses
 * the same): Node accepts the flags, and they do what they are there for. `env` is kept for variables
 * the process may need; it is empty (MALLOC_MMAP_THRESHOLD_ was tried: 20-35% more CPU per edit).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  assert.ok(withFlags.young <= 3 * 8 * 1024 * 1024, `young generation ${withFlags.young} bytes`);
  assert.ok(without.young > withFlags.young, `without the flag the young generation grows (${without.young} bytes)`);
});

test('the flags: V8 keeps one helper thread, not four', () => {
  // Node's threads, counted by Linux (/proc/self/task); elsewhere only that Node accepts the flags.
  const script = [
    'const fs = require("fs");',
    'const threads = fs.existsSync("/proc/self/task") ? fs.readdirSync("/proc/self/task").length : -1;',
    'console.log(JSON.stringify({ threads }));',
  ].join('\n');
  const withFlags = run(script, SERVER_PROCESS.execArgv);
  const without = run(script, []);
  assert.ok(SERVER_PROCESS.execArgv.includes('--v8-pool-size=1'));
  if (!existsSync('/proc/self/task')) return;
  // The default pool is four threads (or fewer on a machine with fewer cores): three fewer with one.
  assert.ok(withFlags.threads > 0 && withFlags.threads < without.threads, `threads ${withFlags.threads} with the flags, ${without.threads} without`);
});
