/** The end of every build, whoever started it: an event for listeners such as the walkthrough. */
import * as vscode from 'vscode';

/** A build that ended (from a lens, the palette, a task or the walkthrough): for listeners such as the walkthrough. */
export interface BuildEnded {
  dockerfile: string;
  /** undefined: the default target. */
  target?: string;
  tag?: string;
  ok: boolean;
  builder?: 'buildkit' | 'classic';
}

const buildEnded = new vscode.EventEmitter<BuildEnded>();
export const onDidEndBuild = buildEnded.event;

export function fireBuildEnded(event: BuildEnded): void {
  buildEnded.fire(event);
}
