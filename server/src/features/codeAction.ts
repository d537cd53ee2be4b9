/**
 * Quick fixes. The baseline service answers with commands named `docker.command.*`; other Docker
 * extensions register those names too, so ours are renamed `stagecraft.baseline.*` and mapped back
 * when executed.
 */
import type { CodeActionParams, Command, TextEdit } from 'vscode-languageserver';
import { CommandIds } from 'dockerfile-language-service';
import { baseline, type FeatureContext } from './context';

const PREFIX = 'stagecraft.baseline.';
const BASELINE_PREFIX = 'docker.command.';

export const baselineCommandIds: string[] = Object.values(CommandIds).map((id) => PREFIX + id.slice(BASELINE_PREFIX.length));

export function codeActions(context: FeatureContext, params: CodeActionParams): Command[] {
  // The baseline library predates LSP 3.18 (Markdown messages): it only gets plain-text diagnostics of its own.
  const diagnostics = params.context.diagnostics
    .filter((d) => d.source === 'stagecraft' && typeof d.code === 'number' && typeof d.message === 'string')
    .map((d) => ({ ...d, message: d.message as string }));
  return baseline()
    .computeCodeActions({ uri: context.document.uri }, params.range, { ...params.context, diagnostics })
    .filter((command) => command.command.startsWith(BASELINE_PREFIX))
    .map((command) => ({ ...command, command: PREFIX + command.command.slice(BASELINE_PREFIX.length) }));
}

/** Edits for a renamed baseline command; undefined when the command is not one of ours. */
export function baselineCommandEdits(context: FeatureContext, command: string, args: unknown[]): TextEdit[] | undefined {
  if (!command.startsWith(PREFIX)) return undefined;
  return baseline().computeCommandEdits(context.document.getText(), BASELINE_PREFIX + command.slice(PREFIX.length), args);
}
