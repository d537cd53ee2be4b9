import type { Location, ReferenceParams } from 'vscode-languageserver';
import { stageOccurrenceAt, stageOccurrences } from '../analysis/lookup';
import type { FeatureContext } from './context';

/** Every place that names a stage: `AS name`, FROM <stage>, COPY/ADD --from, RUN --mount from=. */
export function references(context: FeatureContext, params: ReferenceParams): Location[] {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (!occurrence) return [];
  return stageOccurrences(context.model, occurrence.stageIndex)
    .filter((o) => params.context.includeDeclaration || o.kind !== 'declaration')
    .map((o) => ({ uri: context.document.uri, range: o.range }));
}
