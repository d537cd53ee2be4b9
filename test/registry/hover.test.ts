/**
 * The language server (bundled from source into a temp folder, spawned over stdio like any editor
 * would) hovering FROM images of a real registry on 127.0.0.1: the first hover answers without
 * waiting for the registry, a later one shows the fetched figure, a restarted server has it from
 * its disk cache. Hover latencies are measured and printed (not asserted).
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { pushImage, putManifest, startRegistry, stopAll, type RunningRegistry } from './harness';

const root = join(__dirname, '..', '..');
let dir: string;
let registry: RunningRegistry;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stagecraft-hover-'));
  await esbuild.build({
    entryPoints: [join(root, 'server', 'src', 'server.ts')],
    outfile: join(dir, 'server.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'warning',
    define: { STAGECRAFT_VERSION: '"test"' },
    // As esbuild.mjs: jsonc-parser's UMD main cannot be bundled, its ES module build can.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
  registry = await startRegistry();
  const pushed = await pushImage(registry.host, 'test/app', { layerSizes: [5000, 2500], tag: '1' });
  // The same manifest under 15 more tags: images the latency measurement has never seen.
  const manifest = await fetch(`http://${registry.host}/v2/test/app/manifests/1`, { headers: { accept: pushed.mediaType } }).then((r) => r.text());
  for (let i = 0; i < 15; i++) await putManifest(registry.host, 'test/app', `fresh-${i}`, JSON.parse(manifest));
});

after(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

interface Server {
  connection: MessageConnection;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(settings: object): Promise<Server> {
  const child = spawn(process.execPath, [join(dir, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('textDocument/publishDiagnostics', () => undefined);
  connection.listen();
  // A server that dies (a broken bundle) fails the test instead of leaving its requests unanswered.
  let stopping = false;
  child.once('exit', (code) => {
    if (!stopping) connection.dispose();
    if (!stopping) console.error(`    the server exited unasked (code ${code})`);
  });
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { storagePath: join(dir, 'storage') },
  });
  connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    async stop() {
      stopping = true;
      await connection.sendRequest('shutdown');
      connection.sendNotification('exit');
      await new Promise((resolve) => child.once('exit', resolve));
      connection.dispose();
    },
  };
}

async function hover(server: Server, uri: string, line = 0, character = 8): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  const result = await server.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line, character },
  });
  return { text: result?.contents.value ?? '', ms: performance.now() - started };
}

function open(server: Server, uri: string, text: string): void {
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

test('over LSP: the first hover answers at once, a later one shows the registry figure, a restarted server has it from disk', async () => {
  const settings = { imageSizes: { offline: false }, docker: { path: '/nonexistent/docker' } };
  const server = await startServer(settings);
  const uri = 'file:///tmp/stagecraft-hover/Dockerfile';
  const image = `${registry.host}/test/app:1`;
  open(server, uri, `FROM ${image}\nRUN true\n`);

  const cold = await hover(server, uri);
  assert.match(cold.text, new RegExp(`Registry ${registry.host.replace(/\./g, '\\.')}: looking up; hover again to see it`));
  const lookupStarted = performance.now();
  let warm = cold;
  while (!warm.text.includes('registry 127.0.0.1')) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    warm = await hover(server, uri);
  }
  const lookupMs = performance.now() - lookupStarted;
  assert.match(warm.text, /\*\*7\.5 kB compressed\*\* \(linux\/amd64, 2 layers\) — registry 127\.0\.0\.1:\d+, fetched just now/);

  // Latency, on one parsed document with 15 images never seen: each first hover is a cache miss (the
  // catalog answers, a lookup starts); once the lookups are done, the same hovers are cache hits.
  // A pause before each sample lets work a miss started run outside the next measurement.
  const freshUri = 'file:///tmp/stagecraft-hover/fresh/Dockerfile';
  open(server, freshUri, Array.from({ length: 15 }, (_, i) => `FROM ${registry.host}/test/app:fresh-${i} AS s${i}`).join('\n'));
  await hover(server, freshUri, 0, 0); // the first request on a document parses it
  const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
  const fresh: number[] = [];
  for (let i = 0; i < 15; i++) {
    await pause();
    const result = await hover(server, freshUri, i, 8);
    assert.match(result.text, /looking up/);
    fresh.push(result.ms);
  }
  for (let i = 0; i < 15; i++) {
    while (!(await hover(server, freshUri, i, 8)).text.includes('7.5 kB compressed')) await pause();
  }
  const hits: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 15; i++) {
      await pause();
      const result = await hover(server, freshUri, i, 8);
      assert.match(result.text, /\*\*7\.5 kB compressed\*\*/);
      hits.push(result.ms);
    }
  }
  console.log(
    `    hover latency over LSP (median): cache miss ${ms(median(fresh))} (n=15), cache hit ${ms(median(hits))} (n=30); background registry lookup done after ${ms(lookupMs)}`,
  );
  await server.stop();

  // A new server on the same storage folder, offline: the figure comes from the disk cache.
  const restarted = await startServer({ imageSizes: { offline: true }, docker: { path: '/nonexistent/docker' } });
  open(restarted, uri, `FROM ${image}\nRUN true\n`);
  const fromDisk = await hover(restarted, uri);
  assert.match(fromDisk.text, /\*\*7\.5 kB compressed\*\* .* registry 127\.0\.0\.1:\d+, fetched/);
  console.log(`    first hover of a restarted server (disk cache): ${ms(fromDisk.ms)}`);
  await restarted.stop();
});
