/**
 * A language server connection and a client connection joined in memory: the server side is the real
 * `createConnection` of vscode-languageserver, the client side a vscode-jsonrpc connection, so a
 * wiring module can be tested with real LSP messages and no process.
 *
 * Both sides are given message readers, not streams: given streams, vscode-languageserver exits the
 * process when they close. `initialize` must send `processId: null` (a number starts a timer that
 * watches that process and is never cleared).
 */
import { PassThrough } from 'node:stream';
import { createConnection, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import * as rpc from 'vscode-jsonrpc/node';

export interface LspPair {
  server: Connection;
  client: rpc.MessageConnection;
  /** Notifications the client received, by method, in order. */
  received: (method: string) => unknown[];
  /** Requests the server sent the client, answered with `answer(method, params)` (default null). */
  requested: (method: string) => unknown[];
  dispose: () => void;
}

export function lspPair(answer: (method: string, params: unknown) => unknown = () => null): LspPair {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const client = rpc.createMessageConnection(new rpc.StreamMessageReader(toClient), new rpc.StreamMessageWriter(toServer));
  const notifications: { method: string; params: unknown }[] = [];
  const requests: { method: string; params: unknown }[] = [];
  client.onNotification((method: string, params: unknown) => {
    notifications.push({ method, params });
  });
  client.onRequest((method: string, params: unknown) => {
    requests.push({ method, params });
    return answer(method, params);
  });
  client.listen();
  return {
    server,
    client,
    received: (method) => notifications.filter((n) => n.method === method).map((n) => n.params),
    requested: (method) => requests.filter((r) => r.method === method).map((r) => r.params),
    dispose: () => {
      client.dispose();
      server.dispose();
    },
  };
}

/** Resolves when `check()` is true, polling the event loop (a message round trip takes a few turns). */
export async function until(check: () => boolean, what: string, turns = 500): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`gave up waiting for ${what}`);
}
