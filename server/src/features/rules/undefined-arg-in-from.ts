/**
 * A variable in a FROM line (image or `--platform`) that is neither a global ARG (declared before the
 * first FROM) nor an automatic platform ARG (BuildKit UndefinedArgInFrom). It expands to empty, and
 * `--build-arg` cannot set it. The fix corrects a likely typo, or declares the ARG on top.
 */
import type { Finding, Rule } from './rule';
import { closest, textFix } from './rule';
import { globalNames, nameRangeOfUse } from './scope';

/**
 * The typo suggestions found so far among these names (one search per variable name): kept while the
 * global ARGs stay the same, as they do while one types below them, so that an edit in a large file
 * does not search again for every undeclared name of every FROM.
 */
let last: { key: string; suggestions: Map<string, string | undefined> } | undefined;

function suggestionsAmong(declared: ReadonlySet<string>): Map<string, string | undefined> {
  const key = [...declared].join('\n');
  if (last?.key !== key || last.suggestions.size > 10_000) last = { key, suggestions: new Map() };
  return last.suggestions;
}

export const undefinedArgInFrom: Rule = {
  id: 'undefined-arg-in-from',
  buildkit: 'UndefinedArgInFrom',
  defaultSeverity: 'warning',
  summary: 'A FROM line uses a variable that is not declared as a global ARG.',
  check({ model }) {
    const findings: Finding[] = [];
    const declared = globalNames(model);
    const suggestions = suggestionsAmong(declared);
    for (const stage of model.stages) {
      for (const use of stage.fromVariableUses) {
        if (declared.has(use.name)) continue;
        let suggestion = suggestions.get(use.name);
        if (suggestion === undefined && !suggestions.has(use.name)) suggestions.set(use.name, (suggestion = closest(use.name, declared)));
        const guess = suggestion && suggestion !== use.name ? ` Did you mean \`${suggestion}\`?` : '';
        findings.push({
          range: use.range,
          message: `FROM argument '${use.name}' is not declared${guess ? ` (did you mean ${suggestion}?)` : ''}`,
          data: { name: use.name, suggestion: guess ? suggestion : undefined },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const { name, suggestion } = (diagnostic.data ?? {}) as { name?: string; suggestion?: string };
    if (!name) return [];
    const fixes = [];
    const stage = context.model.stages.find((s) =>
      s.fromVariableUses.some(
        (u) => u.name === name && u.range.start.line === diagnostic.range.start.line && u.range.start.character === diagnostic.range.start.character,
      ),
    );
    const use = stage?.fromVariableUses.find(
      (u) => u.range.start.line === diagnostic.range.start.line && u.range.start.character === diagnostic.range.start.character,
    );
    if (suggestion && use) fixes.push(textFix(context, `Change to \`${suggestion}\``, nameRangeOfUse(use), suggestion, true));
    const first = context.model.stages[0]?.fromInstruction.range.start;
    if (first) {
      const line = { line: first.line, character: 0 };
      fixes.push(textFix(context, `Declare \`ARG ${name}\` before the first FROM`, { start: line, end: line }, `ARG ${name}\n`, !suggestion));
    }
    return fixes;
  },
};
