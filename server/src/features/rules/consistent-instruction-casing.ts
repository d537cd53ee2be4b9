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

function stageInstructions(model: DockerfileModel): Instruction[] {
  return model.stages.flatMap((stage) => stage.instructions);
}

function majorityLower(instructions: Instruction[]): boolean {
  let lower = 0;
  let upper = 0;
  for (const { keywordText } of instructions) {
    if (keywordText === keywordText.toLowerCase()) lower++;
    else if (keywordText === keywordText.toUpperCase()) upper++;
  }
  return lower > upper;
}

export const consistentInstructionCasing: Rule = {
  id: 'consistent-instruction-casing',
  buildkit: 'ConsistentInstructionCasing',
  defaultSeverity: 'information',
  summary: "An instruction keyword is not cased like most of the file's (all upper or all lower).",
  check({ model }) {
    const instructions = stageInstructions(model);
    const lower = majorityLower(instructions);
    const casing = lower ? 'lowercase' : 'uppercase';
    const findings: Finding[] = [];
    for (const instruction of instructions) {
      const expected = lower ? instruction.keywordText.toLowerCase() : instruction.keywordText.toUpperCase();
      if (instruction.keywordText === expected) continue;
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
