/**
 * What every part of the client is handed: the extension context, the language client and the crash
 * counts. `activate` returns it, so it is also the extension's API (the integration tests read it).
 * A module of its own, importing no other client module: everything may import it without a cycle.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CrashStats } from './languageClient';

export interface Extension {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  /** How often the server stopped and was restarted (see languageClient.ts). */
  crashes: CrashStats;
}
