/**
 * The server over each transport VS Code's client and other editors use: stdio (where a result that
 * is JSON already is written as it is, see rawJson.ts) and node IPC (where Node serializes the
 * message itself). The same requests must get the same answers.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

const root = join(__dirname, '..', '..');
const serverPath = join(root, 'dist', 'server.js');
const text = readFileSync(join(root, 'test', 'corpus', 'large', 'large_1k.Dockerfile'), 'utf8');
const uri = 'file:///transports/Dockerfile';

async function session(transport: '--stdio' | '--node-ipc', ask: (connection: MessageConnection) => Promise<unknown>): Promise<unknown> {
  const child = fork(serverPath, [transport], { silent: true });
  child.stderr!.resume();
  const connection =
    transport === '--stdio'
      ? createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
      : createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.onRequest(() => null);
  connection.listen();
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    return await ask(connection);
  } finally {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    await new Promise((resolve) => {
      if (child.exitCode !== null) resolve(undefined);
      else child.once('exit', resolve);
    });
    connection.dispose();
  }
}

test('the outline, a hover and folding are the same over stdio and over node IPC', async () => {
  const ask = async (connection: MessageConnection) => ({
    symbols: await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    // Asked twice: the second answer comes from the JSON kept per stage.
    again: await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    hover: await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }),
    folding: await connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }),
  });
  const stdio = (await session('--stdio', ask)) as { symbols: { name: string; children?: unknown[] }[]; again: unknown };
  const ipc = await session('--node-ipc', ask);
  assert.deepEqual(ipc, stdio);
  assert.deepEqual(stdio.again, stdio.symbols);
  assert.ok(stdio.symbols.length > 10 && stdio.symbols.some((symbol) => (symbol.children?.length ?? 0) > 0), 'a stage outline with children');
});
