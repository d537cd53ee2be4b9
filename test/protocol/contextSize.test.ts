/**
 * The build context over real LSP, the built server over stdio: editing is answered while a walk of
 * a large context runs (counted: the edit's diagnostics arrive while the server still reports the
 * walk running, and before its answer), the walk's totals, the hover and the lens line from the
 * cached walk, the context folder watched through a dynamic registration, and a watched-file event
 * dropping the walk so the next answer counts the new file. Run `node esbuild.mjs` first.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { stopServer } from '../helpers/stopServer';
import { makeContextFixture } from '../helpers/contextFixture';

const serverPath = join(__dirname, '..', '..', 'dist', 'server.js');
const expected = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'context', 'walk.expected.json'), 'utf8'));
/** Enough small files that the walk takes many turns of the server's event loop. */
const SMALL = 30_000;
const fixture = makeContextFixture(SMALL);
const dockerfile = join(fixture.context, 'Dockerfile');
const uri = pathToFileURL(dockerfile).href;
const text = 'FROM alpine:3.20 AS build\nCOPY . .\nRUN echo hi\n';

interface Result {
  files: number;
  bytes: number;
  complete: boolean;
  summary: string;
}
interface Status {
  contextWalks: { running: number; entries: number; finished: number };
}

let server: ChildProcess;
let connection: MessageConnection;
const published: { uri: string; version?: number }[] = [];
/** The client/registerCapability registrations for watched files. */
const registrations: { id: string; method: string }[] = [];
let refreshes = 0;
const waiters: (() => boolean)[] = [];
const poke = () => {
  for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]()) waiters.splice(i, 1);
};
const until = (predicate: () => boolean, what: string, timeoutMs = 120_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      if (!predicate()) return false;
      clearTimeout(timer);
      resolve();
      return true;
    };
    if (!check()) waiters.push(check);
  });

before(async () => {
  assert.ok(existsSync(serverPath), 'dist/server.js is missing: run `node esbuild.mjs`');
  server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number }) => {
    published.push(params);
    poke();
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', (params: { registrations: { id: string; method: string }[] }) => {
    registrations.push(...params.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles'));
    poke();
    return null;
  });
  connection.onRequest('workspace/codeLens/refresh', () => {
    refreshes++;
    poke();
    return null;
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: {
        configuration: true,
        codeLens: { refreshSupport: true },
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      },
    },
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  await stopServer(connection, server);
  fixture.remove();
});

const status = () => connection.sendRequest<Status>('stagecraft/serverStatus');
const contextSize = () => connection.sendRequest<Result | null>('stagecraft/contextSize', { uri });

test('an edit gets its diagnostics while a walk of a large context runs', async () => {
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  await until(() => published.some((p) => p.uri === uri && p.version === 1), 'diagnostics of the open');
  let answered = false;
  const walk = contextSize().then((result) => {
    answered = true;
    return result;
  });
  await until(() => registrations.length > 0, 'the context folder is watched');
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 2, character: 11 }, end: { line: 2, character: 11 } }, text: '!' }],
  });
  await until(() => published.some((p) => p.uri === uri && p.version === 2), 'diagnostics of the edit');
  const during = await status();
  assert.equal(answered, false, 'the walk had not finished when the edit was answered');
  assert.equal(during.contextWalks.running, 1);
  assert.ok(during.contextWalks.entries < expected.entries + SMALL, `the walk was still counting (${during.contextWalks.entries} entries)`);
  const result = await walk;
  assert.ok(result);
  assert.deepEqual([result.files, result.bytes, result.complete], [expected.files + SMALL, expected.bytes + SMALL * 10, true]);
  assert.deepEqual((await status()).contextWalks, { running: 0, entries: 0, finished: 1 });
  assert.deepEqual(registrations[0], {
    id: registrations[0].id,
    method: 'workspace/didChangeWatchedFiles',
    registerOptions: { watchers: [{ globPattern: { baseUri: pathToFileURL(fixture.context).href, pattern: '**/*' } }] },
  });
});

test('hover on COPY . . and the lens line come from the finished walk; a watched change drops it', async () => {
  const hover = await connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 1, character: 1 },
  });
  assert.match(hover?.contents.value ?? '', new RegExp(`the context holds \\*\\*${(expected.files + SMALL).toLocaleString('en-US')} files, 2\\.3 MB\\*\\*`));
  const lenses = await connection.sendRequest<{ command: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.ok(lenses.some((l) => l.command.title === `build context: ${(expected.files + SMALL).toLocaleString('en-US')} files, 2.3 MB`));
  const before = refreshes;
  writeFileSync(join(fixture.context, 'new.txt'), 'twelve bytes');
  await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(fixture.context, 'new.txt')).href, type: 1 }] });
  await until(() => refreshes > before, 'lenses asked again after the change');
  const again = await contextSize();
  assert.equal(again?.files, expected.files + SMALL + 1);
  assert.equal((await status()).contextWalks.finished, 2);
});
