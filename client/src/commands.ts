/**
 * Every command of the extension, in one table. package.json `contributes.commands` lists the same
 * ids; test/unit/manifest.test.ts checks that both agree.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CrashStats } from './languageClient';
import type { TargetCommandArgs } from '../../server/src/protocol';
import { acrBuild, buildDefault, buildTarget, cleanUp, rebuildLast, runTarget } from './build';
import { newDockerfile, type NewDockerfileArgs } from './newDockerfile';
import { showStageGraph } from './graph/panel';

export interface Extension {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  /** How often the server stopped and was restarted (see languageClient.ts). */
  crashes: CrashStats;
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
  'stagecraft.newDockerfile': (extension, args) => newDockerfile(extension, args as NewDockerfileArgs | undefined),
  'stagecraft.showStageGraph': (extension, resource) => showStageGraph(extension, resource),
  'stagecraft.acrBuild': (extension, args) => acrBuild(extension, args as TargetCommandArgs | undefined),
  'stagecraft.cleanUp': (extension, args) => cleanUp(extension, args as { confirm?: boolean } | undefined),
};

export function registerCommands(extension: Extension): void {
  for (const [id, handler] of Object.entries(commands)) {
    extension.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(extension, ...args)));
  }
}
