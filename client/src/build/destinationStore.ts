/**
 * The destination chosen per workspace folder (docker context, buildx builder), kept in the
 * workspace's state so it survives a reload; and the platforms chosen per Dockerfile target.
 * Every docker invocation of build, run, clean-up, tasks and the walkthrough asks here.
 */
import * as vscode from 'vscode';
import type { Destination } from './destination';

const DESTINATIONS_KEY = 'stagecraft.destinations';
const PLATFORMS_KEY = 'stagecraft.platforms';

let state: vscode.Memento | undefined;
const changed = new vscode.EventEmitter<void>();
/** Fires when a folder's destination changes (the status bar listens). */
export const onDidChangeDestination = changed.event;

export function initDestinations(memento: vscode.Memento): void {
  state = memento;
}

function folderKey(uri: vscode.Uri | undefined): string {
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.toString() ?? '';
}

/** Where builds of the folder holding `uri` go (the first folder when `uri` is outside every folder). */
export function destinationFor(uri: vscode.Uri | undefined): Destination {
  const all = state?.get<Record<string, Destination>>(DESTINATIONS_KEY) ?? {};
  const saved = all[folderKey(uri)];
  return saved && typeof saved === 'object' ? { context: saved.context || undefined, builder: saved.builder || undefined } : {};
}

export async function setDestination(uri: vscode.Uri | undefined, destination: Destination): Promise<void> {
  const all = { ...(state?.get<Record<string, Destination>>(DESTINATIONS_KEY) ?? {}) };
  all[folderKey(uri)] = destination;
  await state?.update(DESTINATIONS_KEY, all);
  changed.fire();
}

/**
 * `stage` is the stage a build makes, by name (prepare.ts's tagStage: the target, else the default
 * target's name): a build from the default target's lens (no --target) and one of `--target final`
 * are the same target. Stage names are case-insensitive, as BuildKit reads them.
 */
function targetKey(dockerfile: vscode.Uri, stage: string): string {
  return `${dockerfile.toString()}#${stage.toLowerCase()}`;
}

/** The platforms last picked for a stage of a Dockerfile (none: the stagecraft.build.platform setting). */
export function platformsFor(dockerfile: vscode.Uri, stage: string): string[] | undefined {
  const saved = state?.get<Record<string, string[]>>(PLATFORMS_KEY)?.[targetKey(dockerfile, stage)];
  return Array.isArray(saved) ? saved.filter((p) => typeof p === 'string') : undefined;
}

/** Remembers the platforms picked for a target; none forgets the pick (builds use stagecraft.build.platform again). */
export async function setPlatforms(dockerfile: vscode.Uri, stage: string, platforms: string[]): Promise<void> {
  const all = { ...(state?.get<Record<string, string[]>>(PLATFORMS_KEY) ?? {}) };
  if (platforms.length) all[targetKey(dockerfile, stage)] = platforms;
  else delete all[targetKey(dockerfile, stage)];
  await state?.update(PLATFORMS_KEY, all);
}
