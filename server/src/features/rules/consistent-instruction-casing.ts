/**
 * BuildKit's ConsistentInstructionCasing (dockerfile2llb/validations.go `validateCommandCasing`):
 * the keywords of the stages' instructions (FROM included, global ARGs not) are counted as all
 * lowercase or all uppercase; the majority wins (a tie is uppercase), and every keyword that is not
 * in the majority's casing (`From` never is) is reported with BuildKit's message. Quick fix: the
 * keyword in the majority's casing.
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';
import type { DockerfileModel, Instruction } from '../../analysis/model';

const LOWER_LETTER = /[a-z]/;
const UPPER_LETTER = /[A-Z]/;

/** The keyword's casing as written, told without making a cased copy of it (one per instruction and edit). */
function casingOf({ keywordText }: Instruction): 'upper' | 'lower' | 'mixed' {
  if (!LOWER_LETTER.test(keywordText)) return 'upper';
  return UPPER_LETTER.test(keywordText) ? 'mixed' : 'lower';
}

function majorityLower(model: DockerfileModel): boolean {
  let lower = 0;
  let upper = 0;
  for (const stage of model.stages)
    for (const instruction of stage.instructions) {
      const casing = casingOf(instruction);
      if (casing === 'lower') lower++;
      else if (casing === 'upper') upper++;
    }
  return lower > upper;
}

export const consistentInstructionCasing: Rule = {
  id: 'consistent-instruction-casing',
  buildkit: 'ConsistentInstructionCasing',
  defaultSeverity: 'information',
  summary: "An instruction keyword is not cased like most of the file's (all upper or all lower).",
  check({ model }) {
    const lower = majorityLower(model);
    const casing = lower ? 'lowercase' : 'uppercase';
    const findings: Finding[] = [];
    for (const stage of model.stages)
      for (const instruction of stage.instructions) {
        if (casingOf(instruction) === (lower ? 'lower' : 'upper')) continue;
        const expected = lower ? instruction.keywordText.toLowerCase() : instruction.keywordText.toUpperCase();
        findings.push({
          range: instruction.keywordRange,
          message: `Command '${instruction.keywordText}' should match the case of the command majority (${casing})`,
          data: { expected },
        });
      }
    return findings;
  },
  fixes(context, diagnostic) {
    const expected = (diagnostic.data as { expected?: string } | undefined)?.expected;
    return expected ? [textFix(context, `Write ${expected}`, diagnostic.range, expected, true)] : [];
  },
};
