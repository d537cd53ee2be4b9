/** Nothing runs in an untrusted workspace: every build, run, ACR and clean-up command and task asks this first. */
import * as vscode from 'vscode';
import type { Failure } from './outcome';

/** The failure to report when the workspace is not trusted; undefined when it is. */
export function untrusted(): Failure | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  return {
    ok: false,
    message:
      'building, running and ACR builds are disabled in an untrusted workspace: a Dockerfile and its settings could run any program. Trust this folder to enable them.',
    actions: [['Manage Workspace Trust', () => vscode.commands.executeCommand('workbench.trust.manage')]],
  };
}
