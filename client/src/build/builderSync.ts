/**
 * Tells the language server which builder each workspace folder's builds use
 * (`stagecraft/builderChanged`), so its lenses, stage hovers and plans describe that builder's plan.
 * Decided by builder.ts from preflight.ts's probe, per folder (stagecraft.docker.path and
 * stagecraft.build.builder are per folder), asking the engine of the folder's chosen docker context
 * (destinationStore.ts): at start, when those settings or the chosen context change, when trust is
 * granted, after every build's own check, and sent again when the server restarts.
 *
 * In an untrusted workspace docker is not run for this: only a builder the setting names is sent.
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { BuilderChangedNotification, type BuilderChangedParams } from '../../../server/src/protocol';
import type { Extension } from '../extensionApi';
import { probeDocker, type DockerProbe } from '../preflight';
import { decideBuilder, type BuilderDecision } from './builder';
import { destinationExec } from './destination';
import { destinationFor, onDidChangeDestination } from './destinationStore';
import { settingsFor } from './settings';

/** The last decision per folder URI ('' for files outside every folder), as sent. */
const sent = new Map<string, BuilderChangedParams>();

/** The folder key of a file: its workspace folder's URI, or '' outside every folder. */
export function folderKey(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
}

/** Sends a folder's decision when it differs from the last one sent (a build's own check calls this too). */
export function reportBuilder(extension: Extension, folderUri: string, decision: BuilderDecision): void {
  const params: BuilderChangedParams = { folderUri, builder: decision.builder, reason: decision.reason };
  const last = sent.get(folderUri);
  if (last && last.builder === params.builder && last.reason === params.reason) return;
  sent.set(folderUri, params);
  if (extension.client.isRunning()) void extension.client.sendNotification(BuilderChangedNotification.type, params).catch(() => undefined);
}

/** Probes docker for one folder (or decides from the setting alone) and reports the decision. */
export async function detectFolder(extension: Extension, scope: vscode.Uri, folderUri: string): Promise<{ decision: BuilderDecision; probe?: DockerProbe }> {
  const settings = settingsFor(scope);
  if (settings.builder !== 'auto' || !vscode.workspace.isTrusted) {
    if (settings.builder === 'auto') return { decision: decideBuilder('auto', { hasBuildx: false }, process.env.DOCKER_BUILDKIT) };
    const decision = decideBuilder(settings.builder, { hasBuildx: true });
    reportBuilder(extension, folderUri, decision);
    return { decision };
  }
  const probe = await probeDocker(settings.dockerPath, process.env, destinationExec(destinationFor(scope)));
  // No docker: nothing builds at all; the lenses keep describing BuildKit and a build says what is missing.
  if (probe.missing) return { decision: decideBuilder('auto', probe, process.env.DOCKER_BUILDKIT), probe };
  const decision = decideBuilder('auto', probe, process.env.DOCKER_BUILDKIT);
  reportBuilder(extension, folderUri, decision);
  return { decision, probe };
}

function detectAll(extension: Extension): void {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) void detectFolder(extension, folder.uri, folder.uri.toString()).catch(() => undefined);
  if (folders.length === 0) void detectFolder(extension, vscode.Uri.file('/'), '').catch(() => undefined);
}

/** Starts the reports; call once the language client exists. */
export function startBuilderSync(extension: Extension): vscode.Disposable {
  const resend = () => {
    for (const params of sent.values()) void extension.client.sendNotification(BuilderChangedNotification.type, params).catch(() => undefined);
  };
  const disposables = [
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stagecraft.docker.path') || event.affectsConfiguration('stagecraft.build.builder')) detectAll(extension);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => detectAll(extension)),
    // Another docker context may be another engine, with another builder.
    onDidChangeDestination(() => detectAll(extension)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => detectAll(extension)),
    // A restarted server knows nothing: tell it again.
    extension.client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        resend();
        if (sent.size === 0) detectAll(extension);
      }
    }),
  ];
  if (extension.client.isRunning()) detectAll(extension);
  return vscode.Disposable.from(...disposables);
}
