#!/usr/bin/env node
// `npm test`: every suite, in order, then one summary line `N passed, N failed`.
// On a fresh clone it first installs the npm dependencies (npm ci) when they are missing or out of date.
// Exits non-zero when any test fails or a suite cannot run (a suite that cannot run counts as failed).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const only = process.argv.slice(2); // e.g. `npm test -- unit protocol`

try {
  ensureDependencies(root);
} catch (error) {
  process.stdout.write(`\n${error.message}\n0 passed, 1 failed\n`);
  process.exit(1);
}

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Runs a command with output passed through; resolves with exit code and the text it printed. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const forward = (stream) => (chunk) => {
      text += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('error', (error) => {
      text += String(error);
      resolve({ code: 127, text });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), text }));
  });
}

const lastCount = (text, pattern) => {
  const matches = [...text.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1][1]) : undefined;
};

/** Counts from a suite's own `NAME: N passed, N failed` line, or Node's test runner summary. */
function counts(text) {
  const own = [...text.matchAll(/^\s*(?:\w[\w-]*: )?(\d+) passed, (\d+) failed/gm)].pop();
  if (own) return { passed: Number(own[1]), failed: Number(own[2]) };
  const passed = lastCount(text, /^[#ℹ] pass (\d+)/gm);
  const failed = lastCount(text, /^[#ℹ] fail (\d+)/gm);
  if (passed === undefined || failed === undefined) return undefined;
  return { passed, failed };
}

const nodeTest = (dirs) => ['--import', 'tsx', '--test', '--test-reporter=spec', ...dirs.flatMap(testFiles)];

const suites = [
  // Lint (typescript-eslint, import cycles) and format (Prettier): `npm run format` fixes most of it.
  { name: 'lint', command: 'npx', args: ['eslint', '.'], single: true },
  { name: 'format', command: 'npx', args: ['prettier', '--check', '.'], single: true },
  { name: 'typecheck', command: 'npx', args: ['tsc', '--noEmit', '-p', '.'], single: true },
  { name: 'build', command: process.execPath, args: ['esbuild.mjs'], single: true, fatal: true },
  { name: 'unit', command: process.execPath, args: nodeTest(['test/unit']) },
  { name: 'protocol', command: process.execPath, args: nodeTest(['test/protocol']) },
  // Real builds on a local Docker engine (Debian's docker.io on a private socket, base images made
  // offline); one file at a time, since every file shares the one engine.
  { name: 'engine', command: process.execPath, args: ['--test-concurrency=1', ...nodeTest(['test/engine'])] },
  // Real registries on 127.0.0.1 (Debian's docker-registry, installed when missing) and the local engine.
  { name: 'registry', command: process.execPath, args: ['--test-concurrency=1', ...nodeTest(['test/registry'])] },
  { name: 'setup', command: process.execPath, args: ['test/scripts/setup.mjs'], single: true, fatal: true },
  { name: 'integration', command: process.execPath, args: ['test/scripts/run-integration-code-server.mjs'] },
  { name: 'ui', command: process.execPath, args: ['test/scripts/run-ui.mjs'] },
];

let passed = 0;
let failed = 0;
const lines = [];
for (const suite of suites) {
  if (only.length && !only.includes(suite.name)) continue;
  process.stdout.write(
    `\n=== ${suite.name}: ${[suite.command, ...suite.args]
      .map((a) => relative(root, a) || a)
      .join(' ')
      .slice(0, 200)}\n`,
  );
  const started = Date.now();
  const { code, text } = await run(suite.command, suite.args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let result = suite.single ? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 } : counts(text);
  if (!result) result = { passed: 0, failed: 1 };
  // A suite that exits non-zero without reporting a failed test still fails the run.
  if (code !== 0 && result.failed === 0) result.failed = 1;
  passed += result.passed;
  failed += result.failed;
  lines.push(
    `${suite.name.padEnd(12)} ${String(result.passed).padStart(4)} passed ${String(result.failed).padStart(3)} failed  ${seconds}s${code !== 0 ? `  (exit ${code})` : ''}`,
  );
  if (suite.fatal && code !== 0) break; // nothing after a failed build or setup can run
}

process.stdout.write(`\n${lines.join('\n')}\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
