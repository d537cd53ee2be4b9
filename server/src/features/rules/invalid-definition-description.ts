/**
 * BuildKit's InvalidDefinitionDescription (instructions/parse.go `validateDefinitionDescription`), an
 * experimental check: off unless `# check=experimental=InvalidDefinitionDescription` (or `all`)
 * enables it. A comment right above `FROM … AS name` or an `ARG` is read as its description, so its
 * first word must be the stage name (lowercased, as BuildKit keeps it) or one of the ARG's names.
 * The comment is the last of the instruction's comment run (blank lines do not end a run, an empty
 * `#` line does). Reported on the instruction, with BuildKit's message. Quick fix: an empty `#` line
 * between the comment and the instruction, so the comment is no description.
 */
import type { Finding, Rule } from './rule';
import type { Instruction } from '../../analysis/model';
import { commentsAbove } from '../../analysis/checkOptions';

/** The names a description may start with: the FROM's stage name or the ARG's keys. */
function definedNames(instruction: Instruction): string[] {
  if (instruction.keyword === 'FROM') {
    const { args } = instruction;
    return args.length === 3 && args[1].value.toLowerCase() === 'as' ? [args[2].value.toLowerCase()] : [];
  }
  if (instruction.keyword === 'ARG') return instruction.args.map((word) => word.value.split('=')[0]);
  return [];
}

export const invalidDefinitionDescription: Rule = {
  id: 'invalid-definition-description',
  buildkit: 'InvalidDefinitionDescription',
  defaultSeverity: 'information',
  summary: 'The comment above a named FROM or an ARG does not start with its name (experimental BuildKit check).',
  check({ model }) {
    const findings: Finding[] = [];
    const above = commentsAbove(model);
    for (const instruction of model.instructions) {
      const names = definedNames(instruction);
      const comments = above.get(instruction.range.start.line);
      if (!names.length || !comments) continue;
      if (names.includes(comments[comments.length - 1].split(' ')[0])) continue;
      const example = names.length > 1 ? '<arg_key>' : names[0];
      findings.push({
        range: instruction.range,
        message: `Comment for ${instruction.keyword} should follow the format: \`# ${example} <description>\``,
        data: { line: instruction.range.start.line },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const line = (diagnostic.data as { line?: number } | undefined)?.line;
    if (line === undefined) return [];
    const at = { line, character: 0 };
    return [
      {
        title: 'Separate the comment from the instruction (it is not a description)',
        isPreferred: true,
        edit: { changes: { [context.uri]: [{ range: { start: at, end: at }, newText: '#\n' }] } },
      },
    ];
  },
};
