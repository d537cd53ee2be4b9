import type { DefinitionParams, Location } from 'vscode-languageserver';
import { stageOccurrenceAt } from '../analysis/lookup';
import { baseline, type FeatureContext } from './context';

/** A stage reference goes to the stage's name (or its FROM when unnamed); anything else to the baseline. */
export function definition(context: FeatureContext, params: DefinitionParams): Location | null {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (occurrence) {
    const stage = context.model.stages[occurrence.stageIndex];
    return { uri: context.document.uri, range: stage.nameRange ?? stage.fromInstruction.keywordRange };
  }
  return baseline().computeDefinition({ uri: context.document.uri }, context.document.getText(), params.position) ?? null;
}
