import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../server/src/protocol';
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
        return lenses && !vscode.workspace.isTrusted ? untrustedLenses(lenses) : lenses;
      },
    },
  };
  // The `stagecraft.trace.server` setting is read by the client library from `<id>.trace.server`.
  return new LanguageClient('stagecraft', 'Stagecraft Language Server', serverOptions, clientOptions);
}

const BUILD_COMMANDS: string[] = [Commands.buildTarget, Commands.runTarget];

export function untrustedLenses(lenses: vscode.CodeLens[]): vscode.CodeLens[] {
  const out: vscode.CodeLens[] = [];
  const lines = new Set<number>();
  for (const lens of lenses) {
    if (!lens.command || !BUILD_COMMANDS.includes(lens.command.command)) { out.push(lens); continue; }
    if (lines.has(lens.range.start.line)) continue;
    lines.add(lens.range.start.line);
    out.push(new vscode.CodeLens(lens.range, { title: '$(shield) Build and Run are off in an untrusted workspace', tooltip: 'A Dockerfile and its settings could run any program. Trust this folder to build.', command: 'workbench.trust.manage' }));
  }
  return out;
}
