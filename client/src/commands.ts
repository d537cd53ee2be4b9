/**
 * Every command of the extension, in one table. package.json `contributes.commands` lists the same
 * ids; test/unit/manifest.test.ts checks that both agree.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TargetCommandArgs } from '../../server/src/protocol';
import { acrBuild, buildDefault, buildTarget, cleanUp, rebuildLast, runTarget } from './build';

export interface Extension {
  context: vscode.ExtensionContext;
  client: LanguageClient;
}

type CommandHandler = (extension: Extension, ...args: unknown[]) => unknown;

export const commands: Record<string, CommandHandler> = {
  'stagecraft.restartServer': async ({ client }) => {
    await client.restart();
  },
  'stagecraft.buildTarget': (extension, args) => buildTarget(extension, args as TargetCommandArgs | undefined),
  'stagecraft.buildDefault': (extension, args) => buildDefault(extension, args as TargetCommandArgs | undefined),
  'stagecraft.rebuildLast': (extension) => rebuildLast(extension),
  'stagecraft.runTarget': (extension, args) => runTarget(extension, args as TargetCommandArgs | undefined),
  'stagecraft.acrBuild': (extension, args) => acrBuild(extension, args as TargetCommandArgs | undefined),
  'stagecraft.cleanUp': (extension, args) => cleanUp(extension, args as { confirm?: boolean } | undefined),
};

export function registerCommands(extension: Extension): void {
  for (const [id, handler] of Object.entries(commands)) {
    extension.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(extension, ...args)));
  }
}
