import type { Hover, HoverParams } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function hover(context: FeatureContext, params: HoverParams): Hover | null {
  return baseline().computeHover(context.document.getText(), params.position);
}
