/** Completion at a target in a Compose, Dev Container or CI file: the named stages of its Dockerfile. */
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { describeBase } from '../../analysis/lookup';
import { dockerfileOf, targetAt, type TargetFileContext } from './context';
import { targetPlan } from './hover';

export function targetFileCompletion(context: TargetFileContext, params: CompletionParams): CompletionItem[] {
  const ref = targetAt(context, params.position);
  const found = ref && dockerfileOf(context, ref);
  if (!ref?.targetRange || !found) return [];
  const { model } = found;
  return model.stages
    .filter((stage) => stage.name !== undefined)
    .map((stage) => ({
      label: stage.name!,
      kind: CompletionItemKind.Module,
      detail: `stage ${stage.index} · FROM ${describeBase(model, stage)}`,
      documentation: { kind: MarkupKind.Markdown, value: targetPlan(model, stage.index) },
      sortText: String(stage.index).padStart(6, '0'),
      textEdit: { range: ref.targetRange!, newText: stage.name! },
    }));
}
