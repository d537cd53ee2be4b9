/**
 * Every command of the extension, in one table. package.json `contributes.commands` lists the same
 * ids (test/unit/manifest.test.ts checks both agree).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface Extension {
  context: vscode.ExtensionContext;
  client: LanguageClient;
}

type CommandHandler = (extension: Extension, ...args: unknown[]) => unknown;

export const commands: Record<string, CommandHandler> = {
  'stagecraft.restartServer': async ({ client }) => {
    await client.restart();
  },
};

export function registerCommands(extension: Extension): void {
  for (const [id, handler] of Object.entries(commands)) {
    extension.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(extension, ...args)));
  }
}
