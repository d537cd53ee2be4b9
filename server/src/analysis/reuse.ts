/**
 * Parsing a new version of a document from the last one: an instruction whose lines did not change
 * is taken from the last model as it was read (its words, flags, ranges and heredocs), and the scan
 * skips its lines. Typing a character in a 10k-line file changes one line; reading every other
 * instruction again (the scan joining continuations, then splitting words and working out the
 * position of each) was most of the parse the next hover waited for. The model built from the
 * instructions (stages, variables, references, plans) is made anew each time: it is linear and
 * cheap next to the reading.
 *
 * Positions are line/character, so an instruction can be taken only where the line numbers are the
 * same: anywhere when the file has as many lines as before (a character typed or deleted), and only
 * above the first changed line when the count changed (a line added or removed).
 * Pure: no LSP, no I/O.
 */
import type { DockerfileModel, Instruction } from './model';
import { continues } from './scanner';

/** What the last parse of a document leaves for the next one: the lines it read and the model it made. */
export interface ParseBase {
  lines: readonly string[];
  model: DockerfileModel;
}

/**
 * Are these the same instruction objects? A parse takes an instruction whose lines did not change,
 * in a stage of the same index, as the same object, and makes a new one for any other; so the same
 * objects are the same instructions at the same positions, in a stage of the same index.
 */
export function sameInstructions(a: readonly Instruction[], b: readonly Instruction[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `reuse(line)` for `scan`: the last parse's instruction that starts on `line`, when the new text
 * reads the same from there, or undefined. Called with increasing lines (the scan goes forward).
 *
 * Reading an instruction depends only on its own lines, with two exceptions that are never taken:
 * one whose last line continues (the scan went past its end through empty and comment lines to the
 * end of the file, and would join a line typed there) and one with an unclosed heredoc (read to the
 * end of the file).
 */
export function reuseFrom(base: ParseBase | undefined, lines: readonly string[], escape: string): ((line: number) => Instruction | undefined) | undefined {
  if (!base || base.model.directives.escape !== escape || base.model.instructions.length === 0) return undefined;
  const old = base.lines;
  const sameCount = old.length === lines.length;
  const shared = Math.min(old.length, lines.length);
  let firstChanged = 0;
  while (firstChanged < shared && old[firstChanged] === lines[firstChanged]) firstChanged++;
  // With the same count, the changed lines in order; otherwise every line from the first change on counts as changed.
  const changed: number[] = [];
  if (sameCount) for (let line = firstChanged; line < shared; line++) if (old[line] !== lines[line]) changed.push(line);
  let nextChanged = 0; // first entry of `changed` not before the line asked about
  const touched = (start: number, end: number): boolean => {
    if (!sameCount) return end >= firstChanged;
    while (nextChanged < changed.length && changed[nextChanged] < start) nextChanged++;
    return nextChanged < changed.length && changed[nextChanged] <= end;
  };
  const previous = base.model.instructions;
  let next = 0; // first instruction of the last parse not before the line asked about
  return (line) => {
    while (next < previous.length && previous[next].range.start.line < line) next++;
    const candidate = previous[next];
    if (!candidate || candidate.range.start.line !== line) return undefined;
    const end = candidate.range.end.line;
    if (end >= lines.length || touched(line, end)) return undefined;
    if (continues(lines[end], escape) || candidate.heredocs.some((heredoc) => !heredoc.terminated)) return undefined;
    return candidate;
  };
}
