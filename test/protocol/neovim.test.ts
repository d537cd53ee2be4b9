/**
 * The built server (`dist/server.js --stdio`) driven by Neovim's own LSP client: headless `nvim`
 * runs neovim/drive.lua, which loads the Lua block of docs/editors.md marked as tested (exactly as a
 * user pastes it into init.lua, with `stagecraft-language-server` on PATH), opens neovim/Dockerfile
 * and writes the diagnostics, outline, a hover and a build plan as JSON. Debian's neovim is
 * installed when missing (test/scripts/setup.mjs, as root); without it the test fails, never skips.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const serverPath = join(root, 'dist', 'server.js');
const here = join(__dirname, 'neovim');
const fixture = join(here, 'Dockerfile');
const editorsDoc = join(root, 'docs', 'editors.md');
const MARKER = '<!-- tested-by: test/protocol/neovim.test.ts -->';
const TIMEOUT_MS = 60_000;

interface Result {
  nvim: { major: number; minor: number; patch: number };
  steps: string[];
  error?: string;
  filetype?: string;
  client?: { name: string; cmd: string[] };
  diagnostics?: { code?: string; source?: string; severity: number; lnum: number; col: number; end_col: number; message: string }[];
  symbols?: { name: string; detail?: string; kind: number; children?: { name: string }[] }[];
  hover?: { contents: { kind: string; value: string } };
  plan?: { target?: number; stages: { index: number; name?: string; label: string }[]; buildkit: number[]; classic: number[]; criticalPath: number[] };
  codeLenses?: unknown[];
  stopped?: boolean;
}

let work: string;
let nvim: string;
let result: Result;

/** The fenced lua block right after the marker in docs/editors.md. */
function documentedSnippet(markdown: string): string {
  const at = markdown.indexOf(MARKER);
  assert.ok(at >= 0, `docs/editors.md has no ${MARKER}`);
  const match = /^```lua\n([\s\S]*?)^```$/m.exec(markdown.slice(at + MARKER.length));
  assert.ok(match && markdown.slice(at + MARKER.length, at + MARKER.length + match.index).trim() === '', 'the marker must be followed by a ```lua block');
  return match[1];
}

function runNeovim(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(nvim, args, { cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output = (output + chunk).slice(-8000);
    });
    child.stderr.on('data', (chunk) => {
      output = (output + chunk).slice(-8000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

before(async () => {
  assert.ok(existsSync(serverPath), 'dist/server.js is missing: run `node esbuild.mjs`');
  const { ensureNeovim } = await import('../scripts/setup.mjs');
  nvim = ensureNeovim();
  work = mkdtempSync(join(tmpdir(), 'stagecraft-neovim-'));
  // The documented setup runs `stagecraft-language-server`: put the built server on PATH under that name.
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(serverPath, join(bin, 'stagecraft-language-server'));
  const setup = join(work, 'init.lua');
  writeFileSync(setup, documentedSnippet(readFileSync(editorsDoc, 'utf8')));
  const out = join(work, 'result.json');
  const state = join(work, 'state'); // Neovim's log, shada and caches stay in the temp folder
  const env = {
    ...process.env,
    PATH: [bin, dirname(process.execPath), process.env.PATH].join(delimiter),
    XDG_CONFIG_HOME: state,
    XDG_DATA_HOME: state,
    XDG_STATE_HOME: state,
    XDG_CACHE_HOME: state,
    STAGECRAFT_NVIM_SETUP: setup,
    STAGECRAFT_NVIM_FILE: fixture,
    STAGECRAFT_NVIM_OUT: out,
  };
  const run = await runNeovim(['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${join(here, 'drive.lua')}`], env);
  assert.ok(existsSync(out), `nvim wrote no result (exit ${run.code}, signal ${run.signal}; killed after ${TIMEOUT_MS} ms if SIGKILL):\n${run.output}`);
  result = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(result.error, undefined, `drive.lua failed after steps ${result.steps.join(', ')}: ${result.error}\n${run.output}`);
  assert.equal(run.code, 0, run.output);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the documented setup starts the server for a Dockerfile buffer', () => {
  assert.equal(result.filetype, 'dockerfile');
  assert.deepEqual(result.client, { name: 'stagecraft', cmd: ['stagecraft-language-server', '--stdio'] });
  assert.deepEqual(result.steps, ['setup', 'attached', 'diagnostics', 'documentSymbol', 'hover', 'buildPlan', 'codeLens', 'stopped']);
  assert.equal(result.stopped, true, 'the client stops when asked');
});

test('diagnostics arrive: the COPY --from of a later stage, on its line and column', () => {
  const found = result.diagnostics!.filter((d) => d.code === 'later-stage-reference');
  assert.equal(found.length, 1, JSON.stringify(result.diagnostics));
  assert.deepEqual(
    { ...found[0], message: undefined },
    {
      code: 'later-stage-reference',
      source: 'stagecraft',
      severity: 1 /* vim.diagnostic.severity.ERROR */,
      lnum: 7,
      col: 12,
      end_col: 19,
      message: undefined,
    },
  );
  assert.match(found[0].message, /release/);
});

test('the outline lists the stages with their instructions', () => {
  assert.deepEqual(
    result.symbols!.map((s) => s.name),
    ['# syntax', 'build', 'test', 'release'],
  );
  const stages = result.symbols!.slice(1);
  assert.deepEqual(
    stages.map((s) => s.detail),
    ['FROM golang:1.22', 'FROM build', 'FROM scratch'],
  );
  assert.deepEqual(
    stages[1].children!.map((c) => c.name),
    ['COPY', 'RUN'],
  );
});

test('a hover on a stage reference describes the stage', () => {
  assert.equal(result.hover!.contents.kind, 'markdown');
  assert.match(result.hover!.contents.value, /^\*\*Stage `build`\*\* \(index 0\) · FROM `golang:1\.22`/);
  assert.match(result.hover!.contents.value, /Used by: `test`, `release`/);
});

test('stagecraft/buildPlan answers with the stages the test target builds', () => {
  const plan = result.plan!;
  assert.deepEqual(
    plan.stages.map((s) => s.label),
    ['build', 'test', 'release'],
  );
  assert.equal(plan.target, 1);
  assert.deepEqual(plan.buildkit, [0, 1]);
  assert.deepEqual(plan.classic, [0, 1]);
  assert.deepEqual(plan.criticalPath, [0, 1]);
});

test('the documented settings reach the server: no Build/Run lenses', () => {
  assert.deepEqual(result.codeLenses, []);
});
