/**
 * Completion. After `--from=`, `--mount=…,from=` and in `FROM`, stage names are ours: only stages
 * declared earlier (the only ones the engines accept), with their base as documentation. Everything
 * else (instructions, flags, images) comes from the baseline service.
 */
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { CompletionItemKind, MarkupKind } from '../lsp';
import { describeBase, stageLabel } from '../analysis/lookup';
import { baseline, type FeatureContext } from './context';
import { slicedCompletion } from '../baseline/sliced';

const STAGE_SLOTS: { pattern: RegExp; from: boolean }[] = [
  { pattern: /--from=([A-Za-z0-9_.-]*)$/i, from: false },
  { pattern: /--mount=\S*\bfrom=([A-Za-z0-9_.-]*)$/i, from: false },
  { pattern: /^\s*FROM\s+(?:--\S+\s+)*([A-Za-z0-9_.-]*)$/i, from: true },
];

export function stageCompletions(context: FeatureContext, params: CompletionParams): { items: CompletionItem[]; from: boolean } | undefined {
  const { position } = params;
  const prefix = context.document.getText({ start: { line: position.line, character: 0 }, end: position });
  const slot = STAGE_SLOTS.find((s) => s.pattern.test(prefix));
  if (!slot) return undefined;
  const typed = slot.pattern.exec(prefix)![1];
  const before = context.model.stages.filter((stage) => stage.fromInstruction.range.start.line < position.line);
  // In FROM every stage above is earlier; elsewhere the last one above is the stage we are in.
  const earlier = slot.from ? before : before.slice(0, -1);
  const range = { start: { line: position.line, character: position.character - typed.length }, end: position };
  const items = earlier
    .filter((stage) => stage.name !== undefined || !slot.from)
    .map((stage): CompletionItem => {
      const label = stage.name ?? String(stage.index);
      return {
        label,
        kind: CompletionItemKind.Module,
        detail: `stage ${stage.index} · FROM ${describeBase(context.model, stage)}`,
        documentation: {
          kind: MarkupKind.Markdown,
          value: `Build stage \`${stageLabel(stage)}\` (line ${stage.fromInstruction.range.start.line + 1}), based on \`${stage.baseText}\`.`,
        },
        textEdit: { range, newText: label },
        sortText: `0-${String(9999 - stage.index).padStart(4, '0')}`, // nearest stage first
      };
    });
  return { items, from: slot.from };
}

export async function completion(context: FeatureContext, params: CompletionParams): Promise<CompletionItem[]> {
  const stages = stageCompletions(context, params);
  if (stages && !stages.from) return stages.items;
  const items = await slicedCompletion(context.model, context.document.getText(), params.position);
  if (!stages) return items;
  const names = new Set(context.model.stages.map((stage) => stage.key));
  return [...stages.items, ...items.filter((item) => !names.has(item.label.toLowerCase()))];
}

export function resolveCompletion(item: CompletionItem): CompletionItem {
  return item.kind === CompletionItemKind.Module ? item : baseline().resolveCompletionItem(item);
}
