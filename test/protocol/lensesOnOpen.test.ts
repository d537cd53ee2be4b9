/**
 * Lenses never go missing when a document opens (issue: VS Code showed no lens above any FROM when
 * the walkthrough opened a Dockerfile while the client started). The built server over stdio, as a
 * client that supports `workspace/codeLens/refresh`: a request that overtakes its document's didOpen
 * waits for it, and once a newly opened document's first model exists the server asks for lenses
 * again. Run `node esbuild.mjs` first (npm test does).
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { stopServer } from '../helpers/stopServer';

const serverPath = join(__dirname, '..', '..', 'dist', 'server.js');
const text = 'FROM alpine:3.20 AS base\nRUN echo hi\n\nFROM base AS test\nRUN echo test\n\nFROM base AS final\nCMD ["sh"]\n';

let server: ChildProcess;
let connection: MessageConnection;
/** Every event the client saw, in order: `publish <uri> <version>` and `refresh`. */
const events: string[] = [];
const listeners: (() => void)[] = [];
const changed = () => {
  for (const listener of listeners.splice(0)) listener();
};

/** Resolves once `predicate` holds for the events seen (checked on every new event). */
function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms; events: ${events.join(', ')}`)), timeoutMs);
    const check = () => {
      if (predicate()) {
        clearTimeout(timer);
        resolve();
      } else listeners.push(check);
    };
    check();
  });
}

const open = (uri: string) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
const lenses = (uri: string) =>
  connection.sendRequest<{ range: { start: { line: number } }; command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
const titles = (result: { command: { title: string } }[]) => result.map((lens) => lens.command.title);

before(async () => {
  assert.ok(existsSync(serverPath), 'dist/server.js is missing: run `node esbuild.mjs`');
  server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
    events.push(`publish ${params.uri} ${params.version}`);
    changed();
  });
  connection.onRequest('workspace/codeLens/refresh', () => {
    events.push('refresh');
    changed();
    return null;
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } },
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  await stopServer(connection, server);
});

test('codeLens sent before the didOpen of its document is answered with its lenses', async () => {
  const uri = 'file:///lenses/early/Dockerfile';
  const pending = lenses(uri); // on the wire before the didOpen
  await open(uri);
  const result = await pending;
  assert.deepEqual(titles(result), [
    'Build target base',
    'BuildKit builds 1 of 3 stages',
    'Build target test',
    'skipped by BuildKit for the default target',
    'Build (default target)',
    'Run',
    'needs base · BuildKit builds 2 of 3 stages',
  ]);
});

test('the outline and the build plan sent before the didOpen wait for it too', async () => {
  const uri = 'file:///lenses/outline/Dockerfile';
  const symbols = connection.sendRequest<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const plan = connection.sendRequest<{ buildkit: number[] } | null>('stagecraft/buildPlan', { uri, target: 'test' });
  await open(uri);
  assert.deepEqual(
    (await symbols).map((symbol) => symbol.name),
    ['base', 'test', 'final'],
  );
  assert.deepEqual((await plan)?.buildkit, [0, 1]);
});

test("once a newly opened document's first diagnostics are out, the server asks the client for lenses again", async () => {
  const uri = 'file:///lenses/refresh/Dockerfile';
  await until(() => events.includes('refresh'), 'the earlier opens asked for a refresh'); // settles what came before
  const before = events.length;
  await open(uri);
  await until(() => events.slice(before).includes(`publish ${uri} 1`), 'first diagnostics');
  await until(() => events.slice(events.indexOf(`publish ${uri} 1`)).includes('refresh'), 'a refresh after them');
  // After the refresh the client asks again and gets the lenses.
  assert.ok(titles(await lenses(uri)).includes('Build (default target)'));
});

test('a codeLens for a document closed and opened again, sent before the new didOpen, gets its lenses', async () => {
  // A tab closed and reopened (the walkthrough after a window reload): didClose, then the editor's
  // request, then the didOpen.
  const uri = 'file:///lenses/reopened/Dockerfile';
  await open(uri);
  await until(() => events.includes(`publish ${uri} 1`), 'first diagnostics');
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const pending = lenses(uri);
  await open(uri);
  assert.ok(titles(await pending).includes('Build (default target)'));
});

test('a request for a document closed and not opened again answers with nothing after the wait', async () => {
  const uri = 'file:///lenses/closed/Dockerfile';
  await open(uri);
  await until(() => events.includes(`publish ${uri} 1`), 'first diagnostics');
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual(await lenses(uri), []);
});

test('a request for a document that never opens answers with nothing after the wait', async () => {
  assert.deepEqual(await lenses('file:///lenses/never/Dockerfile'), []);
});
