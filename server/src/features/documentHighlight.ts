import type { DocumentHighlight, DocumentHighlightParams } from 'vscode-languageserver';
import { DocumentHighlightKind } from '../lsp';
import { stageOccurrenceAt, stageOccurrences } from '../analysis/lookup';
import { baseline, type FeatureContext } from './context';

export function documentHighlight(context: FeatureContext, params: DocumentHighlightParams): DocumentHighlight[] {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (occurrence) {
    return stageOccurrences(context.model, occurrence.stageIndex).map((o) => ({
      range: o.range,
      kind: o.kind === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  }
  return baseline().computeHighlightRanges(context.document.getText(), params.position);
}
