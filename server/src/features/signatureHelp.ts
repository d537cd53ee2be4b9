import type { SignatureHelp, SignatureHelpParams } from 'vscode-languageserver';
import type { FeatureContext } from './context';
import { slicedSignatureHelp } from '../baseline/sliced';

/** The baseline's, on the stage around the cursor when the file is large. */
export function signatureHelp(context: FeatureContext, params: SignatureHelpParams): SignatureHelp | null {
  return slicedSignatureHelp(context.model, context.document.getText(), params.position);
}
