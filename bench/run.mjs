#!/usr/bin/env node
// `npm run bench [-- --quick]`: Stagecraft's server and dockerfile-language-server-nodejs (the anchor),
// side by side, driven over stdio by the same client code with the same inputs (test/corpus); and the
// `stagecraft lint` command (dist/cli.js) on the same corpus (`--only=cli` for that part alone).
// Writes bench/results/latest.json and bench/results/latest.md. Not part of `npm test`: the machine is
// shared and noisy, so only ratios measured within one run mean anything.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(','); // e.g. --only=10k,edits,typing

// edits: rounds of the five edit kinds on the 10k file. With 6, a p95 was the slowest of six samples
// (often the first round's, while code paths warm up); 20 give a percentile.
const REPEATS = quick ? { cold: 3, corpus: 1, '1k': 3, '10k': 2, '50k': 1, edits: 3 } : { cold: 10, corpus: 3, '1k': 10, '10k': 6, '50k': 3, edits: 20 };
const QUIET_SPELL_MS = 15_000;
const TIMEOUT_MS = 180_000; // the anchor needs many seconds per round on the 50k file

const anchorPackage = JSON.parse(readFileSync(require.resolve('dockerfile-language-server-nodejs/package.json'), 'utf8'));
const SERVER_JS = join(root, 'dist', 'server.js');
const SERVER_PROCESS = JSON.parse(readFileSync(join(root, 'server', 'src', 'serverProcess.json'), 'utf8'));
const SERVERS = {
  // Started as the VS Code client starts it: with the Node flags and environment of server/src/serverProcess.json.
  ours: {
    label: 'Stagecraft',
    args: [...SERVER_PROCESS.execArgv, SERVER_JS, '--stdio'],
    env: SERVER_PROCESS.env,
  },
  anchor: {
    label: `dockerfile-language-server-nodejs ${anchorPackage.version}`,
    args: [join(dirname(require.resolve('dockerfile-language-server-nodejs/package.json')), 'lib', 'server.js'), '--stdio'],
  },
};
// --servers=ours: only ours, for quick iterations (no ratios then).
const KINDS = process.argv
  .find((a) => a.startsWith('--servers='))
  ?.slice(10)
  .split(',') ?? ['ours', 'anchor'];

const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, codeLens: { refreshSupport: false } },
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { lineFoldingOnly: true },
    publishDiagnostics: { versionSupport: true },
  },
};

// ---------------------------------------------------------------------------------------------
// One server over stdio.

class Server {
  constructor(kind) {
    this.kind = kind;
    this.published = []; // { uri, version, at }
    this.waiters = [];
  }

  async start() {
    const started = performance.now();
    // BENCH_CPU_PROF=<dir>: our server writes V8 CPU profiles there.
    const profile = this.kind === 'ours' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    // BENCH_NODE_ARGS="--heapsnapshot-signal=SIGUSR2": more Node flags for our server.
    if (this.kind === 'ours' && process.env.BENCH_NODE_ARGS) profile.push(...process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean));
    this.child = spawn(process.execPath, [...profile, ...SERVERS[this.kind].args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...SERVERS[this.kind].env },
    });
    // BENCH_STDERR=1: our server's stderr goes to ours (for tracing a run).
    this.child.stderr.on('data', (chunk) => {
      if (this.kind === 'ours' && process.env.BENCH_STDERR) process.stderr.write(chunk);
    });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const entry = { uri: params.uri, version: params.version, count: params.diagnostics.length, at: performance.now() };
      this.published.push(entry);
      for (const waiter of this.waiters.splice(0)) if (!waiter(entry)) this.waiters.push(waiter);
    });
    this.connection.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section?.startsWith('stagecraft') ? {} : null)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.listen();
    const result = await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: CLIENT_CAPABILITIES });
    const coldMs = performance.now() - started;
    this.capabilities = result.capabilities;
    await this.connection.sendNotification('initialized', {});
    return coldMs;
  }

  /** Resolves with the time of the first publishDiagnostics matching `accept` published after `since`. */
  diagnostics(accept, timeoutMs = TIMEOUT_MS) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        remove();
        resolve(undefined);
      }, timeoutMs);
      const waiter = (entry) => {
        if (!accept(entry)) return false;
        clearTimeout(timer);
        resolve(entry.at);
        return true;
      };
      const remove = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      this.waiters.push(waiter);
    });
  }

  /** Our server publishes with the document version; the anchor publishes without one, once per change. */
  diagnosticsFor(uri, version) {
    return this.diagnostics((e) => e.uri === uri && (this.kind === 'anchor' ? true : e.version === version));
  }

  async request(method, params) {
    const started = performance.now();
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS);
    });
    const result = await Promise.race([this.connection.sendRequest(method, params), timeout]);
    clearTimeout(timer);
    return { ms: result === 'timeout' ? undefined : performance.now() - started, result };
  }

  open(uri, text) {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  }

  change(uri, version, range, text) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri) {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  memory() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  }

  async stop() {
    await Promise.race([this.connection.sendRequest('shutdown').catch(() => undefined), sleep(3000)]);
    await this.connection.sendNotification('exit').catch(() => undefined);
    await Promise.race([new Promise((r) => this.child.once('exit', r)), sleep(3000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Samples and statistics.

const samples = {}; // op -> scope -> kind -> number[] (undefined entries: timeouts)
function record(op, scope, kind, ms) {
  ((samples[op] ??= {})[scope] ??= { ours: [], anchor: [] })[kind].push(ms);
}

function stats(values) {
  const done = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  const timeouts = values.length - done.length;
  if (!done.length) return { n: values.length, timeouts };
  const at = (q) => done[Math.min(done.length - 1, Math.ceil(q * done.length) - 1)];
  return { n: values.length, timeouts, median: at(0.5), p95: at(0.95), max: done[done.length - 1] };
}

// ---------------------------------------------------------------------------------------------
// Inputs.

const corpusDir = join(root, 'test', 'corpus', 'files');
const corpus = readdirSync(corpusDir)
  .filter((n) => !n.startsWith('.'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(corpusDir, name), 'utf8') }));
const large = ['1k', '10k', '50k'].map((size) => ({ size, text: readFileSync(join(root, 'test', 'corpus', 'large', `large_${size}.Dockerfile`), 'utf8') }));

/** Positions for the request tests, near the middle of the file. */
function positions(text) {
  const lines = text.split(/\r?\n/);
  const middle = Math.floor(lines.length / 2);
  const near = (test) => {
    for (let d = 0; d < lines.length; d++) {
      for (const line of [middle + d, middle - d]) if (line >= 0 && line < lines.length && test(lines[line])) return line;
    }
    throw new Error('no line found');
  };
  const fromLine = near((l) => /^FROM\s+(?!--)[a-z0-9][\w./-]*:[\w.-]+(\s|$)/.test(l) && !/\$/.test(l));
  const imageChar = lines[fromLine].indexOf(' ') + 1;
  const copyLine = near((l) => /^COPY\s+--from=\S/.test(l));
  const runLine = near((l) => /^RUN\s+\S{6,}/.test(l));
  return {
    fromImage: { line: fromLine, character: imageChar + 2 },
    keyword: { line: fromLine, character: 1 },
    completeFrom: { line: copyLine, character: lines[copyLine].indexOf('--from=') + '--from='.length },
    edit: { line: runLine, character: 4 },
    runKeyword: { line: runLine, character: 1 },
  };
}

// ---------------------------------------------------------------------------------------------
// The runs.

const results = { ops: {}, memory: {}, typing: {}, cli: undefined };
let uriCounter = 0;
const freshUri = (name) => `file:///bench/${++uriCounter}/${name}`;

async function openAndWait(server, uri, text) {
  const started = performance.now();
  const published = server.diagnosticsFor(uri, 1);
  await server.open(uri, text);
  const at = await published;
  return at === undefined ? undefined : at - started;
}

async function coldStarts() {
  for (let i = 0; i < REPEATS.cold; i++) {
    for (const kind of KINDS) {
      const server = new Server(kind);
      record('cold start -> initialize result', 'process', kind, await server.start());
      await server.stop();
    }
  }
}

async function corpusOpens(servers) {
  // Warm-up (not measured): the first open loads code paths.
  for (const kind of KINDS) await openAndWait(servers[kind], freshUri('warmup/Dockerfile'), corpus[0].text);
  for (let r = 0; r < REPEATS.corpus; r++) {
    const last = r === REPEATS.corpus - 1;
    for (const file of corpus) {
      for (const kind of KINDS) {
        const uri = freshUri(file.name);
        record('didOpen -> diagnostics', 'corpus', kind, await openAndWait(servers[kind], uri, file.text));
        if (!last) await servers[kind].close(uri); // the last round stays open for the memory figure
      }
    }
    process.stdout.write(`  corpus round ${r + 1}/${REPEATS.corpus}\n`);
  }
}

async function largeFile(servers, { size, text }) {
  const repeats = REPEATS[size];
  const scope = `${size} lines`;
  const pos = positions(text);
  // didOpen: a fresh document each time; the last one stays open for the requests.
  const uris = {};
  for (let r = 0; r < repeats; r++) {
    for (const kind of KINDS) {
      const uri = freshUri(`large_${size}.Dockerfile`);
      record('didOpen -> diagnostics', scope, kind, await openAndWait(servers[kind], uri, text));
      if (r < repeats - 1) await servers[kind].close(uri);
      else uris[kind] = uri;
    }
  }
  const versions = { ours: 1, anchor: 1 };
  const requests = [
    ['hover on a FROM image', 'textDocument/hover', () => ({ position: pos.fromImage })],
    ['hover on a keyword', 'textDocument/hover', () => ({ position: pos.keyword })],
    ['documentSymbol', 'textDocument/documentSymbol', () => ({})],
    ['completion after --from=', 'textDocument/completion', () => ({ position: pos.completeFrom })],
    ['foldingRange', 'textDocument/foldingRange', () => ({})],
    ['codeLens', 'textDocument/codeLens', () => ({})],
  ];
  for (let r = 0; r < repeats; r++) {
    for (const kind of KINDS) {
      const server = servers[kind];
      const uri = uris[kind];
      // One character in the middle: inserted on even rounds, removed on odd ones (the text comes back).
      const version = ++versions[kind];
      const range = r % 2 === 0 ? { start: pos.edit, end: pos.edit } : { start: pos.edit, end: { line: pos.edit.line, character: pos.edit.character + 1 } };
      const started = performance.now();
      const published = server.diagnosticsFor(uri, version);
      await server.change(uri, version, range, r % 2 === 0 ? 'x' : '');
      const at = await published;
      record('didChange (1 char) -> diagnostics', scope, kind, at === undefined ? undefined : at - started);
      for (const [name, method, params] of requests) {
        if (method === 'textDocument/codeLens' && !server.capabilities.codeLensProvider) continue;
        const { ms } = await server.request(method, { textDocument: { uri }, ...params() });
        record(name, scope, kind, ms);
      }
    }
  }
  // Leave the text as opened.
  if (repeats % 2 === 1) {
    for (const kind of KINDS) {
      const version = ++versions[kind];
      const published = servers[kind].diagnosticsFor(uris[kind], version);
      await servers[kind].change(uris[kind], version, { start: pos.edit, end: { line: pos.edit.line, character: pos.edit.character + 1 } }, '');
      await published;
    }
  }
  process.stdout.write(`  ${scope} done\n`);
  return { uris, versions, pos };
}

/**
 * Every kind of edit on the 10k file, each timed to the diagnostics of its version: a character
 * typed, a character deleted, a new line, a paste of 50 lines, and an undo of the paste and the new
 * line in one change (what VS Code sends for an undo to an earlier version). A round leaves the text
 * as it was.
 */
async function editKinds(servers, opened, size) {
  const { uris, versions, pos } = opened;
  const scope = `${size} lines`;
  const text = large.find((file) => file.size === size).text;
  const lines = text.split('\n');
  const block = `${lines.slice(pos.edit.line, pos.edit.line + 50).join('\n')}\n`;
  const at = pos.edit;
  const next = { line: at.line + 1, character: 0 };
  const edits = [
    ['insert 1 char', { start: at, end: at }, 'x'],
    ['delete 1 char', { start: at, end: { line: at.line, character: at.character + 1 } }, ''],
    ['new line', { start: at, end: at }, '\n'],
    ['paste 50 lines', { start: next, end: next }, block],
    ['undo paste and new line', { start: at, end: { line: at.line + 51, character: 0 } }, ''],
  ];
  for (let r = 0; r < REPEATS.edits; r++) {
    for (const kind of KINDS) {
      const server = servers[kind];
      for (const [name, range, newText] of edits) {
        const version = ++versions[kind];
        const started = performance.now();
        const published = server.diagnosticsFor(uris[kind], version);
        await server.change(uris[kind], version, range, newText);
        const done = await published;
        record(`didChange (${name}) -> diagnostics`, scope, kind, done === undefined ? undefined : done - started);
      }
    }
  }
  process.stdout.write(`  ${scope} edit kinds done\n`);
}

/** 50 single-character edits 30 ms apart in the middle of the 10k file, then a hover. */
async function typingTest(servers, opened) {
  const { uris, versions, pos } = opened;
  const word = 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx'; // 50 characters
  for (const kind of KINDS) {
    const server = servers[kind];
    const uri = uris[kind];
    const firstVersion = versions[kind] + 1;
    let count = 0;
    const publishedAll = server.diagnostics(
      (e) => e.uri === uri && (kind === 'anchor' ? ++count === word.length : e.version === firstVersion + word.length - 1),
    );
    let lastEdit = 0;
    for (let i = 0; i < word.length; i++) {
      const version = ++versions[kind];
      const at = { line: pos.edit.line, character: pos.edit.character + i };
      await server.change(uri, version, { start: at, end: at }, word[i]);
      lastEdit = performance.now();
      if (i < word.length - 1) await sleep(30);
    }
    const hover = await server.request('textDocument/hover', { textDocument: { uri }, position: pos.runKeyword });
    const final = await publishedAll;
    results.typing[kind] = { hoverMs: hover.ms, lastEditToDiagnosticsMs: final === undefined ? undefined : final - lastEdit };
    // Undo the word.
    const version = ++versions[kind];
    const published = server.diagnosticsFor(uri, version);
    await server.change(uri, version, { start: pos.edit, end: { line: pos.edit.line, character: pos.edit.character + word.length } }, '');
    await published;
    process.stdout.write(`  typing test ${kind}: hover ${fmt(hover.ms)}, last edit -> diagnostics ${fmt(results.typing[kind].lastEditToDiagnosticsMs)}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// The stagecraft command (dist/cli.js): `lint` over the corpus in one process, and in one process per
// file (as a pre-commit hook on one changed file runs it). Wall time from spawn to exit (Node's start
// included), peak resident memory from inside the process (bench/peak-probe.cjs).

const cliPath = join(root, 'dist', 'cli.js');

function runLint(names) {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-bench-cli-'));
  const peakFile = join(dir, 'peak');
  const args = ['--require', join(root, 'bench', 'peak-probe.cjs'), cliPath, 'lint', '--format', 'json', '--fail-on', 'none', ...names];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: corpusDir, env: { ...process.env, BENCH_PEAK_FILE: peakFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const peakMB = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) / 2 ** 20 : undefined;
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0 || !stdoutBytes || peakMB === undefined) reject(new Error(`stagecraft lint exited ${code} (${stdoutBytes} bytes out): ${stderr}`));
      else resolve({ ms, peakMB });
    });
  });
}

async function cliRuns() {
  const names = corpus.map((file) => file.name);
  const whole = `corpus (${names.length} files)`;
  const wholePeaks = [];
  await runLint(names.slice(0, 1)); // warm-up (not measured): the OS file cache
  for (let r = 0; r < REPEATS.corpus; r++) {
    const { ms, peakMB } = await runLint(names);
    record('`stagecraft lint`, all files in one process: wall time', whole, 'ours', ms);
    record('`stagecraft lint`, all files in one process: wall time per file', whole, 'ours', ms / names.length);
    wholePeaks.push(peakMB);
  }
  // One process per file: every file in a full run, every 10th in a quick one.
  const single = quick ? names.filter((_, i) => i % 10 === 0) : names;
  const singlePeaks = [];
  for (const name of single) {
    const { ms, peakMB } = await runLint([name]);
    record('`stagecraft lint`, one process per file: wall time', `corpus, ${single.length} files`, 'ours', ms);
    singlePeaks.push(peakMB);
  }
  results.cli = { files: names.length, wholePeakMB: Math.max(...wholePeaks), singleFiles: single.length, singlePeakMB: stats(singlePeaks) };
  process.stdout.write(`  cli: ${REPEATS.corpus} whole-corpus runs, ${single.length} single-file runs\n`);
}

// ---------------------------------------------------------------------------------------------
// Report.

function fmt(ms) {
  if (ms === undefined) return 'timeout';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const fmtRatio = (r) => (r === undefined ? '–' : r.toFixed(r < 0.1 ? 3 : 2));

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model?.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    repeats: REPEATS,
    anchor: SERVERS.anchor.label,
    // `npm run bench` measures the bundle the .vsix ships (minified); a development build has a source map.
    build: readFileSync(SERVER_JS, 'utf8').includes('//# sourceMappingURL=') ? 'development' : 'production',
  };
}

function report() {
  const rows = [];
  for (const [op, scopes] of Object.entries(samples)) {
    for (const [scope, byKind] of Object.entries(scopes)) {
      const ours = stats(byKind.ours);
      const anchor = stats(byKind.anchor);
      const row = { op, scope, ours, anchor, ratioMedian: ratio(ours.median, anchor.median), ratioP95: ratio(ours.p95, anchor.p95) };
      rows.push(row);
    }
  }
  results.rows = rows;
  results.machine = machine();
  const cell = (s) =>
    s.median === undefined ? `timeout (${s.timeouts}/${s.n})` : `${fmt(s.median)} / ${fmt(s.p95)}${s.timeouts ? ` (${s.timeouts} timeouts)` : ''}`;
  const m = results.machine;
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}; ${m.date.slice(0, 16).replace('T', ' ')} UTC; ${m.mode} run. Stagecraft: ${m.build} build. Anchor: ${m.anchor}.`,
    '',
    '| operation | input | Stagecraft median / p95 | anchor median / p95 | ratio median | ratio p95 |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.op} | ${r.scope} | ${cell(r.ours)} | ${r.anchor.n ? cell(r.anchor) : 'not offered'} | ${fmtRatio(r.ratioMedian)} | ${fmtRatio(r.ratioP95)} |`,
    ),
  ];
  const t = results.typing;
  if (t.ours || t.anchor) {
    lines.push(
      `| typing: hover after 50 edits (30 ms apart) | 10k lines | ${fmt(t.ours?.hoverMs)} | ${fmt(t.anchor?.hoverMs)} | ${fmtRatio(ratio(t.ours?.hoverMs, t.anchor?.hoverMs))} | |`,
    );
    lines.push(
      `| typing: last edit -> final diagnostics | 10k lines | ${fmt(t.ours?.lastEditToDiagnosticsMs)} | ${fmt(t.anchor?.lastEditToDiagnosticsMs)} | ${fmtRatio(ratio(t.ours?.lastEditToDiagnosticsMs, t.anchor?.lastEditToDiagnosticsMs))} | |`,
    );
  }
  const mem = results.memory;
  if (mem.ours || mem.anchor) {
    const mb = (m, when, key) => (m ? `${m[when][key].toFixed(0)} MB` : 'not measured');
    const r = (when, key) => (mem.ours && mem.anchor ? fmtRatio(mem.ours[when][key] / mem.anchor[when][key]) : '–');
    const open = 'corpus + 1k + 10k + 50k';
    lines.push(
      `| memory with everything open, busy (right after the last edit): VmRSS | ${open} | ${mb(mem.ours, 'busy', 'rssMB')} | ${mb(mem.anchor, 'busy', 'rssMB')} | ${r('busy', 'rssMB')} | |`,
    );
    lines.push(
      `| memory with everything open, at rest (after ${QUIET_SPELL_MS / 1000} s quiet): VmRSS | ${open} | ${mb(mem.ours, 'rest', 'rssMB')} | ${mb(mem.anchor, 'rest', 'rssMB')} | ${r('rest', 'rssMB')} | |`,
    );
    lines.push(`| memory: peak (VmHWM) | ${open} | ${mb(mem.ours, 'rest', 'peakMB')} | ${mb(mem.anchor, 'rest', 'peakMB')} | ${r('rest', 'peakMB')} | |`);
  }
  const c = results.cli;
  if (c) {
    lines.push(
      `| \`stagecraft lint\`, all files in one process: peak memory (maxRSS) | corpus (${c.files} files) | ${c.wholePeakMB.toFixed(0)} MB | no CLI | | |`,
    );
    lines.push(
      `| \`stagecraft lint\`, one process per file: peak memory (maxRSS) median / max | corpus, ${c.singleFiles} files | ${c.singlePeakMB.median.toFixed(0)} MB / ${c.singlePeakMB.max.toFixed(0)} MB | no CLI | | |`,
    );
  }
  lines.push(
    '',
    'semanticTokens: not offered by Stagecraft, so not measured. codeLens: the anchor offers none. `stagecraft lint`: the anchor has no command line; wall times include starting Node.',
    '',
  );
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const suffix = quick ? '-quick' : '';
  writeFileSync(join(dir, `latest${suffix}.json`), JSON.stringify({ ...results, samples }, null, 2) + '\n');
  writeFileSync(join(dir, `latest${suffix}.md`), lines.join('\n'));
  process.stdout.write(`\n${lines.join('\n')}\nwrote bench/results/latest${suffix}.{json,md}\n`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(SERVER_JS)) {
    console.error('dist/server.js is missing: run `npm run build` first (npm run bench does).');
    process.exit(2);
  }
  const wants = (part) => !only || only.includes(part);
  process.stdout.write(`bench (${quick ? 'quick' : 'full'}): ${corpus.length} corpus files, 1k/10k/50k files\n`);
  if (wants('cli')) await cliRuns(); // first, with no server process around
  if (only?.every((part) => part === 'cli')) return report();
  if (wants('cold')) await coldStarts();
  const servers = { ours: new Server('ours'), anchor: new Server('anchor') };
  for (const kind of KINDS) await servers[kind].start();
  if (wants('corpus')) await corpusOpens(servers);
  for (const file of large) {
    if (!wants(file.size) && !(file.size === '10k' && (wants('typing') || wants('edits')))) continue;
    const opened = await largeFile(servers, file);
    if (file.size === '10k' && wants('edits')) await editKinds(servers, opened, file.size);
    if (file.size === '10k' && wants('typing')) await typingTest(servers, opened);
  }
  if (only?.includes('memory')) {
    // Memory alone (--only=memory): everything opened once, each open waiting for its diagnostics.
    for (const kind of KINDS) {
      for (const file of [...corpus, ...large]) await openAndWait(servers[kind], freshUri(file.name ?? `large_${file.size}.Dockerfile`), file.text);
    }
  }
  if (!only || only.includes('memory')) {
    // Busy: right after the last work; at rest: after a quiet spell (our idle collection runs after
    // 4 s of quiet); peak: the most either process ever held (VmHWM).
    for (const kind of KINDS) results.memory[kind] = { busy: servers[kind].memory() };
    await sleep(QUIET_SPELL_MS);
    for (const kind of KINDS) results.memory[kind].rest = servers[kind].memory();
  }
  if (process.env.BENCH_HOLD) {
    process.stdout.write(`holding: our server is pid ${servers.ours?.child.pid}; press Enter\n`);
    await new Promise((r) => process.stdin.once('data', r));
  }
  for (const kind of KINDS) await servers[kind].stop();
  report();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
