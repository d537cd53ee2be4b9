import type { DefinitionParams, Location } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function definition(context: FeatureContext, params: DefinitionParams): Location | null {
  return baseline().computeDefinition({ uri: context.document.uri }, context.document.getText(), params.position) ?? null;
}
