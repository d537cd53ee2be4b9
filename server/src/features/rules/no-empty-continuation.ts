/**
 * BuildKit's NoEmptyContinuation (parser/parser.go): an instruction continued with `\` over an empty
 * line (`RUN a \`, blank line, `  b`). BuildKit reports it once per instruction, on the last line its
 * continuation reads, with its message; it says such lines will become errors. Quick fix: delete the
 * empty lines.
 */
import type { Finding, Rule } from './rule';
import type { Instruction } from '../../analysis/model';

/** The last line the continuation reads: before the first heredoc body, else the instruction's last. */
function lastContinuationLine(instruction: Instruction): number {
  return instruction.heredocs.length ? instruction.heredocs[0].bodyRange.start.line - 1 : instruction.range.end.line;
}

export const noEmptyContinuation: Rule = {
  id: 'no-empty-continuation',
  buildkit: 'NoEmptyContinuation',
  defaultSeverity: 'warning',
  summary: 'An empty line inside an instruction continued with \\: BuildKit will reject it in a future release.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const instruction of model.instructions) {
      const empty = instruction.emptyContinuationLines;
      if (!empty) continue;
      const line = lastContinuationLine(instruction);
      findings.push({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, message: 'Empty continuation line', data: { empty } });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const empty = (diagnostic.data as { empty?: number[] } | undefined)?.empty;
    if (!empty) return [];
    const edits = empty.map((line) => ({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }));
    return [{ title: 'Delete the empty continuation lines', isPreferred: true, edit: { changes: { [context.uri]: edits } } }];
  },
};
