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
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Settings are pulled by the server per document (workspace/configuration); this only
    // tells it when `stagecraft.*` changed.
    synchronize: { configurationSection: 'stagecraft' },
    outputChannelName: 'Stagecraft',
    // Where the server keeps its image-size cache.
    initializationOptions: { storagePath: context.globalStorageUri.fsPath },
  };
  // The `stagecraft.trace.server` setting is read by the client library from `<id>.trace.server`.
  return new LanguageClient('stagecraft', 'Stagecraft Language Server', serverOptions, clientOptions);
}
