/**
 * BuildKit's MultipleInstructionsDisallowed: several CMD, ENTRYPOINT or HEALTHCHECK in one stage.
 * Only the last one takes effect; the earlier ones are reported (faded as unnecessary) with a
 * pointer to the one that wins. Quick fix: delete the earlier one.
 */
import type { Rule } from './rule';
import type { Instruction } from '../../analysis/model';

const SINGLE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const multipleInstructions: Rule = {
  id: 'multiple-instructions',
  buildkit: 'MultipleInstructionsDisallowed',
  defaultSeverity: 'warning',
  summary: 'Several CMD, ENTRYPOINT or HEALTHCHECK in one stage: only the last one takes effect.',
  check({ model }) {
    const findings = [];
    for (const stage of model.stages) {
      // Made only for the stages that need them (most have no CMD, ENTRYPOINT or HEALTHCHECK twice).
      let last: Map<string, Instruction> | undefined;
      let next: Map<Instruction, Instruction> | undefined; // BuildKit reads the `# check=` comments of the next one
      for (const instruction of stage.instructions) {
        if (!SINGLE.has(instruction.keyword)) continue;
        const previous = (last ??= new Map()).get(instruction.keyword);
        if (previous) (next ??= new Map()).set(previous, instruction);
        last.set(instruction.keyword, instruction);
      }
      if (!next) continue;
      for (const instruction of stage.instructions) {
        const winner = last!.get(instruction.keyword);
        if (!winner || winner === instruction) continue;
        findings.push({
          range: instruction.range,
          checkLine: next.get(instruction)!.range.start.line,
          message: `Multiple ${next.get(instruction)!.keywordText} instructions should not be used in the same stage because only the last one will be used`,
          tags: [1 as const],
          data: { delete: { start: { line: instruction.range.start.line, character: 0 }, end: { line: instruction.range.end.line + 1, character: 0 } } },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const range = (diagnostic.data as { delete?: { start: { line: number; character: number }; end: { line: number; character: number } } } | undefined)
      ?.delete;
    return range
      ? [{ title: 'Remove this instruction (it has no effect)', isPreferred: true, edit: { changes: { [context.uri]: [{ range, newText: '' }] } } }]
      : [];
  },
};
