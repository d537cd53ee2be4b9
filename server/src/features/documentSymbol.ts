import type { SymbolInformation } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function documentSymbols(context: FeatureContext): SymbolInformation[] {
  return baseline().computeSymbols({ uri: context.document.uri }, context.document.getText());
}
