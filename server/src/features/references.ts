import type { Location, ReferenceParams } from 'vscode-languageserver';
import { stageOccurrenceAt, stageOccurrences } from '../analysis/lookup';
import { outsideOccurrences } from '../analysis/outsideBuilds';
import type { FeatureContext } from './context';

/**
 * Every place that names a stage: `AS name`, FROM <stage>, COPY/ADD --from, RUN --mount from=, and
 * the Compose, Dev Container and CI files that build it as their target.
 */
export function references(context: FeatureContext, params: ReferenceParams): Location[] {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (!occurrence) return [];
  return stageOccurrences(context.model, occurrence.stageIndex)
    .filter((o) => params.context.includeDeclaration || o.kind !== 'declaration')
    .map((o) => ({ uri: context.document.uri, range: o.range }))
    .concat(outsideOccurrences(context.model, context.env?.builds ?? [], occurrence.stageIndex));
}
