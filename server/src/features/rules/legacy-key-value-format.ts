/**
 * BuildKit's LegacyKeyValueFormat (dockerfile2llb/convert.go `dispatchEnv`, `dispatchLabel`): an ENV
 * or LABEL of a stage in the legacy whitespace form, `ENV key value` (the first word has no `=`; the
 * rest of the line is the value). Reported on the instruction, with BuildKit's message (naming the
 * keyword as written). Quick fix: `key=value` (the value quoted when it has several words).
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';
import type { Instruction } from '../../analysis/model';

const KEYWORDS = new Set(['ENV', 'LABEL']);

/** `key=value` for a legacy pair, or undefined when the words are not plain enough to rewrite. */
function rewrite(instruction: Instruction): string | undefined {
  const [key, ...rest] = instruction.args;
  if (rest.length === 1) return `${key.value}=${rest[0].value}`;
  if (rest.some((word) => /["'\\$`]/.test(word.value))) return undefined;
  return `${key.value}="${rest.map((word) => word.value).join(' ')}"`;
}

export const legacyKeyValueFormat: Rule = {
  id: 'legacy-key-value-format',
  buildkit: 'LegacyKeyValueFormat',
  defaultSeverity: 'warning',
  summary: 'ENV or LABEL in the legacy "key value" form: write key=value.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (!KEYWORDS.has(instruction.keyword) || instruction.args.length < 2 || instruction.args[0].value.includes('=')) continue;
        const name = instruction.keywordText;
        const text = rewrite(instruction);
        const first = instruction.args[0].range.start;
        const last = instruction.args[instruction.args.length - 1].range.end;
        findings.push({
          range: instruction.range,
          message: `"${name} key=value" should be used instead of legacy "${name} key value" format`,
          ...(text ? { data: { text, start: first, end: last } } : {}),
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { text?: string; start?: { line: number; character: number }; end?: { line: number; character: number } } | undefined;
    if (!data?.text || !data.start || !data.end) return [];
    return [textFix(context, `Write ${data.text}`, { start: data.start, end: data.end }, data.text, true)];
  },
};
