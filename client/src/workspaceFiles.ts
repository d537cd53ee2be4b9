/** Files the commands write into the workspace: whether one exists, and asking before replacing it. */
import * as vscode from 'vscode';

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `uri` may be written: yes when it does not exist; else `overwrite` (tests answer without a
 * dialog) or the user's answer to "… exists. Replace it with `what`?".
 */
export async function confirmReplace(uri: vscode.Uri, overwrite: boolean | undefined, what: string): Promise<boolean> {
  if (!(await exists(uri))) return true;
  if (overwrite !== undefined) return overwrite;
  const answer = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} exists. Replace it with ${what}?`, { modal: true }, 'Replace');
  return answer === 'Replace';
}
