import type { DocumentLink } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function documentLinks(context: FeatureContext): DocumentLink[] {
  return baseline().computeLinks(context.document.getText());
}

export function resolveDocumentLink(link: DocumentLink): DocumentLink {
  return baseline().resolveLink(link);
}
