/**
 * `FROM image as name` or `from image AS name`: the `AS` keyword should be cased like `FROM`
 * (BuildKit FromAsCasing). A mixed-case `From` is left to instruction-casing checks.
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';

export const fromAsCasing: Rule = {
  id: 'from-as-casing',
  buildkit: 'FromAsCasing',
  defaultSeverity: 'information',
  summary: "The 'AS' keyword is not cased like 'FROM'.",
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      const { keywordText, args } = stage.fromInstruction;
      if (args.length < 3 || args[1].value.toLowerCase() !== 'as') continue;
      const upper = keywordText === keywordText.toUpperCase();
      const lower = keywordText === keywordText.toLowerCase();
      if (!upper && !lower) continue;
      const expected = upper ? 'AS' : 'as';
      if (args[1].value === expected) continue;
      findings.push({
        range: args[1].range,
        message: `'${args[1].value}' and '${keywordText}' keywords' casing do not match`,
        data: { expected },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const expected = (diagnostic.data as { expected?: string } | undefined)?.expected;
    return expected ? [textFix(context, `Write \`${expected}\``, diagnostic.range, expected, true)] : [];
  },
};
