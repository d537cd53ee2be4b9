/** Completion at a target (or an empty Compose `target:`) in a Compose, Dev Container or CI file: the named stages of its Dockerfile. */
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, MarkupKind } from '../../lsp';
import { describeBase } from '../../analysis/lookup';
import { dockerfileOf, targetSlotAt, type TargetFileContext } from './context';
import { targetPlan } from './hover';

export function targetFileCompletion(context: TargetFileContext, params: CompletionParams): CompletionItem[] {
  const slot = targetSlotAt(context, params.position);
  const found = slot && dockerfileOf(context, slot.ref);
  if (!slot || !found) return [];
  const { model } = found;
  // Right after `target:` (no space yet): the name needs one, or the YAML reads `target:dev` as one word.
  const start = slot.range.start;
  const gap = start.character > 0 && context.document.getText({ start: { line: start.line, character: start.character - 1 }, end: start }) === ':' ? ' ' : '';
  return model.stages
    .filter((stage) => stage.name !== undefined)
    .map((stage) => ({
      label: stage.name!,
      kind: CompletionItemKind.Module,
      detail: `stage ${stage.index} · FROM ${describeBase(model, stage)}`,
      documentation: { kind: MarkupKind.Markdown, value: targetPlan(model, stage.index) },
      sortText: String(stage.index).padStart(6, '0'),
      textEdit: { range: slot.range, newText: gap + stage.name! },
    }));
}
