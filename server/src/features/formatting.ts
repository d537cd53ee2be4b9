import type { DocumentFormattingParams, DocumentRangeFormattingParams, DocumentOnTypeFormattingParams, TextEdit } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function formatDocument(context: FeatureContext, params: DocumentFormattingParams): TextEdit[] {
  return baseline().format(context.document.getText(), params.options);
}

export function formatRange(context: FeatureContext, params: DocumentRangeFormattingParams): TextEdit[] {
  return baseline().formatRange(context.document.getText(), params.range, params.options);
}

export function formatOnType(context: FeatureContext, params: DocumentOnTypeFormattingParams): TextEdit[] {
  return baseline().formatOnType(context.document.getText(), params.position, params.ch, params.options);
}
