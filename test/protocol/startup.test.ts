/**
 * What the built server loads before it answers `initialize` (a cold start is spawn to that answer):
 * counted, not timed. Node's http and https are the largest built-ins the server uses (about 10 ms
 * to load) and only image-size lookups need them; dockerfile-language-service (dist/baseline.js, a
 * quarter of the server's code) serves hovers, completion and formatting, and eemeli/yaml
 * (dist/yaml.js) reads Compose, Dev Container and CI files: they all load on first use.
 * Run `node esbuild.mjs` first (npm test does).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { stopServer } from '../helpers/stopServer';

const root = join(__dirname, '..', '..');
const uri = 'file:///startup/Dockerfile';

/** Starts the built server with the probe, runs `session`, stops it: what it loaded. */
async function loadedBy(session: (send: <R>(method: string, params: object) => Promise<R>, notify: (method: string, params: object) => void) => Promise<void>) {
  const server = spawn(process.execPath, ['--require', join(__dirname, 'module-probe.cjs'), join(root, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr += chunk));
  // The probe writes as the process exits: its line is read once stderr has closed, not at 'exit'.
  const closed = new Promise((resolve) => server.once('close', resolve));
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onRequest(() => null);
  connection.listen();
  const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities?: object };
  assert.ok(result.capabilities, 'initialize has a result');
  await session(
    (method, params) => connection.sendRequest(method, params),
    (method, params) => void connection.sendNotification(method, params),
  );
  await stopServer(connection, server);
  await closed;
  const line = /module-probe: (\{.*\})/.exec(stderr);
  assert.ok(line, `the probe wrote what it saw; stderr: ${stderr.slice(-500)}`);
  const { builtIns, files } = JSON.parse(line[1]) as { builtIns: string[]; files: string[] };
  assert.ok(builtIns.includes('net'), 'the probe sees the built-ins the server did load (net, for stdio)');
  return { builtIns, files: files.map((file) => basename(file)) };
}

test('the server answers initialize without loading Node’s http and https, the baseline library or yaml', async () => {
  const { builtIns, files } = await loadedBy(async () => undefined);
  assert.deepEqual(
    builtIns.filter((name) => name === 'http' || name === 'https'),
    [],
  );
  assert.deepEqual(files, ['server.js']);
});

test('the server bundle turns vscode-languageserver into a namespace object once (server/src/lsp.ts)', () => {
  // esbuild writes `__toESM(require_<module>())` where a module imports values from a CommonJS
  // library; for vscode-languageserver that copies hundreds of exports, at every start.
  const bundle = readFileSync(join(root, 'dist', 'server.js'), 'utf8');
  const library = /var require_api\d*\s*=\s*__commonJS\(\{\s*"node_modules\/vscode-languageserver\/lib\/common\/api\.js"/.exec(bundle);
  assert.ok(library, 'dist/server.js is the development build, whose module names this reads: run `node esbuild.mjs` (npm test does)');
  const name = /var (require_api\d*)/.exec(library[0])![1];
  assert.equal(bundle.split(`__toESM(${name}())`).length - 1, 1);
  // vscode-languageserver/node re-exports all of it again: server.ts alone takes createConnection from it.
  const node = /var (require_main\d*)\s*=\s*__commonJS\(\{\s*"node_modules\/vscode-languageserver\/lib\/node\/main\.js"/.exec(bundle);
  assert.ok(node, 'vscode-languageserver/node in the bundle');
  assert.equal(bundle.split(`__toESM(${node[1]}())`).length - 1, 1);
});

test('a keyword hover loads the baseline library (dist/baseline.js) and answers with its documentation', async () => {
  let hover: { contents?: unknown } | null = null;
  const { files } = await loadedBy(async (send, notify) => {
    notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.20\nWORKDIR /app\n' } });
    hover = await send('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
  });
  assert.deepEqual(files, ['server.js', 'baseline.js']);
  assert.match(JSON.stringify(hover), /WORKDIR/);
});
