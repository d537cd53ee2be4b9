/** Quick fixes in a Compose, Dev Container or CI file: a target that is no stage becomes the closest stage name. */
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import { CodeActionKind } from '../../lsp';
import type { TargetFileContext } from './context';

export function targetFileCodeActions(context: TargetFileContext, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics ?? []) {
    const suggestion = (diagnostic.data as { targetSuggestion?: unknown } | undefined)?.targetSuggestion;
    if (typeof suggestion !== 'string') continue;
    actions.push({
      title: `Change the target to \`${suggestion}\``,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [context.document.uri]: [{ range: diagnostic.range, newText: suggestion }] } },
    });
  }
  return actions;
}
