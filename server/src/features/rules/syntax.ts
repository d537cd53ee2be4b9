/**
 * What `docker build` rejects before any step runs: one rule for every such error (unknown
 * instruction, missing arguments, bad flags and flag values, JSON arrays of non-strings, heredocs,
 * parser directives, ONBUILD triggers, instructions before FROM, mount options…), with BuildKit's
 * message on the instruction's line. The errors come from analysis/syntax.ts (pure, BuildKit's rules);
 * one rule rather than one per message, since a file BuildKit cannot read has one thing to fix first
 * and `# check=skip=` cannot silence parse errors. A base name that is blank only without
 * `--build-arg` is left to invalid-default-arg-in-from (a warning: the build arg may be passed).
 * Quick fix: an unknown instruction or flag close to a known one is changed to it.
 */
import { syntaxErrors } from '../../analysis/syntax';
import type { Finding, Rule } from './rule';
import { closest, textFix } from './rule';

export const syntax: Rule = {
  id: 'syntax',
  defaultSeverity: 'error',
  summary: "Something `docker build` (BuildKit) rejects before running any step; the message is BuildKit's.",
  check({ model }) {
    const findings: Finding[] = [];
    for (const error of syntaxErrors(model)) {
      if (error.buildArgs) continue;
      const unknown = error.unknown;
      let suggestion = unknown && closest(unknown.name, unknown.candidates);
      if (suggestion && unknown!.name === unknown!.name.toLowerCase()) suggestion = suggestion.toLowerCase();
      findings.push({
        range: error.range,
        message: suggestion ? `${error.message} (did you mean ${suggestion}?)` : error.message,
        ...(suggestion ? { data: { suggestion, range: unknown!.range } } : {}),
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { suggestion?: string; range?: Finding['range'] } | undefined;
    return data?.suggestion && data.range ? [textFix(context, `Change to \`${data.suggestion}\``, data.range, data.suggestion, true)] : [];
  },
};
