import type { PrepareRenameParams, Range, RenameParams, WorkspaceEdit } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function prepareRename(context: FeatureContext, params: PrepareRenameParams): Range | null {
  return baseline().prepareRename(context.document.getText(), params.position);
}

export function rename(context: FeatureContext, params: RenameParams): WorkspaceEdit {
  const edits = baseline().computeRename({ uri: context.document.uri }, context.document.getText(), params.position, params.newName);
  return { changes: { [context.document.uri]: edits } };
}
