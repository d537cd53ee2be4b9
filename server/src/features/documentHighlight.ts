import type { DocumentHighlight, DocumentHighlightParams } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function documentHighlight(context: FeatureContext, params: DocumentHighlightParams): DocumentHighlight[] {
  return baseline().computeHighlightRanges(context.document.getText(), params.position);
}
