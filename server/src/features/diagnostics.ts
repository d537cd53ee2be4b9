import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { DockerfileModel } from '../analysis/model';
import type { FeatureContext } from './context';

export const SOURCE = 'stagecraft';

// dockerfile-utils codes it reports wrongly after BuildKit's `--` end-of-flags marker.
const UNKNOWN_FLAG = 40;
const NEEDS_TWO_ARGUMENTS = 7;

/** Baseline errors that are wrong for `COPY -- src dst` / `ADD -- src dst` (`--` ends the flags). */
function falseAfterEndOfFlags(model: DockerfileModel): (diagnostic: Diagnostic) => boolean {
  const lines = new Map<number, number>(); // line -> argument count of an instruction that used `--`
  for (const instruction of model.instructions) {
    if (instruction.endOfFlags) lines.set(instruction.keywordRange.start.line, instruction.args.length);
  }
  if (lines.size === 0) return () => false;
  return (diagnostic) => {
    const args = lines.get(diagnostic.range.start.line);
    if (args === undefined) return false;
    return diagnostic.code === UNKNOWN_FLAG || (diagnostic.code === NEEDS_TWO_ARGUMENTS && args >= 2);
  };
}

/**
 * All diagnostics of one document version: the baseline validator's (computed off the main thread,
 * see validator.ts), minus its known false errors, and the model's own problems.
 */
export function diagnostics(context: FeatureContext, baselineDiagnostics: Diagnostic[]): Diagnostic[] {
  const isFalse = falseAfterEndOfFlags(context.model);
  const result: Diagnostic[] = baselineDiagnostics
    .filter((diagnostic) => !isFalse(diagnostic))
    .map((diagnostic) => ({ ...diagnostic, source: SOURCE }));
  const errorLines = new Set(result.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.range.start.line));
  for (const problem of context.model.problems) {
    if (errorLines.has(problem.range.start.line)) continue; // the baseline already reports this line
    result.push({ range: problem.range, message: problem.message, severity: DiagnosticSeverity.Error, source: SOURCE, code: 'syntax' });
  }
  return result;
}
