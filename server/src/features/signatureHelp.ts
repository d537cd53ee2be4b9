import type { SignatureHelp, SignatureHelpParams } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export function signatureHelp(context: FeatureContext, params: SignatureHelpParams): SignatureHelp | null {
  return baseline().computeSignatureHelp(context.document.getText(), params.position);
}
