/**
 * What to build: a Dockerfile and a target, from a lens's arguments, the active editor, a quick pick
 * of its stages, or a `stagecraft` task in tasks.json.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TargetCommandArgs } from '../../../server/src/protocol';
import type { Builder } from '../dockerArgs';
import type { Extension } from '../extensionApi';
import { planFor } from '../plans';
import { targetItems } from '../targets';
import type { Failure } from './outcome';

/** A `stagecraft` task in tasks.json (package.json `taskDefinitions` declares the same properties). */
export interface StagecraftTaskDefinition extends vscode.TaskDefinition {
  type: 'stagecraft';
  /** Absolute, or relative to the workspace folder. */
  dockerfile: string;
  target?: string;
  tag?: string;
  /** Absolute, or relative to the workspace folder. */
  context?: string;
  buildArgs?: Record<string, string>;
  builder?: Builder;
}

/** One build: the Dockerfile, the target, and what a task or the walkthrough sets for this build only. */
export interface BuildRequest {
  uri: vscode.Uri;
  /** undefined: the default target. */
  target?: string;
  overrides?: Partial<Pick<StagecraftTaskDefinition, 'tag' | 'context' | 'buildArgs' | 'builder'>>;
}

export function resolvePath(folder: vscode.WorkspaceFolder | undefined, file: string): string {
  return path.isAbsolute(file) || !folder ? file : path.join(folder.uri.fsPath, file);
}

/** A quick pick of the file's buildable stages: the default target first, each with what it needs. */
async function pickTarget(extension: Extension, uri: vscode.Uri, verb: string): Promise<{ target?: string } | undefined> {
  const plan = await planFor(extension, uri);
  if (!plan || plan.stages.length === 0) return {};
  const picked = await vscode.window.showQuickPick(targetItems(plan), { placeHolder: `Stage to ${verb} (--target)`, matchOnDetail: true });
  return picked ? { target: picked.target } : undefined;
}

export function activeDockerfile(args?: TargetCommandArgs): vscode.Uri | undefined {
  if (args?.uri) return vscode.Uri.parse(args.uri);
  const document = vscode.window.activeTextEditor?.document;
  return document && document.languageId === 'dockerfile' ? document.uri : undefined;
}

export async function requestFrom(
  extension: Extension,
  args: TargetCommandArgs | undefined,
  verb: string,
  pick: boolean,
): Promise<BuildRequest | Failure | undefined> {
  const uri = activeDockerfile(args);
  if (!uri) return { ok: false, message: `open a Dockerfile to ${verb} a target.` };
  if (args && typeof args === 'object' && 'uri' in args) return { uri, target: typeof args.target === 'string' ? args.target : undefined };
  if (!pick) return { uri };
  const picked = await pickTarget(extension, uri, verb);
  return picked && { uri, target: picked.target };
}

/** The request a `stagecraft` task of tasks.json makes; its values are checked, not trusted. */
export function requestFromTask(definition: StagecraftTaskDefinition, folder: vscode.WorkspaceFolder | undefined): BuildRequest {
  return {
    uri: vscode.Uri.file(resolvePath(folder, definition.dockerfile)),
    target: definition.target,
    overrides: {
      tag: typeof definition.tag === 'string' ? definition.tag : undefined,
      context: typeof definition.context === 'string' ? definition.context : undefined,
      buildArgs: definition.buildArgs && typeof definition.buildArgs === 'object' ? definition.buildArgs : undefined,
      builder: definition.builder === 'buildkit' || definition.builder === 'classic' || definition.builder === 'auto' ? definition.builder : undefined,
    },
  };
}
