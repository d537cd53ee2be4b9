/** What a build, run, ACR or clean-up command returns (and tests read), and how a failure is shown. */
import * as vscode from 'vscode';
import type { BuildFailure } from '../buildOutput';
import type { SizeReport } from '../results';

/** What a command returns (and tests read): the outcome, the exact arguments, what it printed. */
export interface Outcome {
  ok: boolean;
  message?: string;
  exitCode?: number;
  tag?: string;
  args?: string[];
  executable?: string;
  builder?: 'buildkit' | 'classic';
  /** Stage labels the chosen builder runs for the target, from stagecraft/buildPlan. */
  plannedStages?: string[];
  output?: string;
  /** What the terminal printed before docker's output: the target, the builder, the build context's size, the command line. */
  header?: string;
  sizeBytes?: number;
  size?: SizeReport;
  failure?: BuildFailure;
  /** Milliseconds from the command to the image's size being known. */
  elapsedMs?: number;
}

/** A command that stops before running anything: what to tell the user, and buttons that help. */
export type Failure = { ok: false; message: string; actions?: [string, () => unknown][]; args?: string[]; shown?: boolean };

/** Shows a failure (with its actions, unless it was shown already) and returns it as the command's outcome. */
export function report(failure: Failure): Outcome {
  if (failure.shown) return { ok: false, message: failure.message, args: failure.args }; // the user just answered it
  const buttons = (failure.actions ?? []).map(([title]) => title);
  void vscode.window
    .showErrorMessage(`Stagecraft: ${failure.message}`, ...buttons)
    .then((picked) => failure.actions?.find(([title]) => title === picked)?.[1]());
  return { ok: false, message: failure.message, args: failure.args };
}

/** The settings whose scope is machine-overridable (package.json): the executables. */
const MACHINE_SETTINGS = new Set(['docker.path', 'az.path']);

/**
 * Opens the Settings editor on `stagecraft.<key>`. In a remote window (code-server, SSH, WSL, a
 * container) a machine setting is listed under the Remote tab only: the User tab says "No Settings
 * Found" for it, so it opens there.
 */
export function showSetting(key: string): Thenable<unknown> {
  const query = `stagecraft.${key}`;
  if (vscode.env.remoteName && MACHINE_SETTINGS.has(key)) return vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
  return vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/** A button that opens the `stagecraft.<key>` setting. */
export const openSettings = (key: string): [string, () => unknown] => ['Open Settings', () => showSetting(key)];
