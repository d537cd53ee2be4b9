import type { FoldingRange } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function foldingRanges(context: FeatureContext): FoldingRange[] {
  return baseline().computeFoldingRanges(context.document.getText());
}
