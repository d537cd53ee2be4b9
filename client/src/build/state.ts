/**
 * The build module's state across commands: the last build, for Rebuild Last (kept in the workspace
 * state too, so it outlives a reload) and for Run, which runs what its build just built.
 */
import * as vscode from 'vscode';
import type { Extension } from '../extensionApi';
import type { BuildRequest } from './request';

let last: BuildRequest | undefined;

/** Remembers a build for Rebuild Last, in memory and in the workspace state (it outlives a reload). */
export async function rememberBuild(extension: Extension, request: BuildRequest): Promise<void> {
  last = request;
  await extension.context.workspaceState.update('stagecraft.lastBuild', { uri: request.uri.toString(), target: request.target });
}

/** The last build of this session, else the one saved in the workspace state. */
export function lastBuild(extension: Extension): BuildRequest | undefined {
  if (last) return last;
  const state = extension.context.workspaceState.get<{ uri: string; target?: string }>('stagecraft.lastBuild');
  return state ? { uri: vscode.Uri.parse(state.uri), target: state.target } : undefined;
}

/** The last build of this session only (what Run reads after its build). */
export function lastInSession(): BuildRequest | undefined {
  return last;
}
