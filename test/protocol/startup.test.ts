/**
 * What the built server loads before it answers `initialize` (a cold start is spawn to that answer):
 * counted, not timed. Node's http and https are the largest built-ins the server uses (about 10 ms
 * to load), and only the image-size lookups need them: they load on the first lookup.
 * Run `node esbuild.mjs` first (npm test does).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { stopServer } from '../helpers/stopServer';

const root = join(__dirname, '..', '..');

test('the server answers initialize without loading Node’s http and https', async () => {
  const server = spawn(process.execPath, ['--require', join(__dirname, 'module-probe.cjs'), join(root, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.listen();
  const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities?: object };
  assert.ok(result.capabilities, 'initialize has a result');
  await stopServer(connection, server);
  const line = /module-probe: (\[.*\])/.exec(stderr);
  assert.ok(line, `the probe wrote the modules it saw; stderr: ${stderr.slice(-500)}`);
  const loaded: string[] = JSON.parse(line[1]);
  assert.ok(loaded.includes('net'), 'the probe sees the modules the server did load (net, for stdio)');
  assert.deepEqual(
    loaded.filter((name) => name === 'http' || name === 'https'),
    [],
  );
});
