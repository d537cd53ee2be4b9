import type { FoldingRange } from 'vscode-languageserver';
import { FoldingRangeKind } from '../lsp';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from './context';
import { SliceCache, slicedFoldingRanges } from '../baseline/sliced';

/** Per open document (the same object across versions): the baseline's ranges of each unchanged stage. */
const caches = new WeakMap<TextDocument, SliceCache<FoldingRange[]>>();

/** Baseline folding (multi-line instructions, comments; per stage on a large file) plus one range per stage. */
export function foldingRanges(context: FeatureContext): FoldingRange[] {
  let cache = caches.get(context.document);
  if (!cache) caches.set(context.document, (cache = new SliceCache()));
  const ranges = slicedFoldingRanges(context.model, context.document.getText(), cache);
  for (const stage of context.model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.fromInstruction;
    const startLine = stage.fromInstruction.range.start.line;
    const endLine = last.range.end.line;
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  }
  return ranges;
}
