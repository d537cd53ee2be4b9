/**
 * Spawns the built server (`dist/server.js --stdio`, as another editor would) and talks real LSP
 * over its stdin/stdout. Run `node esbuild.mjs` first (npm test does).
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { stopServer } from '../helpers/stopServer';
import type { Diagnostic } from 'vscode-languageserver';

const root = join(__dirname, '..', '..');
const serverPath = join(root, 'dist', 'server.js');
// A real folder: the server reads the .dockerignore next to a file: Dockerfile (own folder per run).
const folder = mkdtempSync(join(tmpdir(), 'stagecraft-protocol-'));
const dockerignore = join(folder, '.dockerignore');
writeFileSync(dockerignore, '.git\n');
const uri = pathToFileURL(join(folder, 'Dockerfile')).href;
const folderUri = pathToFileURL(folder).href;
/** The scopeUri of every settings item the server asked for. */
const configurationScopes: string[] = [];
const text = [
  '# syntax=docker/dockerfile:1',
  'ARG GO_VERSION=1.22',
  'FROM golang:${GO_VERSION} AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /out/app .',
  '',
  'FROM scratch',
  'COPY --from=build /out/app /app',
  'USER 65532:65532',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

let server: ChildProcess;
let connection: MessageConnection;
let stderr = '';
const published: { uri: string; version?: number; diagnostics: { message: string; source?: string; code?: unknown; range: { start: { line: number } } }[] }[] =
  [];
/** Pending waits: each returns true once satisfied and is then removed. */
const waiters: (() => boolean)[] = [];

function nextDiagnostics(predicate: (p: (typeof published)[number]) => boolean, timeoutMs = 10_000) {
  return new Promise<(typeof published)[number]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics in ${timeoutMs} ms; got ${JSON.stringify(published)}`)), timeoutMs);
    const check = () => {
      const found = published.find(predicate);
      if (found) {
        clearTimeout(timer);
        resolve(found);
        return true;
      }
      return false;
    };
    if (!check()) waiters.push(check);
  });
}

before(async () => {
  assert.ok(existsSync(serverPath), 'dist/server.js is missing: run `node esbuild.mjs`');
  server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    published.push(params);
    for (const waiter of waiters.splice(0)) if (!waiter()) waiters.push(waiter);
  });
  connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => {
    for (const item of params.items) configurationScopes.push(item.scopeUri ?? '');
    return params.items.map(() => ({ buildArgs: {} }));
  });
  connection.onRequest('workspace/workspaceFolders', () => [{ uri: folderUri, name: 'folder' }]);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
});

after(async () => {
  await stopServer(connection, server);
  rmSync(folder, { recursive: true, force: true });
});

test('initialize answers with the server name and capabilities', async () => {
  const result = await connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: [{ uri: folderUri, name: 'folder' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  assert.equal(result.serverInfo.name, 'stagecraft-language-server');
  for (const capability of ['hoverProvider', 'documentSymbolProvider', 'completionProvider', 'foldingRangeProvider', 'codeActionProvider']) {
    assert.ok(result.capabilities[capability], `missing ${capability}`);
  }
  await connection.sendNotification('initialized', {});
});

test('didOpen publishes diagnostics with the document version', async () => {
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const diagnostics = await nextDiagnostics((p) => p.uri === uri && p.version === 1);
  assert.deepEqual(diagnostics.diagnostics, [], `a valid Dockerfile got diagnostics: ${JSON.stringify(diagnostics.diagnostics)}`);
});

test('settings are asked once per workspace folder, and again when the folders change', async () => {
  const second = pathToFileURL(join(folder, 'Dockerfile.dev')).href;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: second, languageId: 'dockerfile', version: 1, text } });
  await nextDiagnostics((p) => p.uri === second && p.version === 1);
  assert.deepEqual(configurationScopes, [folderUri], 'two documents of one folder: one question, for the folder');
  const count = published.length;
  await connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [] } });
  await nextDiagnostics((p) => published.indexOf(p) >= count && p.uri === second); // open documents are validated again
  assert.deepEqual(configurationScopes, [folderUri, folderUri]);
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri: second } });
});

test('documentSymbol answers for the open document', async () => {
  const symbols = await connection.sendRequest<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(symbols) && symbols.length > 0, 'no symbols');
  assert.ok(
    symbols.some((symbol) => symbol.name === 'build'),
    JSON.stringify(symbols),
  );
});

test('hover on FROM answers with documentation', async () => {
  const hover = await connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 2, character: 1 },
  });
  assert.ok(hover && JSON.stringify(hover.contents).length > 20, JSON.stringify(hover));
});

test('documentSymbol is a stage outline; stagecraft/buildPlan and codeLens answer from the same model', async () => {
  const symbols = await connection.sendRequest<{ name: string; children?: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['# syntax', 'GO_VERSION', 'build', 'stage 1'],
  );
  const plan = await connection.sendRequest<{ target: number; buildkit: number[]; stages: { label: string }[] }>('stagecraft/buildPlan', {
    uri,
    target: 'build',
  });
  assert.deepEqual([plan.target, plan.buildkit, plan.stages.map((s) => s.label)], [0, [0], ['build', 'stage 1']]);
  const lenses = await connection.sendRequest<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.ok(
    lenses.some((l) => l.command.title === 'Build target build'),
    JSON.stringify(lenses),
  );
});

test('stagecraft/buildPlan carries the schedule: BuildKit groups, classic order, critical path', async () => {
  const plan = await connection.sendRequest<{ groups: { buildkit: number[][]; classic: number[][] }; criticalPath: number[] }>('stagecraft/buildPlan', { uri });
  assert.deepEqual([plan.groups, plan.criticalPath], [{ buildkit: [[0], [1]], classic: [[0], [1]] }, [0, 1]]);
});

test("stagecraft/buildResult: the last build of a target shows in its stage's lens; bad notifications are ignored", async () => {
  await connection.sendNotification('stagecraft/buildResult', { uri, target: 'nope', ok: 'yes', finishedAt: 'now' });
  await connection.sendNotification('stagecraft/buildResult', { uri, target: 'BUILD', ok: true, finishedAt: Date.now() - 125_000, sizeBytes: 4_460_544 });
  await connection.sendNotification('stagecraft/buildResult', { uri, ok: false, finishedAt: Date.now(), failedLine: 8 });
  const lenses = await connection.sendRequest<{ range: { start: { line: number } }; command: { title: string } }[]>('textDocument/codeLens', {
    textDocument: { uri },
  });
  const results = lenses.filter((l) => /^built|^build failed/.test(l.command.title)).map((l) => `${l.range.start.line}: ${l.command.title}`);
  assert.deepEqual(results, ['2: built 2 min ago · 4.5 MB', '7: build failed just now at line 9']);
});

test("stagecraft/builderChanged: the folder's lenses, stage hovers and plans describe the builder the client names, and why", async () => {
  const summaries = async () =>
    (await connection.sendRequest<{ command: { title: string; command: string } }[]>('textDocument/codeLens', { textDocument: { uri } }))
      .filter((l) => !l.command.command && !/^built|^build failed|^build context:/.test(l.command.title))
      .map((l) => l.command.title);
  const stageHover = async () =>
    JSON.stringify(
      (await connection.sendRequest<{ contents: unknown }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 30 } })).contents,
    );
  assert.deepEqual(await summaries(), ['BuildKit builds 1 of 2 stages', 'needs build · BuildKit builds 2 of 2 stages'], 'no report: BuildKit');
  await connection.sendNotification('stagecraft/builderChanged', { folderUri: 'file:///another/folder', builder: 'classic', reason: 'elsewhere' });
  await connection.sendNotification('stagecraft/builderChanged', { folderUri, builder: 'kaniko', reason: 'a malformed report is ignored' });
  await connection.sendNotification('stagecraft/builderChanged', { folderUri, builder: 'classic', reason: 'this docker CLI (28.2.2) has no buildx' });
  assert.deepEqual(await summaries(), [
    'classic builder builds 1 of 2 stages: this docker CLI (28.2.2) has no buildx',
    'classic builder builds 2 of 2 stages: this docker CLI (28.2.2) has no buildx',
  ]);
  assert.match(await stageHover(), /Builds here use the classic builder \(this docker CLI \(28\.2\.2\) has no buildx\)/);
  const plan = await connection.sendRequest<{ builder: unknown }>('stagecraft/buildPlan', { uri });
  assert.deepEqual(plan.builder, { kind: 'classic', reason: 'this docker CLI (28.2.2) has no buildx', source: 'client' });
  await connection.sendNotification('stagecraft/builderChanged', { folderUri, builder: 'buildkit', reason: "docker 28.2.2's default, through buildx" });
  assert.deepEqual(await summaries(), ['BuildKit builds 1 of 2 stages', 'needs build · BuildKit builds 2 of 2 stages']);
  assert.doesNotMatch(await stageHover(), /classic builder \(/);
});

test("stagecraft/layerHistory: a build's history becomes inlay hints beside the instructions; bad notifications are ignored", async () => {
  await connection.sendNotification('stagecraft/layerHistory', { uri, tag: 'app', builder: 'kaniko', finishedAt: 1, size: 1, history: [] });
  const history = [
    { createdBy: 'ENTRYPOINT ["/app"]', size: 0 },
    { createdBy: 'USER 65532:65532', size: 0 },
    { createdBy: 'COPY /out/app /app # buildkit', size: 4_460_544 },
  ];
  await connection.sendNotification('stagecraft/layerHistory', {
    uri,
    tag: 'app',
    builder: 'buildkit',
    finishedAt: Date.now(),
    size: 4_460_544,
    history,
    baseHistory: [],
  });
  const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
  const hints = await connection.sendRequest<{ position: { line: number }; label: string }[]>('textDocument/inlayHint', { textDocument: { uri }, range });
  assert.deepEqual(
    hints.map((hint) => `${hint.position.line}: ${hint.label}`),
    ['7: base 0 B · image 4.5 MB', '8: 4.5 MB'],
  );
});

test('stage names like `constructor` and `__proto__`: every diagnostic is published, plans and lenses answer', async () => {
  // Issue #21: a plain object keyed by stage names made `constructor` reserved (and the retired baseline throw).
  const hostile = pathToFileURL(join(folder, 'hostile.Dockerfile')).href;
  const hostileText =
    'FROM alpine:3.20 AS constructor\nRUNN true\nFROM alpine:3.20 AS Constructor\nFROM constructor AS __proto__\nCOPY --from=construtcor / /\n';
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: hostile, languageId: 'dockerfile', version: 1, text: hostileText } });
  const opened = await nextDiagnostics((p) => p.uri === hostile && p.version === 1);
  const lines = (opened.diagnostics as unknown as Diagnostic[]).map((d) => `${d.range.start.line} ${d.code}: ${d.message}`);
  const has = (pattern: RegExp) =>
    assert.ok(
      lines.some((l) => pattern.test(l)),
      `${pattern} in ${JSON.stringify(lines, null, 1)}`,
    );
  has(/^1 syntax: unknown instruction: RUNN \(did you mean RUN\?\)$/);
  has(/^3 syntax: invalid name for build stage: "__proto__"/); // BuildKit refuses the name
  has(/^2 duplicate-stage-name: Duplicate stage name "constructor", stage names should be unique$/);
  has(/^4 unknown-stage: .*Did you mean `constructor`\?$/);
  assert.ok(!lines.some((l) => /reserved-stage-name/.test(l)), JSON.stringify(lines));
  const plan = await connection.sendRequest<{ target: number; buildkit: number[] }>('stagecraft/buildPlan', { uri: hostile, target: '__proto__' });
  assert.deepEqual([plan.target, plan.buildkit], [2, [1, 2]]); // FROM constructor reads the latest stage of that name
  const lenses = await connection.sendRequest<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: hostile } });
  assert.ok(
    lenses.some((l) => l.command.title === 'Build target constructor'),
    JSON.stringify(lenses),
  );
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri: hostile } });
});

test('a broken edit gets an error tied to the new version, and a hover right after it is answered', async () => {
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } }, text: 'EXPOSE' }],
  });
  const hover = await connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 2, character: 1 },
  });
  assert.ok(hover, 'hover after an edit must be answered');
  const diagnostics = await nextDiagnostics((p) => p.uri === uri && p.version === 2);
  assert.equal(diagnostics.diagnostics.length, 1, JSON.stringify(diagnostics.diagnostics));
  assert.equal(diagnostics.diagnostics[0].source, 'stagecraft');
  assert.match(diagnostics.diagnostics[0].message, /argument/i);
});

test('on a 10k-line file, an edit gets the diagnostics of its version and a hover right after it is answered', async () => {
  const large = 'file:///tmp/stagecraft-protocol/large.Dockerfile';
  const text10k = readFileSync(join(root, 'test', 'corpus', 'large', 'large_10k.Dockerfile'), 'utf8');
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: large, languageId: 'dockerfile', version: 1, text: text10k } });
  await nextDiagnostics((p) => p.uri === large && p.version === 1, 60_000);
  const symbols = await connection.sendRequest<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: large } });
  assert.ok(symbols.length > 500);
  // A typo before the first FROM: BuildKit would stop there (unknown instruction), and so do we.
  const validated = nextDiagnostics((p) => p.uri === large && p.version === 2, 60_000);
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: large, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'FORM alpine\n' }],
  });
  const fromLine = text10k.split('\n').findIndex((line) => line.startsWith('FROM ')) + 1; // one line was inserted above
  const hover = await connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', {
    textDocument: { uri: large },
    position: { line: fromLine, character: 1 },
  });
  assert.ok(hover, 'hover on FROM after an edit must be answered');
  const published = await validated;
  assert.ok(
    published.diagnostics.some((d) => d.range.start.line === 0 && d.code === 'syntax' && /unknown instruction: FORM/.test(d.message)),
    JSON.stringify(published.diagnostics.slice(0, 3)),
  );
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri: large } });
});

test('a quiet server runs one full collection when its heap grew; never while edits come', async () => {
  type Memory = { heapUsedMB: number; heapHeldMB: number; baselineMB: number; baselineHeldMB: number; idleCollections: number; idleCollectMs: number };
  const memory = async () => (await connection.sendRequest<{ memory: Memory }>('stagecraft/serverStatus')).memory;
  const large = 'file:///tmp/stagecraft-protocol/idle.Dockerfile';
  const text10k = readFileSync(join(root, 'test', 'corpus', 'large', 'large_10k.Dockerfile'), 'utf8');
  const before = (await memory()).idleCollections;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: large, languageId: 'dockerfile', version: 1, text: text10k } });
  await nextDiagnostics((p) => p.uri === large && p.version === 1, 60_000);
  // Typing near the top: an edit every 200 ms for 3 s, each validated (a new line moves the instructions below it:
  // garbage enough to pass the collector's threshold). No quiet spell, so no collection.
  for (let version = 2; version <= 16; version++) {
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: large, version },
      contentChanges: [{ range: { start: { line: 100, character: 0 }, end: { line: 100, character: 0 } }, text: version % 2 ? '\n' : '#' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await nextDiagnostics((p) => p.uri === large && p.version === 16, 60_000);
  assert.equal((await memory()).idleCollections, before, 'a full collection ran while edits were coming');
  // The corpus files opened one after the other until the heap in use, or the heap V8 holds, has
  // grown past the collector's threshold (24 MB) since its last collection: their models are kept
  // (within the cache's budget), so the growth does not hang on when V8 collects. Then closed: what
  // they held is garbage for the quiet collection.
  // With a margin over it: V8 may collect part of the garbage on its own before the quiet spell ends
  // (a CI run saw the heap in use fall from 28 to 18 MB over the last collection, and none was then due).
  const grown = (m: Memory) => m.heapUsedMB >= m.baselineMB + 40 || m.heapHeldMB >= m.baselineHeldMB + 32;
  const corpusDir = join(root, 'test', 'corpus', 'files');
  const opened: string[] = [];
  let busy = await memory();
  for (const name of readdirSync(corpusDir).filter((n) => !n.startsWith('.'))) {
    if (grown(busy)) break;
    const uri = `file:///tmp/stagecraft-protocol/idle-corpus/${name}`;
    opened.push(uri);
    const checked = nextDiagnostics((p) => p.uri === uri, 60_000);
    const text = readFileSync(join(corpusDir, name), 'utf8');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await checked;
    busy = await memory();
  }
  assert.ok(grown(busy), `the heap did not grow: ${JSON.stringify(busy)} after ${opened.length} files`);
  console.log(`    grown after ${opened.length} corpus files: ${JSON.stringify(busy)}`);
  for (const uri of opened) await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // Quiet: within seconds, one collection, and less heap in use than right after the work.
  let quiet = busy;
  // The collection comes after 4 s of quiet, later when the event loop was still busy: up to 20 s.
  for (let waited = 0; waited < 20_000 && quiet.idleCollections === before; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    quiet = await memory();
  }
  console.log(
    `    idle collection: heap in use ${busy.heapUsedMB} -> ${quiet.heapUsedMB} MB, held ${busy.heapHeldMB} -> ${quiet.heapHeldMB} MB (${quiet.idleCollectMs} ms in ${quiet.idleCollections} collection(s) so far)`,
  );
  assert.equal(quiet.idleCollections, before + 1);
  assert.ok(
    quiet.heapUsedMB < busy.heapUsedMB || quiet.heapHeldMB < busy.heapHeldMB,
    `heap in use ${busy.heapUsedMB} -> ${quiet.heapUsedMB} MB, held ${busy.heapHeldMB} -> ${quiet.heapHeldMB} MB`,
  );
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri: large } });
});

test('a deleted or created .dockerignore is read again after workspace/didChangeWatchedFiles', async () => {
  const hasIgnoreDiagnostic = (p: (typeof published)[number]) => p.diagnostics.some((d) => (d as { code?: unknown }).code === 'dockerignore');
  let count = published.length;
  unlinkSync(dockerignore);
  await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(dockerignore).href, type: 3 }] });
  const missing = await nextDiagnostics((p) => published.indexOf(p) >= count && p.uri === uri && hasIgnoreDiagnostic(p));
  assert.match(JSON.stringify(missing.diagnostics), /no \.dockerignore/);
  count = published.length;
  writeFileSync(dockerignore, '.git\n');
  await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(dockerignore).href, type: 1 }] });
  const restored = await nextDiagnostics((p) => published.indexOf(p) >= count && p.uri === uri);
  assert.ok(!hasIgnoreDiagnostic(restored), JSON.stringify(restored.diagnostics));
});

test('closing the document clears its diagnostics', async () => {
  const count = published.length;
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const cleared = await nextDiagnostics((p) => published.indexOf(p) >= count && p.uri === uri);
  assert.deepEqual(cleared.diagnostics, []);
});

test('requests for documents that are not open answer empty, and the server stays up', async () => {
  const symbols = await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere/Dockerfile' } });
  assert.deepEqual(symbols, []);
  assert.equal(server.exitCode, null, stderr);
});

test('the server prints usage and exits 2 without a transport flag', () => {
  const result = spawnSync(process.execPath, [serverPath], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--stdio/);
});
