import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { baseline, type FeatureContext } from './context';

export const SOURCE = 'stagecraft';

/** All diagnostics of one document version: the baseline validator's and the model's own problems. */
export function diagnostics(context: FeatureContext): Diagnostic[] {
  const result: Diagnostic[] = baseline()
    .validate(context.document.getText())
    .map((diagnostic) => ({ ...diagnostic, source: SOURCE }));
  for (const problem of context.model.problems) {
    result.push({ range: problem.range, message: problem.message, severity: DiagnosticSeverity.Error, source: SOURCE, code: 'syntax' });
  }
  return result;
}
