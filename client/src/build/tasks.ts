/**
 * Builds, runs and ACR builds as VS Code tasks in the integrated terminal, and the `stagecraft` task
 * type of tasks.json (resolved into the same build terminal and checks as the commands).
 */
import * as vscode from 'vscode';
import type { BuildSettings } from '../config';
import type { Extension } from '../extensionApi';
import { report, type Outcome } from './outcome';
import type { Prepared } from './prepare';
import { createBuildProblems } from './problems';
import { requestFromTask, type BuildRequest, type StagecraftTaskDefinition } from './request';
import { BuildTerminal, failedTerminal } from './terminal';
import { untrusted } from './trustGate';

export const TASK_TYPE = 'stagecraft';

function presentation(settings: BuildSettings): vscode.TaskPresentationOptions {
  const panel =
    settings.terminalReuse === 'shared'
      ? vscode.TaskPanelKind.Shared
      : settings.terminalReuse === 'new'
        ? vscode.TaskPanelKind.New
        : vscode.TaskPanelKind.Dedicated;
  return { reveal: vscode.TaskRevealKind.Always, panel, clear: true, echo: false };
}

/** Task names say the target and the Dockerfile. */
function taskName(verb: string, uri: vscode.Uri, target: string | undefined): string {
  return `${verb} ${target ?? 'default target'} · ${vscode.workspace.asRelativePath(uri)}`;
}

/**
 * VS Code reuses a dedicated terminal for tasks of the same identity, which it derives from the
 * definition: with "perDockerfile" every target of a Dockerfile has the definition of that file, so
 * its builds share one terminal (the task's name still says the target).
 */
function definitionOf(request: BuildRequest, reuse: BuildSettings['terminalReuse']): StagecraftTaskDefinition {
  if (reuse === 'perDockerfile') return { type: 'stagecraft', dockerfile: request.uri.fsPath };
  return { type: 'stagecraft', dockerfile: request.uri.fsPath, ...(request.target ? { target: request.target } : {}), ...(request.overrides ?? {}) };
}

/**
 * Starts a task and returns when VS Code says it ended (onDidEndTask). Tasks of one Dockerfile and
 * target share an identity in VS Code (it is derived from the declared definition properties), so
 * the next one may start only after the end of this one was processed: a new execution started
 * while the old end event is still in flight loses its custom execution.
 */
async function executeAndWait(task: vscode.Task, onProcessEnd?: (code: number | undefined) => void): Promise<boolean> {
  let execution: vscode.TaskExecution | undefined;
  const endedEarly = new Set<vscode.TaskExecution>();
  let resolveEnd!: () => void;
  const ended = new Promise<void>((resolve) => {
    resolveEnd = resolve;
  });
  const endListener = vscode.tasks.onDidEndTask((event) => {
    if (execution === undefined) endedEarly.add(event.execution);
    else if (event.execution === execution) resolveEnd();
  });
  const processListener =
    onProcessEnd &&
    vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution === execution || (execution === undefined && event.execution.task.name === task.name)) onProcessEnd(event.exitCode);
    });
  try {
    execution = await vscode.tasks.executeTask(task);
    if (endedEarly.has(execution)) resolveEnd();
    await ended;
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: could not start the task "${task.name}": ${String((error as Error)?.message ?? error)}`);
    return false;
  } finally {
    endListener.dispose();
    processListener?.dispose();
  }
}

/** Runs a build in its task and terminal; resolves with the outcome when the task has ended. */
export async function executeBuild(extension: Extension, prepared: Prepared): Promise<Outcome> {
  const terminal = new BuildTerminal(extension, prepared.request, prepared);
  const task = new vscode.Task(
    definitionOf(prepared.request, prepared.settings.terminalReuse),
    prepared.folder ?? vscode.TaskScope.Workspace,
    taskName('build', prepared.request.uri, prepared.request.target),
    'stagecraft',
    new vscode.CustomExecution(async () => terminal),
    [],
  );
  task.group = vscode.TaskGroup.Build;
  task.presentationOptions = presentation(prepared.settings);
  const started = await executeAndWait(task);
  if (!started) return { ok: false, message: 'could not start the build task' };
  return terminal.outcome;
}

/**
 * Runs a process task (docker run, az acr build) and resolves with its exit code. Its type is not
 * `stagecraft`: VS Code derives a task's identity from the declared properties of its type, so a
 * run would share the identity of the build before it, and the next build with that identity
 * would not get its terminal.
 */
export async function runProcessTask(
  name: string,
  folder: vscode.WorkspaceFolder | undefined,
  executable: string,
  args: string[],
  cwd: string,
  settings: BuildSettings,
  definition: vscode.TaskDefinition,
): Promise<number | undefined> {
  const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'stagecraft', new vscode.ProcessExecution(executable, args, { cwd }));
  task.presentationOptions = presentation(settings);
  let code: number | undefined;
  await executeAndWait(task, (exitCode) => {
    code = exitCode;
  });
  return code;
}

/** Resolves `stagecraft` tasks from tasks.json into builds (the same terminal and checks as the commands). */
export function registerTaskProvider(extension: Extension): vscode.Disposable {
  createBuildProblems(extension);
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => [],
    resolveTask(task) {
      const definition = task.definition as StagecraftTaskDefinition;
      if (typeof definition.dockerfile !== 'string') return undefined;
      const folder = task.scope && typeof task.scope === 'object' ? (task.scope as vscode.WorkspaceFolder) : vscode.workspace.workspaceFolders?.[0];
      const request = requestFromTask(definition, folder);
      const resolved = new vscode.Task(
        definition,
        task.scope ?? vscode.TaskScope.Workspace,
        task.name,
        'stagecraft',
        new vscode.CustomExecution(async () => {
          const blocked = untrusted();
          if (blocked) return failedTerminal(report(blocked).message!);
          return new BuildTerminal(extension, request);
        }),
        [],
      );
      resolved.group = vscode.TaskGroup.Build;
      return resolved;
    },
  });
}
