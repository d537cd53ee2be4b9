import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../server/src/protocol';
import { UNTRUSTED_LENS, untrustedLenses } from './trust';
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
    middleware: {
      // In an untrusted workspace the Build/Run lenses become one lens that says why and opens trust.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses && !vscode.workspace.isTrusted ? untrusted(lenses) : lenses;
      },
    },
  };
  // The `stagecraft.trace.server` setting is read by the client library from `<id>.trace.server`.
  return new LanguageClient('stagecraft', 'Stagecraft Language Server', serverOptions, clientOptions);
}

const BUILD_COMMANDS: string[] = [Commands.buildTarget, Commands.runTarget];

function untrusted(lenses: vscode.CodeLens[]): vscode.CodeLens[] {
  return untrustedLenses(lenses, BUILD_COMMANDS, (lens) => new vscode.CodeLens(lens.range, { ...UNTRUSTED_LENS, arguments: [] }));
}
