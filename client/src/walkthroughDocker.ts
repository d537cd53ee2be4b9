/**
 * docker for the walkthrough's steps: the workspace-trust check, docker run with an argument list
 * (no shell reads a path or a name), what to say when docker or its engine does not answer, and the
 * two questions the steps ask it (is it ready; how big is an image).
 */
import * as vscode from 'vscode';
import { dockerProblem } from './walkthroughModel';
import { probeDocker } from './preflight';
import { builderName, decideBuilder } from './build/builder';
import { destinationExec } from './build/destination';
import { destinationFor } from './build/destinationStore';
import { readBuildSettings } from './config';

function dockerPath(): string {
  return vscode.workspace.getConfiguration('stagecraft').get<string>('docker.path') || 'docker';
}

export function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showErrorMessage(
    'Stagecraft: docker never runs in an untrusted workspace. Trust this folder (Manage Workspace Trust) to build, measure and run images.',
  );
  return false;
}

interface DockerResult {
  stdout: string;
  stderr: string;
}

/**
 * docker with an argument list (preflight's `exec`: execFile, no shell; no time limit, a build or a
 * run takes what it takes). Rejects with the exit code (`ENOENT` when docker cannot be started) and
 * docker's stderr.
 */
export async function docker(args: string[], env?: NodeJS.ProcessEnv): Promise<DockerResult> {
  // The walkthrough's project is in the first workspace folder: its builds go where that folder's do.
  const result = await destinationExec(destinationFor(undefined))(dockerPath(), args, {
    env: env ? { ...process.env, ...env } : process.env,
    timeoutMs: 0,
  });
  if (result.code === 0) return { stdout: result.stdout, stderr: result.stderr };
  throw Object.assign(new Error(`docker ${args[0]} failed`), { code: result.missing ? 'ENOENT' : result.code, stderr: result.stderr });
}

export function problemOf(error: unknown) {
  const e = error as { code?: string | number | null; stderr?: string };
  return dockerProblem(dockerPath(), { code: e.code }, e.stderr ?? String(error));
}

/**
 * Does docker answer, with an engine? Quiet on success unless `report`; on a problem an error
 * message says what is wrong and what to do.
 */
export async function checkDocker(report = true): Promise<boolean> {
  if (!trusted()) return false;
  let client: string;
  let server: string;
  try {
    const { stdout } = await docker(['version', '--format', '{{.Client.Version}}|{{.Server.Version}}']);
    [client, server] = stdout.trim().split('|');
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: ${problemOf(error).message}`);
    return false;
  }
  // Which builder builds here: the one decision every part uses (build/builder.ts).
  const scope = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const setting = readBuildSettings((key) => vscode.workspace.getConfiguration('stagecraft', scope).get(key)).builder;
  // Asked of the engine the walkthrough's builds go to (the first folder's docker context).
  const probe = await probeDocker(dockerPath(), process.env, destinationExec(destinationFor(undefined)));
  const decision = decideBuilder(setting, probe, process.env.DOCKER_BUILDKIT);
  let note = ` Builds here use ${builderName(decision.builder)}: ${decision.reason}.`;
  if (decision.problem === 'needs-buildx')
    note += ' This CLI has no buildx plugin, so BuildKit builds fail: install docker-buildx, or set stagecraft.build.builder to classic.';
  if (report || decision.problem) void vscode.window.showInformationMessage(`Stagecraft: docker is ready: CLI ${client}, engine ${server}.${note}`);
  return true;
}

/** The size in bytes of an image, or undefined when the engine has none by that name. */
export async function imageSize(ref: string): Promise<number | undefined> {
  try {
    const { stdout } = await docker(['image', 'inspect', '--format', '{{.Size}}', ref]);
    const size = Number(stdout.trim());
    return Number.isFinite(size) ? size : undefined;
  } catch (error) {
    if (/no such image/i.test((error as { stderr?: string }).stderr ?? '')) return undefined;
    throw error;
  }
}
