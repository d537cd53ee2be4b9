/**
 * Ends a language server a protocol test spawned: `shutdown` and `exit` as a client sends them, then
 * SIGKILL if the process is still there after 3 s; the connection is disposed.
 */
import type { ChildProcess } from 'node:child_process';
import type { MessageConnection } from 'vscode-jsonrpc/node';

export async function stopServer(connection: MessageConnection | undefined, server: ChildProcess | undefined): Promise<void> {
  if (connection) {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
  }
  await new Promise<void>((resolve) => {
    if (!server || server.exitCode !== null) return resolve();
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      resolve();
    }, 3000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  connection?.dispose();
}
