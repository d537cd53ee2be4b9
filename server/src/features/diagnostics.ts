import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from '../lsp';
import { buildkitMayRun, isSuppressed, readSuppressions } from '../analysis/suppressions';
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
  const suppressions = readSuppressions(model, settings.buildArgs);
  const ruleContext: RuleContext = { uri: context.document.uri, model, env, buildArgs: settings.buildArgs };
  const result: Diagnostic[] = [];
  for (const rule of rules) {
    let severity = settings.diagnostics[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    if (rule.buildkit && !buildkitMayRun(suppressions, rule.buildkit)) continue; // every finding would be suppressed
    if (rule.buildkit && suppressions.checks?.error && severity !== 'hint') severity = 'error';
    let findings;
    try {
      findings = rule.check(ruleContext);
    } catch (error) {
      onError?.(rule.id, error);
      continue;
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const lspSeverity = LSP_SEVERITY[severity];
    const codeDescription = { href: ruleDocsUri(rule.id) }; // one per rule and run: the findings only go out as JSON
    for (const finding of findings) {
      if (isSuppressed(suppressions, rule.id, rule.buildkit, finding.range.start.line, finding.checkLine)) continue;
      // Made, then given its optional keys (not spread in: a spread made and copied an object per key and finding).
      const diagnostic: Diagnostic = { range: finding.range, message: finding.message, severity: lspSeverity, source: SOURCE, code: rule.id, codeDescription };
      if (finding.data) diagnostic.data = finding.data;
      if (finding.tags) diagnostic.tags = finding.tags;
      result.push(diagnostic);
    }
  }
  return result;
}

/**
 * All diagnostics of one document version: the findings of every rule that is on (the syntax rule
 * reports what BuildKit rejects; dockerfile-utils' validator is no longer run).
 */
export function diagnostics(context: FeatureContext, env: RuleEnvironment = {}, onError?: (id: string, error: unknown) => void): Diagnostic[] {
  return ruleDiagnostics(context, env, onError);
}
