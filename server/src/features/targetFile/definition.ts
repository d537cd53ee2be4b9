/** Go to definition on a target in a Compose, Dev Container or CI file: the stage in its Dockerfile. */
import type { DefinitionParams, Location } from 'vscode-languageserver';
import { targetStage } from '../../analysis/outsideBuilds';
import { dockerfileOf, targetAt, type TargetFileContext } from './context';

export function targetFileDefinition(context: TargetFileContext, params: DefinitionParams): Location | null {
  const ref = targetAt(context, params.position);
  const found = ref && dockerfileOf(context, ref);
  const index = found && ref.target !== undefined ? targetStage(found.model, ref.target) : undefined;
  if (!found || index === undefined) return null;
  const stage = found.model.stages[index];
  return { uri: found.uri, range: stage.nameRange ?? stage.fromInstruction.keywordRange };
}
