/** The build plan of a Dockerfile, for any part of the client: planRequest.ts's policy, bound to VS Code. */
import * as vscode from 'vscode';
import type { BuildPlanResult } from '../../server/src/protocol';
import type { Extension } from './extensionApi';
import { requestPlan } from './planRequest';

/** `target`: stage name (case-insensitive) or index; the default target when omitted. */
export function planFor(extension: Extension, uri: vscode.Uri, target?: string | number): Promise<BuildPlanResult | undefined> {
  return requestPlan(extension.client, () => vscode.workspace.openTextDocument(uri), { uri: uri.toString(), target });
}
