/**
 * Build and run targets as VS Code tasks. `ProcessExecution` starts docker directly with an argument
 * list: no shell ever sees text from the Dockerfile. Stage names are checked again here, and nothing
 * runs in an untrusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildPlanRequest, type BuildPlanResult, type TargetCommandArgs } from '../../server/src/protocol';
import type { Extension } from './commands';
import { STAGE_NAME, buildArgs, imageTag, type TargetTask } from './dockerArgs';

export const TASK_TYPE = 'stagecraft';

function dockerPath(): string {
  return vscode.workspace.getConfiguration('stagecraft').get<string>('docker.path') || 'docker';
}

function checkTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showErrorMessage('Stagecraft: building and running images is disabled in untrusted workspaces. Trust this folder to enable it.');
  return false;
}

async function resolveArgs(extension: Extension, args: TargetCommandArgs | undefined, verb: string): Promise<TargetTask | undefined> {
  const uri = args?.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
  const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!uri || uri.scheme !== 'file' || (document && document.languageId !== 'dockerfile')) {
    void vscode.window.showErrorMessage(`Stagecraft: open a Dockerfile on disk to ${verb} a target.`);
    return undefined;
  }
  let target = args?.target;
  if (!args) {
    const plan = await extension.client.sendRequest<BuildPlanResult | null>(BuildPlanRequest.method, { uri: uri.toString() });
    const items = (plan?.stages ?? []).filter((s) => s.name).map((s) => ({ label: s.name!, description: `FROM ${s.baseText}`, detail: s.index === plan?.defaultTarget ? 'default target' : undefined }));
    if (items.length === 0) target = undefined;
    else {
      const picked = await vscode.window.showQuickPick(items.reverse(), { placeHolder: `Stage to ${verb} (--target)` });
      if (!picked) return undefined;
      target = picked.label;
    }
  }
  if (target !== undefined && !STAGE_NAME.test(target)) {
    void vscode.window.showErrorMessage(`Stagecraft: "${target}" is not a valid stage name; nothing was run.`);
    return undefined;
  }
  const dockerfile = uri.fsPath;
  const buildArgs = vscode.workspace.getConfiguration('stagecraft', uri).get<Record<string, string>>('buildArgs') ?? {};
  return { dockerfile, target, tag: imageTag(dockerfile, target), context: path.dirname(dockerfile), buildArgs };
}

function runTask(name: string, task: TargetTask, args: string[]): Promise<number | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(task.dockerfile));
  const definition = { type: TASK_TYPE, dockerfile: task.dockerfile, target: task.target };
  const vscodeTask = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'stagecraft', new vscode.ProcessExecution(dockerPath(), args, { cwd: task.context }));
  vscodeTask.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return new Promise((resolve) => {
    let execution: vscode.TaskExecution | undefined;
    const listener = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution === execution || event.execution.task.name === name) {
        listener.dispose();
        resolve(event.exitCode);
      }
    });
    vscode.tasks.executeTask(vscodeTask).then((started) => { execution = started; }, (error) => {
      listener.dispose();
      void vscode.window.showErrorMessage(`Stagecraft: could not start docker: ${error}`);
      resolve(undefined);
    });
  });
}

export async function buildTarget(extension: Extension, args?: TargetCommandArgs): Promise<number | undefined> {
  if (!checkTrust()) return undefined;
  const task = await resolveArgs(extension, args, 'build');
  if (!task) return undefined;
  const code = await runTask(`build ${task.target ?? 'default target'}`, task, buildArgs(task));
  fireBuildEnded(task, code);
  if (code !== 0) void vscode.window.showErrorMessage(`Stagecraft: docker build ${task.target ? `--target ${task.target} ` : ''}failed${code === undefined ? '' : ` (exit ${code})`}. See the terminal.`);
  return code;
}

export async function runTarget(extension: Extension, args?: TargetCommandArgs): Promise<number | undefined> {
  if (!checkTrust()) return undefined;
  const task = await resolveArgs(extension, args, 'run');
  if (!task) return undefined;
  const built = await runTask(`build ${task.target ?? 'default target'}`, task, buildArgs(task));
  fireBuildEnded(task, built);
  if (built !== 0) {
    void vscode.window.showErrorMessage(`Stagecraft: the build failed${built === undefined ? '' : ` (exit ${built})`}; nothing was run.`);
    return built;
  }
  return runTask(`run ${task.tag}`, task, ['run', '--rm', '-it', task.tag]);
}

// --- Hook for other features (the walkthrough): one event after every build task ends. -------------
/** A build task that ended: what it built, the image name, and docker's exit code (undefined: did not start). */
export interface BuildEnded { dockerfile: string; target?: string; tag: string; exitCode: number | undefined }
const buildEnded = new vscode.EventEmitter<BuildEnded>();
/** Fires after every Build/Run target build (lenses, palette, walkthrough), successful or not. */
export const onDidEndBuild = buildEnded.event;
function fireBuildEnded(task: TargetTask, exitCode: number | undefined): void {
  buildEnded.fire({ dockerfile: task.dockerfile, target: task.target, tag: task.tag, exitCode });
}
