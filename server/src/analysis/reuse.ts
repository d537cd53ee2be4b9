/**
 * Parsing a new version of a document from the last one: an instruction whose lines did not change
 * is taken from the last model as it was read (its words, flags, ranges and heredocs), and the scan
 * skips its lines. Typing a character in a 10k-line file changes one line; reading every other
 * instruction again (the scan joining continuations, then splitting words and working out the
 * position of each) was most of the parse the next hover waited for. The model built from the
 * instructions (stages, variables, references, plans) is made anew each time: it is linear and
 * cheap next to the reading.
 *
 * Positions are line/character, so an instruction is taken as it is only where the line numbers are
 * the same: anywhere when the file has as many lines as before (a character typed or deleted), and
 * above the first changed line when the count changed (a line added or removed, a paste). Below the
 * last changed line of such an edit, an instruction is taken moved: a copy with its positions moved
 * by the lines added or removed, its words, flags and heredocs otherwise as they were read (copying
 * positions is a fraction of reading the lines again, and it was half the file on average).
 * Pure: no LSP, no I/O.
 */
import type { Comment, DockerfileModel, Flag, Heredoc, Instruction, Position, Range, Word } from './model';
import { continues, detach, splitLines, type Reuse } from './scanner';

/** Characters compared at once while looking for where two versions of a text start and stop differing. */
const CHUNK = 1024;

/**
 * The lines of `source` (as `splitLines` gives them), from the lines of the last version: only the
 * lines an edit touched are split again, and every other line is the last version's own string.
 * Splitting the whole text made a string per line on every edit (10k strings for the 10k-line file),
 * and the reuse checks below compare lines that are then the same objects. The edit is found by
 * comparing the texts from both ends, a slice of characters at a time. The lines of the first
 * version are cuts of its text, which they keep alive (one copy of the text beside the document's).
 */
export function linesFrom(previousSource: string, previousLines: readonly string[], source: string): readonly string[] {
  if (previousSource === source) return previousLines;
  const oldLength = previousSource.length;
  const newLength = source.length;
  const shorter = Math.min(oldLength, newLength);
  let prefix = 0;
  while (prefix + CHUNK <= shorter && previousSource.slice(prefix, prefix + CHUNK) === source.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < shorter && previousSource.charCodeAt(prefix) === source.charCodeAt(prefix)) prefix++;
  const most = shorter - prefix;
  let suffix = 0;
  while (
    suffix + CHUNK <= most &&
    previousSource.slice(oldLength - suffix - CHUNK, oldLength - suffix) === source.slice(newLength - suffix - CHUNK, newLength - suffix)
  )
    suffix += CHUNK;
  while (suffix < most && previousSource.charCodeAt(oldLength - suffix - 1) === source.charCodeAt(newLength - suffix - 1)) suffix++;
  // Old lines `first`..`last` (each with its line break) hold the changed characters, and the one
  // before the first (a line break typed after a CR joins it) and the one at the end (a CR typed
  // before an LF joins them): they are split again, the lines before and after are kept.
  const lastLine = previousLines.length - 1;
  const before = Math.max(0, prefix - 1);
  const after = oldLength - suffix;
  let first = 0;
  let start = 0; // where line `first` starts
  let next = nextLineStart(previousSource, previousLines, 0, 0);
  while (first < lastLine && next <= before) {
    first++;
    start = next;
    next = nextLineStart(previousSource, previousLines, first, start);
  }
  let last = first;
  while (last < lastLine && next <= after) {
    last++;
    next = nextLineStart(previousSource, previousLines, last, next);
  }
  // Copied out of the text: a line cut from it would keep this version's whole text alive for as long
  // as the line is kept, long after the document moved on (a version per edit).
  const middle = splitLines(source.slice(start, next + newLength - oldLength)).map(detach);
  if (last < lastLine) middle.pop(); // the text ended with line `last`'s line break: the next line is kept
  if (first === 0 && last === lastLine) return middle;
  return previousLines.slice(0, first).concat(middle, previousLines.slice(last + 1));
}

/** Where the line after line `index` (starting at `start`) starts: past its line break (CRLF, CR or LF); the text's end for the last. */
function nextLineStart(source: string, lines: readonly string[], index: number, start: number): number {
  const end = start + lines[index].length;
  if (end >= source.length) return source.length;
  return source.charCodeAt(end) === 13 && source.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

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
 * `Reuse` for `scan`: the last parse's instruction that starts on a line, when the new text reads the
 * same from there, and the last parse's comment on a line that did not change.
 *
 * Reading an instruction depends only on its own lines, with two exceptions that are never taken:
 * one whose last line continues (the scan went past its end through empty and comment lines to the
 * end of the file, and would join a line typed there) and one with an unclosed heredoc (read to the
 * end of the file).
 */
export function reuseFrom(base: ParseBase | undefined, lines: readonly string[], escape: string): Reuse | undefined {
  if (!base || base.model.directives.escape !== escape || base.model.instructions.length === 0) return undefined;
  const old = base.lines;
  const sameCount = old.length === lines.length;
  const shared = Math.min(old.length, lines.length);
  let firstChanged = 0;
  while (firstChanged < shared && old[firstChanged] === lines[firstChanged]) firstChanged++;
  // With the same count, the changed lines in order; otherwise every line from the first change to
  // the last one counts as changed, and the lines after the last change are the old ones moved by `delta`.
  const changed: number[] = [];
  if (sameCount) for (let line = firstChanged; line < shared; line++) if (old[line] !== lines[line]) changed.push(line);
  const delta = lines.length - old.length;
  let lastChanged = lines.length - 1; // in the new lines; below it, line n is the old line n - delta
  if (!sameCount) while (lastChanged >= firstChanged && lastChanged - delta >= firstChanged && old[lastChanged - delta] === lines[lastChanged]) lastChanged--;
  let nextChanged = 0; // first entry of `changed` not before the line asked about
  const touched = (start: number, end: number): boolean => {
    if (!sameCount) return end >= firstChanged;
    while (nextChanged < changed.length && changed[nextChanged] < start) nextChanged++;
    return nextChanged < changed.length && changed[nextChanged] <= end;
  };
  const previous = base.model.instructions;
  const startLine = (instruction: Instruction) => instruction.range.start.line;
  const instructionAt = cursor(previous, startLine);
  const movedInstructionAt = cursor(previous, startLine); // at the old line of a line below the last change
  const commentLine = (comment: Comment) => comment.line;
  const commentAt = cursor(base.model.comments, commentLine);
  const movedCommentAt = cursor(base.model.comments, commentLine);
  const usable = (candidate: Instruction): boolean =>
    !continues(old[candidate.range.end.line], escape) && !candidate.heredocs.some((heredoc) => !heredoc.terminated);
  return {
    instruction(line) {
      if (!sameCount && line > lastChanged) {
        const candidate = movedInstructionAt(line - delta);
        return candidate && usable(candidate) ? moved(candidate, delta) : undefined;
      }
      const candidate = instructionAt(line);
      if (!candidate) return undefined;
      const end = candidate.range.end.line;
      if (end >= lines.length || touched(line, end)) return undefined;
      if (continues(lines[end], escape) || candidate.heredocs.some((heredoc) => !heredoc.terminated)) return undefined;
      return candidate;
    },
    // A comment line is read from its own text and line number alone.
    comment(line) {
      if (!sameCount && line > lastChanged) {
        const candidate = movedCommentAt(line - delta);
        return candidate && { line, text: candidate.text, range: movedBy(candidate.range, delta) };
      }
      const candidate = commentAt(line);
      return candidate && !touched(line, line) ? candidate : undefined;
    },
  };
}

/**
 * For lines asked in increasing order: the entry of `list` (in line order, by `lineOf`) on that
 * line, if there is one. One walk over the list for all the lines asked.
 */
function cursor<T>(list: readonly T[], lineOf: (entry: T) => number): (line: number) => T | undefined {
  let next = 0; // the first entry not before the line asked last
  return (line) => {
    while (next < list.length && lineOf(list[next]) < line) next++;
    return next < list.length && lineOf(list[next]) === line ? list[next] : undefined;
  };
}

/**
 * A copy of `instruction` with every position `delta` lines further down; keys in the same order as a
 * fresh read's. A position the read shares between ranges (a range's start with its keyword's, a
 * flag's with its name's) stays shared when the ranges are next to each other (the last few
 * positions copied are remembered: a map per instruction cost more than reading the lines again).
 */
export function moved(instruction: Instruction, delta: number): Instruction {
  shift = delta;
  seen = 0;
  const flags = instruction.flags;
  const args = instruction.args;
  const heredocs = instruction.heredocs;
  // Written out, not spread: a spread of an instruction cost a tenth of a line-adding edit's parse.
  const copy: Instruction = {
    keyword: instruction.keyword,
    keywordText: instruction.keywordText,
    keywordRange: movedRange(instruction.keywordRange),
    range: movedRange(instruction.range),
    flags: flags.length ? flags.map(movedFlag) : flags,
    args: args.length ? args.map(movedWord) : args,
    jsonForm: instruction.jsonForm,
    endOfFlags: instruction.endOfFlags,
    heredocs: heredocs.length ? heredocs.map(movedHeredoc) : heredocs,
    stageIndex: instruction.stageIndex,
  };
  if (instruction.emptyContinuationLines) copy.emptyContinuationLines = instruction.emptyContinuationLines.map(movedLine);
  originals.fill(undefined);
  reads.set(copy, readOf(instruction));
  return copy;
}

/** The read `instruction` shares with the instructions it was copied from or into, if it has one yet (see `Read`). */
export function readKey(instruction: Instruction): object | undefined {
  return reads.get(instruction);
}

/**
 * How many lines down `now` is from `before`, when each of its instructions is a copy of the one at
 * the same place in `before` (moved, or the same object), all moved by the same count; undefined
 * otherwise. Such instructions were read from the same text, so all that was worked out from them
 * alone holds, moved by that count.
 */
export function movedDelta(before: readonly Instruction[], now: readonly Instruction[]): number | undefined {
  if (before.length !== now.length || now.length === 0) return undefined;
  const delta = now[0].range.start.line - before[0].range.start.line;
  for (let i = 0; i < now.length; i++) {
    const a = before[i];
    const b = now[i];
    if (b.range.start.line - a.range.start.line !== delta) return undefined;
    if (a === b) continue;
    const read = reads.get(b);
    if (read === undefined || read !== reads.get(a)) return undefined;
  }
  return delta;
}

/**
 * `copy` is `instruction` as it was read, at the same position, put in another stage (a parse takes
 * an instruction on unchanged lines as a new object when the stages above it changed, as a paste
 * with a FROM in it does): what was worked out for the one holds for the other.
 */
export function restaged(copy: Instruction, instruction: Instruction): Instruction {
  reads.set(copy, readOf(instruction));
  return copy;
}

/**
 * One read of an instruction's lines, shared by the instruction and every copy made of it (moved, or
 * put in another stage) in later versions. What `perInstruction` works out is kept with the read, at
 * the line it was worked out for. The read holds nothing: a copy that pointed at the instruction it
 * was made from kept every earlier version's instructions alive through its chain of copies (4.4 MB
 * more for each new line typed near the top of the 10k-line file).
 */
type Read = object;

const reads = new WeakMap<Instruction, Read>();

function readOf(instruction: Instruction): Read {
  let read = reads.get(instruction);
  if (!read) reads.set(instruction, (read = {}));
  return read;
}

/**
 * `work(instruction, escape)`, kept for what depends on that instruction and the escape character
 * alone. A parse of the next version takes every instruction whose lines did not change as the same
 * object, at the same position, so an edit works out again only the instructions it touched; a copy
 * (moved, or in another stage) takes what was worked out for its read, moved by `move` to its line.
 * Per escape character, one map from each read to its value and the line the value is for (the line
 * of the copy that asked last: two versions asking in turn move it back and forth, which is correct).
 */
export function perInstruction<T>(
  work: (instruction: Instruction, escape: string) => T,
  move: (value: T, delta: number) => T,
): (instruction: Instruction, escape: string) => T {
  const kept = new Map<string, WeakMap<Read, { line: number; value: T }>>();
  return (instruction, escape) => {
    let known = kept.get(escape);
    if (!known) kept.set(escape, (known = new WeakMap()));
    const line = instruction.range.start.line;
    const read = readOf(instruction);
    const entry = known.get(read);
    if (entry === undefined) {
      const value = work(instruction, escape);
      known.set(read, { line, value });
      return value;
    }
    if (entry.line !== line) {
      entry.value = move(entry.value, line - entry.line);
      entry.line = line;
    }
    return entry.value;
  };
}

/** `range` moved `delta` lines down. */
export function movedBy(range: Range, delta: number): Range {
  return { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
}

const REMEMBERED = 4;
const originals: (Position | undefined)[] = new Array(REMEMBERED).fill(undefined);
const copies: Position[] = new Array(REMEMBERED);
let seen = 0;
let shift = 0;

function movedPosition(position: Position): Position {
  for (let i = 0; i < REMEMBERED; i++) if (originals[i] === position) return copies[i];
  const copy = { line: position.line + shift, character: position.character };
  originals[seen % REMEMBERED] = position;
  copies[seen % REMEMBERED] = copy;
  seen++;
  return copy;
}

function movedRange(range: Range): Range {
  return { start: movedPosition(range.start), end: movedPosition(range.end) };
}

// Flags and words are made with these keys alone (scanner.ts, tokenize): written out, not spread, so
// that every copy has the one shape a read gives.
function movedFlag(flag: Flag): Flag {
  return {
    name: flag.name,
    value: flag.value,
    range: movedRange(flag.range),
    nameRange: movedRange(flag.nameRange),
    valueRange: flag.valueRange && movedRange(flag.valueRange),
  };
}

function movedWord(word: Word): Word {
  return { value: word.value, range: movedRange(word.range) };
}

function movedHeredoc(heredoc: Heredoc): Heredoc {
  return { ...heredoc, bodyRange: movedRange(heredoc.bodyRange) };
}

function movedLine(line: number): number {
  return line + shift;
}
