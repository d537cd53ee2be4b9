import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { DockerfileModel } from '../analysis/model';
import { isSuppressed, readSuppressions } from '../analysis/suppressions';
import type { FeatureContext } from './context';
import { rules } from './rules';
import type { RuleContext, RuleEnvironment, RuleSeverity } from './rules/rule';
import { ruleDocsUri } from './rules/docs';

export const SOURCE = 'stagecraft';

const LSP_SEVERITY: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  hint: DiagnosticSeverity.Hint,
  information: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

/**
 * Findings of every rule that is on for this document, with its configured severity, minus the
 * suppressed ones. A rule that throws is skipped (and reported by `onError`): it never hides the others.
 */
export function ruleDiagnostics(context: FeatureContext, env: RuleEnvironment = {}, onError?: (id: string, error: unknown) => void): Diagnostic[] {
  const { model, settings } = context;
  const suppressions = readSuppressions(model);
  const ruleContext: RuleContext = { uri: context.document.uri, model, env };
  const result: Diagnostic[] = [];
  for (const rule of rules) {
    let severity = settings.diagnostics[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    if (rule.buildkit && suppressions.buildkitError && severity !== 'hint') severity = 'error';
    let findings;
    try { findings = rule.check(ruleContext); } catch (error) { onError?.(rule.id, error); continue; }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const finding of findings) {
      if (isSuppressed(suppressions, rule.id, rule.buildkit, finding.range.start.line)) continue;
      result.push({
        range: finding.range,
        message: finding.message,
        severity: LSP_SEVERITY[severity],
        source: SOURCE,
        code: rule.id,
        codeDescription: { href: ruleDocsUri(rule.id) },
        ...(finding.data ? { data: finding.data } : {}),
        ...(finding.tags ? { tags: finding.tags } : {}),
      });
    }
  }
  return result;
}

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
 * see validator.ts), minus its known false errors, and the rules' (the syntax rule reads the model's problems).
 */
export function diagnostics(context: FeatureContext, baselineDiagnostics: Diagnostic[], env: RuleEnvironment = {}, onError?: (id: string, error: unknown) => void): Diagnostic[] {
  const isFalse = falseAfterEndOfFlags(context.model);
  const result: Diagnostic[] = baselineDiagnostics
    .filter((diagnostic) => !isFalse(diagnostic))
    .map((diagnostic) => ({ ...diagnostic, source: SOURCE }));
  // The baseline's errors and the syntax rule's often name the same mistake: one error a line.
  const errorLines = new Set(result.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => d.range.start.line));
  result.push(...ruleDiagnostics(context, env, onError).filter((d) => d.code !== 'syntax' || !errorLines.has(d.range.start.line)));
  return result;
}
