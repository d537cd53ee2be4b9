/**
 * Every command of the extension, in one table. package.json `contributes.commands` lists the same
 * ids; test/unit/manifest.test.ts checks that both agree.
 */
import * as vscode from 'vscode';
import type { TargetCommandArgs } from '../../server/src/protocol';
import { acrBuild, buildDefault, buildTarget, cleanUp, rebuildLast, runTarget } from './build/commands';
import { chooseDestination } from './build/destinationStatus';
import { buildForPlatforms, forgetPlatforms } from './build/platformPick';
import { newDockerfile, type NewDockerfileArgs } from './newDockerfile';
import { addCiWorkflow, type AddCiWorkflowArgs } from './ciWorkflow';
import { showStageGraph } from './graph/panel';
import * as walkthrough from './walkthrough';
import { checkDocker } from './walkthroughDocker';
import type { Extension } from './extensionApi';

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
  'stagecraft.addCiWorkflow': (extension, args) => addCiWorkflow(extension, args as AddCiWorkflowArgs | undefined),
  'stagecraft.showStageGraph': (extension, resource) => showStageGraph(extension, resource),
  'stagecraft.acrBuild': (extension, args) => acrBuild(extension, args as TargetCommandArgs | undefined),
  'stagecraft.cleanUp': (extension, args) => cleanUp(extension, args as { confirm?: boolean } | undefined),
  'stagecraft.chooseDestination': () => chooseDestination(),
  'stagecraft.buildForPlatforms': (extension, args) => buildForPlatforms(extension, args as TargetCommandArgs | undefined),
  'stagecraft.forgetPlatforms': (extension, args) => forgetPlatforms(extension, args as TargetCommandArgs | undefined),
  // The "Get started with multi-stage builds" walkthrough (walkthrough.ts).
  'stagecraft.getStarted': () => walkthrough.openWalkthrough(),
  'stagecraft.checkDocker': () => checkDocker(),
  'stagecraft.openExample': (extension) => walkthrough.openExample(extension),
  'stagecraft.explainTarget': (extension) => walkthrough.explainTarget(extension),
  'stagecraft.walkthroughBuild': (extension, args) => walkthrough.walkthroughBuild(extension, args as walkthrough.WalkthroughBuildArgs | undefined),
  'stagecraft.compareSizes': (extension) => walkthrough.compareSizes(extension),
  'stagecraft.walkthroughRun': () => walkthrough.runImage(),
  'stagecraft.walkthroughCleanUp': () => walkthrough.cleanUp(),
  'stagecraft.acrCommand': (extension) => walkthrough.acrCommand(extension),
};

export function registerCommands(extension: Extension): void {
  for (const [id, handler] of Object.entries(commands)) {
    extension.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(extension, ...args)));
  }
}
