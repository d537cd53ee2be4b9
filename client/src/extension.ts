import * as vscode from 'vscode';
import { createLanguageClient } from './languageClient';
import { registerCommands, type Extension } from './commands';
import { activateWalkthrough } from './walkthrough';

let extension: Extension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Extension> {
  const client = createLanguageClient(context);
  extension = { context, client };
  registerCommands(extension);
  activateWalkthrough(extension);
  await client.start();
  return extension;
}

export async function deactivate(): Promise<void> {
  await extension?.client.stop();
  extension = undefined;
}
