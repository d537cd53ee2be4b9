import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export async function completion(context: FeatureContext, params: CompletionParams): Promise<CompletionItem[]> {
  return baseline().computeCompletionItems(context.document.getText(), params.position);
}

export function resolveCompletion(item: CompletionItem): CompletionItem {
  return baseline().resolveCompletionItem(item);
}
