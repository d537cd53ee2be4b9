import * as vscode from 'vscode';
import { createLanguageClient, type CrashStats } from './languageClient';
import { registerCommands } from './commands';
import type { Extension } from './extensionApi';
import { initDestinations } from './build/destinationStore';
import { registerDestinationStatus } from './build/destinationStatus';
import { registerTaskProvider } from './build/tasks';
import { startBuilderSync } from './build/builderSync';
import { activateWalkthrough } from './walkthrough';

let extension: Extension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Extension> {
  const crashes: CrashStats = { crashes: 0, restarts: 0, notices: 0, gaveUp: false };
  const client = createLanguageClient(context, crashes);
  extension = { context, client, crashes };
  initDestinations(context.workspaceState);
  registerCommands(extension);
  // Trust granted: the server reads its settings again (and with them, that it may look images up).
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
  );
  context.subscriptions.push(registerTaskProvider(extension));
  registerDestinationStatus(extension);
  // The server's lenses and hovers describe the builder each folder's builds really use.
  context.subscriptions.push(startBuilderSync(extension));
  activateWalkthrough(extension);
  await client.start();
  return extension;
}

export async function deactivate(): Promise<void> {
  await extension?.client.stop();
  extension = undefined;
}
