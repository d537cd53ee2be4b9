import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

/** Baseline folding (multi-line instructions, comments) plus one range per stage. */
export function foldingRanges(context: FeatureContext): FoldingRange[] {
  const ranges = baseline().computeFoldingRanges(context.document.getText());
  for (const stage of context.model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.fromInstruction;
    const startLine = stage.fromInstruction.range.start.line;
    const endLine = last.range.end.line;
    if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Region });
  }
  return ranges;
}
