/**
 * The build commands: Build Target…, Build Default Target, Rebuild Last, Run Target…, ACR Build…,
 * Clean Up, and the walkthrough's build with one builder. Each refuses in an untrusted workspace,
 * checks everything before it runs anything (prepare.ts), and returns its Outcome.
 *
 * Nothing reaches a shell: docker and az are started with an argument list (`spawn` without a
 * shell for builds, `ProcessExecution` for runs and ACR).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TargetCommandArgs } from '../../../server/src/protocol';
import { ArgumentError, acrArgs, listContainersArgs, listImagesArgs, runArgs, type Builder } from '../dockerArgs';
import type { Extension } from '../extensionApi';
import { planFor } from '../plans';
import { NOT_LOGGED_IN_MESSAGE, classifyAzAccount, exec, missingAzMessage, missingDockerMessage } from '../preflight';
import { toDestination } from './destination';
import { destinationFor } from './destinationStore';
import { fireBuildEnded } from './events';
import { openSettings, report, type Outcome } from './outcome';
import { prepare, tagFor, tagStage } from './prepare';
import { activeDockerfile, requestFrom, type BuildRequest } from './request';
import { settingsFor } from './settings';
import { lastBuild, lastInSession, rememberBuild } from './state';
import { executeBuild, runProcessTask } from './tasks';
import { untrusted } from './trustGate';

export async function buildTarget(extension: Extension, args?: TargetCommandArgs, pick = true): Promise<Outcome | undefined> {
  const started = Date.now();
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const request = await requestFrom(extension, args, 'build', pick);
  if (!request) return undefined;
  if ('ok' in request) return report(request);
  return build(extension, request, started);
}

async function build(extension: Extension, request: BuildRequest, started = Date.now()): Promise<Outcome> {
  const prepared = await prepare(extension, request);
  if ('ok' in prepared) return report(prepared);
  await rememberBuild(extension, request);
  const outcome = await executeBuild(extension, prepared);
  outcome.elapsedMs = Date.now() - started;
  fireBuildEnded({ dockerfile: request.uri.fsPath, target: request.target, tag: outcome.tag, ok: outcome.ok, builder: outcome.builder });
  return outcome;
}

/** Builds a target of a Dockerfile with one builder for this build only (the walkthrough's classic-builder step). */
export async function buildWithBuilder(extension: Extension, uri: vscode.Uri, target: string | undefined, builder: Builder): Promise<Outcome> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  return build(extension, { uri, target, overrides: { builder } });
}

export function buildDefault(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const uri = activeDockerfile(args);
  return buildTarget(extension, uri ? { uri: uri.toString() } : undefined, false);
}

export async function rebuildLast(extension: Extension): Promise<Outcome | undefined> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const saved = lastBuild(extension);
  if (!saved) return report({ ok: false, message: 'nothing was built yet in this workspace: use Build Target… first.' });
  return build(extension, saved);
}

export async function runTarget(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const built = await buildTarget(extension, args);
  if (!built?.ok || !built.tag) {
    if (built && built.exitCode !== undefined) void vscode.window.showErrorMessage(`Stagecraft: the build failed (exit ${built.exitCode}); nothing was run.`);
    return built;
  }
  const uri = activeDockerfile(args) ?? (lastInSession()?.uri as vscode.Uri);
  const settings = settingsFor(uri);
  let run: string[];
  try {
    run = runArgs({ tag: built.tag, ports: settings.runPorts, args: settings.runArgs });
  } catch (error) {
    if (error instanceof ArgumentError) return report({ ok: false, message: error.message, actions: [openSettings('run.ports')] });
    throw error;
  }
  const code = await runProcessTask(
    `run ${built.tag}`,
    vscode.workspace.getWorkspaceFolder(uri),
    settings.dockerPath,
    toDestination(run, destinationFor(uri)),
    path.dirname(uri.fsPath),
    settings,
    { type: 'stagecraft-run', dockerfile: uri.fsPath, target: lastInSession()?.target, tag: built.tag },
  );
  return {
    ...built,
    ok: code === 0,
    exitCode: code,
    args: run,
    message: code === 0 ? `${built.tag} ran and exited 0` : `${built.tag} exited ${code ?? '(did not start)'}`,
  };
}

export async function acrBuild(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const request = await requestFrom(extension, args, 'build in Azure Container Registry', true);
  if (!request) return undefined;
  if ('ok' in request) return report(request);
  const settings = settingsFor(request.uri);
  let registry = settings.acrRegistry;
  if (!registry) {
    registry =
      (await vscode.window.showInputBox({
        prompt: 'Azure Container Registry name (stagecraft.acr.registry)',
        validateInput: (v) => (/^[a-zA-Z0-9]{5,50}(\.azurecr\.[a-z.]+)?$/.test(v) ? undefined : '5-50 letters and digits'),
      })) ?? '';
    if (!registry) return undefined;
  }
  const plan = await planFor(extension, request.uri, request.target);
  if (!plan || plan.target === undefined) return report({ ok: false, message: `${path.basename(request.uri.fsPath)} has no stage named "${request.target}".` });
  const folder = vscode.workspace.getWorkspaceFolder(request.uri);
  const context = settings.context === 'workspaceFolder' && folder ? folder.uri.fsPath : path.dirname(request.uri.fsPath);
  const tag = await tagFor(request, settings, folder, tagStage(request, plan));
  if (typeof tag !== 'string') return report(tag);
  let az: string[];
  try {
    az = acrArgs({
      registry,
      dockerfile: request.uri.fsPath,
      target: request.target,
      tag,
      context,
      buildArgs: settings.buildArgs,
      platform: settings.platform || undefined,
    });
  } catch (error) {
    if (error instanceof ArgumentError) return report({ ok: false, message: error.message });
    throw error;
  }
  const account = classifyAzAccount(await exec(settings.azPath, ['account', 'show', '--output', 'none'], { timeoutMs: 60_000 }));
  if (account.state === 'missing') return report({ ok: false, message: missingAzMessage(settings.azPath), args: az, actions: [openSettings('az.path')] });
  if (account.state === 'not-logged-in') return report({ ok: false, message: NOT_LOGGED_IN_MESSAGE, args: az });
  if (account.state === 'failed') return report({ ok: false, message: `\`az account show\` failed: ${account.detail}`, args: az });
  const code = await runProcessTask(`acr build ${tag} · ${registry}`, folder, settings.azPath, az, context, settings, {
    type: 'stagecraft-acr',
    dockerfile: request.uri.fsPath,
    target: request.target,
    registry,
  });
  return {
    ok: code === 0,
    exitCode: code,
    args: az,
    executable: settings.azPath,
    tag,
    message: code === 0 ? `ACR built ${registry}/${tag}` : `az acr build exited ${code}`,
  };
}

/** Removes the containers and images Stagecraft created (found by its label), after asking. */
export async function cleanUp(_extension: Extension, options?: { confirm?: boolean }): Promise<Outcome & { containers?: number; images?: number }> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const where = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/');
  const settings = settingsFor(where);
  const docker = settings.dockerPath;
  const destination = destinationFor(where);
  const list = async (args: string[]) => {
    const result = await exec(docker, toDestination(args, destination), { timeoutMs: 30_000 });
    if (result.missing) throw new ArgumentError(missingDockerMessage(docker));
    if (result.code !== 0) throw new ArgumentError(`\`docker ${args.join(' ')}\` failed: ${result.stderr.trim()}`);
    return result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  };
  let containers: string[];
  let images: string[];
  try {
    containers = await list(listContainersArgs);
    images = [...new Set(await list(listImagesArgs))];
  } catch (error) {
    if (error instanceof ArgumentError) return report({ ok: false, message: error.message });
    throw error;
  }
  if (containers.length === 0 && images.length === 0) {
    void vscode.window.showInformationMessage('Stagecraft: nothing to clean up (no container or image with the label dev.stagecraft.managed=true).');
    return { ok: true, containers: 0, images: 0, message: 'nothing to clean up' };
  }
  if (options?.confirm !== false) {
    const answer = await vscode.window.showWarningMessage(
      `Remove ${containers.length} container(s) and ${images.length} image(s) that Stagecraft built or ran (label dev.stagecraft.managed=true)?`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return { ok: false, message: 'cancelled' };
  }
  const removed = async (args: string[]) => (await exec(docker, toDestination(args, destination), { timeoutMs: 120_000 })).code === 0;
  const okContainers = containers.length === 0 || (await removed(['rm', '--force', ...containers]));
  const okImages = images.length === 0 || (await removed(['image', 'rm', '--force', ...images]));
  const message = `removed ${containers.length} container(s) and ${images.length} image(s)${okContainers && okImages ? '' : ' (some could not be removed; see `docker ps -a` / `docker images`)'}`;
  void vscode.window.showInformationMessage(`Stagecraft: ${message}.`);
  return { ok: okContainers && okImages, containers: containers.length, images: images.length, message };
}
