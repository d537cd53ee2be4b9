/**
 * A protocol fuzzer against the built server (`dist/server.js --stdio`): random valid and invalid
 * LSP traffic from a seeded generator — edits with ranges outside the document, requests for
 * unknown or closed URIs, positions past the end, cancelled requests, malformed params, wrong
 * settings shapes, names every JavaScript object inherits (`constructor`, `__proto__`, …) as stage
 * and ARG names, targets and settings keys, a flood of edits — then 10,000 open/close cycles. Every
 * request must get a result or a JSON-RPC error, the server must stay up, and its memory must come
 * back near its baseline. FUZZ_RUNS scales the traffic (npm run fuzz).
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { stopServer } from '../helpers/stopServer';

const root = join(__dirname, '..', '..');
const serverPath = join(root, 'dist', 'server.js');
const OPERATIONS = 1500 * Math.max(1, Number(process.env.FUZZ_RUNS ?? 150) / 150);
const corpus = join(root, 'test', 'corpus', 'files');
const samples = readdirSync(corpus)
  .sort()
  .filter((_, i) => i % 9 === 0)
  .map((name) => readFileSync(join(corpus, name), 'utf8'));

let server: ChildProcess;
let connection: MessageConnection;
let stderr = '';
const stats = { requests: 0, results: 0, errors: 0, unanswered: 0, notifications: 0 };
/** What the server logged when a rule threw (it drops that rule's findings and goes on). */
const ruleFailures: string[] = [];

/** Mulberry32: a small seeded PRNG, so a failing run can be replayed with its seed. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The server's live heap (and memory outside it: buffers) after a full collection, from its heap probe. */
async function liveHeap(): Promise<{ heap: number; external: number }> {
  const from = stderr.length;
  server.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 20) {
    const line = /heap-probe: (\d+) (\d+)/.exec(stderr.slice(from));
    if (line) return { heap: Number(line[1]), external: Number(line[2]) };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server's heap probe did not answer; stderr: ${stderr.slice(-500)}`);
}

function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

/** Sends a request; resolves 'result' or 'error' (a JSON-RPC error), or 'unanswered' after the time limit. */
async function ask(method: string, params: unknown, cancel = false): Promise<'result' | 'error' | 'unanswered'> {
  stats.requests++;
  const { CancellationTokenSource } = await import('vscode-jsonrpc');
  const source = new CancellationTokenSource();
  const request = connection.sendRequest(method, params, source.token).then(
    () => 'result' as const,
    (error) => {
      if (error instanceof ResponseError && typeof error.code === 'number') return 'error' as const;
      throw error;
    },
  );
  if (cancel) source.cancel();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'unanswered'>((resolve) => {
    timer = setTimeout(() => resolve('unanswered'), 30_000);
  });
  const outcome = await Promise.race([request, limit]);
  clearTimeout(timer);
  if (outcome === 'result') stats.results++;
  else if (outcome === 'error') stats.errors++;
  else stats.unanswered++;
  return outcome;
}

before(async () => {
  assert.ok(existsSync(serverPath), 'dist/server.js is missing: run `node esbuild.mjs`');
  // The heap probe answers SIGUSR2 with the live heap after a full collection (see the leak test).
  server = spawn(process.execPath, ['--expose-gc', '--require', join(__dirname, 'heap-probe.cjs'), serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  // The last: keys every JavaScript object inherits (issue #21), as JSON sends them (own properties).
  const hostile = JSON.parse(
    '{"buildArgs": {"__proto__": "3.20", "constructor": {"deep": 1}, "toString": "x"}, "diagnostics": {"__proto__": "error", "constructor": "off", "valueOf": "hint"}}',
  );
  const junk = [
    null,
    42,
    'text',
    [],
    { buildArgs: 7, codeLens: 'yes', diagnostics: { 'unknown-stage': 99, nope: 'error' } },
    { buildArgs: { A: { deep: 1 } } },
    hostile,
  ];
  let nth = 0;
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => junk[nth++ % junk.length]));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
  connection.onNotification((method: string, params: unknown) => {
    stats.notifications++;
    const message = (params as { message?: unknown } | null)?.message;
    if (method === 'window/logMessage' && typeof message === 'string' && /^rule \S+ failed/.test(message)) ruleFailures.push(message);
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } },
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  console.log(
    `protocol fuzz: ${stats.requests} requests (${stats.results} results, ${stats.errors} JSON-RPC errors, ${stats.unanswered} unanswered), ${stats.notifications} notifications received; server ${server.exitCode === null ? 'up' : `exited ${server.exitCode}`}`,
  );
  await stopServer(connection, server);
});

/** Names every JavaScript object inherits: as stage and ARG names, `--from` values, targets and new names. */
const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const HOSTILE_FILE = [
  'ARG __proto__=3.20',
  'ARG constructor',
  'FROM alpine:${__proto__} AS constructor',
  'FROM constructor AS __proto__',
  'COPY --from=constructor / /',
  'RUN --mount=from=toString,target=/t echo $valueOf',
  'FROM alpine AS toString',
  'FROM me/constructor:1 AS prototype',
  'COPY --from=__proto__ / /',
  'WORKDIR /$hasOwnProperty',
  '',
].join('\n');

const METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentSymbol',
  'textDocument/codeLens',
  'textDocument/foldingRange',
  'textDocument/formatting',
  'textDocument/rangeFormatting',
  'textDocument/rename',
  'textDocument/prepareRename',
  'textDocument/codeAction',
  'textDocument/documentHighlight',
  'textDocument/documentLink',
  'textDocument/signatureHelp',
  'textDocument/onTypeFormatting',
  'stagecraft/buildPlan',
  'completionItem/resolve',
  'documentLink/resolve',
  'workspace/executeCommand',
  'stagecraft/noSuchMethod',
];

test(`random valid and invalid traffic (seeded): every request answered, the server stays up`, async () => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261126);
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const int = (max: number) => Math.floor(random() * max);
  const uris = [
    'file:///fuzz/a/Dockerfile',
    'file:///fuzz/b/Dockerfile',
    'file:///fuzz/c.dockerfile',
    'untitled:Untitled-1',
    'file:///fuzz/%E2%9C%93/Dockerfile',
    'vscode-notebook-cell:/x#y',
  ];
  const versions = new Map<string, number>();
  const position = () =>
    pick([
      { line: int(40), character: int(80) },
      { line: -1, character: 0 },
      { line: 1e9, character: 1e9 },
      { line: int(5), character: -5 },
      { line: 0.5, character: 'x' },
    ]);
  const range = () => ({ start: position(), end: position() });
  const text = () =>
    pick([
      pick(samples),
      'FROM alpine AS a\nCOPY --from=a / /\n',
      HOSTILE_FILE,
      '',
      '\u0000\uFEFF\r\r\n',
      'RUN <<EOF\n',
      'FROM ' + 'x'.repeat(5000),
      String.fromCharCode(...Array.from({ length: 50 }, () => int(0x2fff))),
    ]);
  for (let i = 0; i < OPERATIONS; i++) {
    const uri = pick(uris);
    const kind = random();
    if (kind < 0.12) {
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text: text() } });
    } else if (kind < 0.35) {
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      const change =
        random() < 0.2
          ? { text: text() }
          : {
              range: range(),
              text: pick([
                '',
                'x',
                '\n',
                'FROM b AS c\n',
                '\\\n',
                '<<EOF\n',
                `FROM alpine AS ${pick(HOSTILE)}\n`,
                `COPY --from=${pick(HOSTILE)} / /\n`,
                `ARG ${pick(HOSTILE)}\n`,
              ]),
            };
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    } else if (kind < 0.42) {
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    } else if (kind < 0.45) {
      await connection.sendNotification('workspace/didChangeConfiguration', { settings: pick([null, {}, { stagecraft: 1 }]) });
    } else {
      const method = pick(METHODS);
      const params = pick<unknown>([
        {
          textDocument: { uri },
          position: position(),
          range: range(),
          context: { diagnostics: [], includeDeclaration: true, triggerKind: 1 },
          options: { tabSize: 4, insertSpaces: true },
          newName: pick(['renamed', '', 'a b', '$(x)', ...HOSTILE]),
          ch: '\\',
          uri,
          target: pick([undefined, 'a', 3, -1, {}, ...HOSTILE]),
          command: pick(['stagecraft.baseline.x', 'nope']),
          arguments: pick([[], [uri], [null, 1]]),
          label: 'x',
        },
        null,
        'params',
        42,
        [],
        { textDocument: null },
        { textDocument: { uri: 12 } },
      ]);
      const outcome = await ask(method, params, random() < 0.1);
      assert.notEqual(
        outcome,
        'unanswered',
        `${method} ${JSON.stringify(params)} got no answer (seed ${seed}, step ${i}); server exit ${server.exitCode}; stderr: ${stderr.slice(-1500)}`,
      );
    }
    if (i % 100 === 0) assert.equal(server.exitCode, null, `the server exited at step ${i} (seed ${seed}): ${stderr.slice(-2000)}`);
  }
  // A flood of 1,000 edits, then a hover: answered, and the server is still up.
  const flood = 'file:///fuzz/flood/Dockerfile';
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: flood, languageId: 'dockerfile', version: 1, text: samples[0] } });
  for (let v = 2; v <= 1001; v++) {
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: flood, version: v },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: v % 2 ? 'x' : '\n' }],
    });
  }
  assert.equal(await ask('textDocument/hover', { textDocument: { uri: flood }, position: { line: 0, character: 1 } }), 'result');
  assert.equal(stats.unanswered, 0);
  assert.equal(server.exitCode, null, stderr.slice(-2000));
  assert.deepEqual(ruleFailures.slice(0, 3), [], `rules threw (seed ${seed})`);
});

test('10,000 open/close cycles: memory returns near its baseline (no per-document leak)', async () => {
  const uri = 'file:///fuzz/cycle/Dockerfile';
  const cycle = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: `${uri}${i % 50}`, languageId: 'dockerfile', version: 1, text: samples[i % samples.length] },
      });
      if (i % 10 === 0) await ask('textDocument/documentSymbol', { textDocument: { uri: `${uri}${i % 50}` } });
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri: `${uri}${i % 50}` } });
    }
    await ask('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }); // drains the queue
    await new Promise((resolve) => setTimeout(resolve, 1500));
  };
  // Rounds of 2,500 cycles. Live heap after a full collection is what a leak grows; resident memory
  // is printed too, but V8 keeps a heap it grew, so it says little about leaks.
  await cycle(500);
  const readings = [await liveHeap()];
  const resident = [rss(server.pid!)];
  for (let round = 0; round < 4; round++) {
    await cycle(2500);
    readings.push(await liveHeap());
    resident.push(rss(server.pid!));
  }
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  console.log(
    `open/close: live heap after 500 cycles then each 2,500 more: ${readings.map((r) => mb(r.heap)).join(' -> ')} MB; outside the heap ${readings.map((r) => mb(r.external)).join(' -> ')} MB (VmRSS ${resident.map(mb).join(' -> ')} MB)`,
  );
  const total = (readings[4].heap - readings[0].heap) / 1048576;
  const lastTwo = (readings[4].heap - readings[2].heap) / 1048576;
  const external = (readings[4].external - readings[0].external) / 1048576;
  assert.ok(external < 8, `memory outside the heap (buffers) grew ${external.toFixed(1)} MB over 10,000 open/close cycles`);
  // Each cycle opens a real Dockerfile (its model alone is tens of KB): one leaked model per cycle
  // would add well over 50 MB per round; a leaked entry per URI (50 of them) stays under a few MB.
  assert.ok(total < 8, `live heap grew ${total.toFixed(1)} MB over 10,000 open/close cycles`);
  assert.ok(lastTwo < 4, `live heap still grew ${lastTwo.toFixed(1)} MB over the last 5,000 cycles`);
  assert.equal(server.exitCode, null);
});
