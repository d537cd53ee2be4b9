import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const DOCUMENT_SELECTOR = [{ language: 'dockerfile' }];

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  // The server reads the .dockerignore of each Dockerfile's folder for its rules: tell it when one
  // is created, changed or deleted, so the diagnostics follow without an edit of the Dockerfile.
  const dockerignoreWatcher = vscode.workspace.createFileSystemWatcher('**/{.dockerignore,*.dockerignore}');
  context.subscriptions.push(dockerignoreWatcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Settings are pulled by the server per document (workspace/configuration); this only
    // tells it when `stagecraft.*` changed.
    synchronize: { configurationSection: 'stagecraft', fileEvents: dockerignoreWatcher },
    outputChannelName: 'Stagecraft',
  };
  // The `stagecraft.trace.server` setting is read by the client library from `<id>.trace.server`.
  return new LanguageClient('stagecraft', 'Stagecraft Language Server', serverOptions, clientOptions);
}
