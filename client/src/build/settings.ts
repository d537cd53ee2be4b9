/** The build settings of a Dockerfile (config.ts reads them), each problem in them said once. */
import * as vscode from 'vscode';
import { readBuildSettings, type BuildSettings } from '../config';

export function settingsFor(uri: vscode.Uri): BuildSettings {
  const config = vscode.workspace.getConfiguration('stagecraft', uri);
  return readBuildSettings(
    (key) => config.get(key),
    (message) => warnOnce(message),
  );
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  void vscode.window.showWarningMessage(`Stagecraft: ${message}`);
}
