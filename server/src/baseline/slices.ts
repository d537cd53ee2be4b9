/**
 * Slices of a Dockerfile for dockerfile-language-service, whose parse grows faster than the file
 * (comments x stages, variables x stages): on a large file the baseline gets only the part a result
 * depends on, and results are mapped back to the file's lines.
 *
 * A file is cut into a prelude (the lines before the first FROM: directives, global ARGs) and one
 * chunk per stage. A chunk starts at the blank and comment lines right before its FROM (so a
 * `# dockerfile-utils: ignore` above a FROM stays with it) and ends where the next chunk starts.
 * The slice of stage k is the prelude, one empty line (so the prelude's last comment cannot apply to
 * the chunk's first instruction), then the chunk: a hover, a completion or a fold in one stage sees
 * what it sees in the whole file (the global ARGs and the stage). Pure: no LSP, no I/O.
 */
import type { DockerfileModel } from '../analysis/model';

/** Line spans, zero-based, end exclusive. */
export interface SlicePlan {
  /** Lines [0, preludeEnd) come before the first FROM. */
  preludeEnd: number;
  /** One [start, end) per stage, in file order, covering preludeEnd to the end of the file. */
  chunks: [number, number][];
}

/**
 * Where to cut, from the model; undefined when slicing could change a result, so the whole text is
 * used: no stage, or an unclosed heredoc, whose reading by the baseline runs to the end of the file
 * across every cut. A line that is no instruction stays in its stage's slice: the model and the
 * baseline both read it, and its continuation lines, as one instruction, so it cannot cross a cut
 * (a typo while typing in a large file must not make the whole file the unit of work).
 */
export function slicePlan(model: DockerfileModel, lineText: (line: number) => string): SlicePlan | undefined {
  if (model.stages.length === 0 || model.problems.some((problem) => problem.kind === 'unclosed-heredoc')) return undefined;
  const commentLines = new Set(model.comments.map((comment) => comment.line));
  const quiet = (line: number) => commentLines.has(line) || /^[\s\uFEFF]*$/.test(lineText(line));
  const starts: number[] = [];
  let previousEnd = -1; // last line of the previous stage's last instruction
  for (const stage of model.stages) {
    const fromLine = stage.fromInstruction.range.start.line;
    let start = fromLine;
    if (stage.index > 0) while (start - 1 > previousEnd && quiet(start - 1)) start--;
    starts.push(start);
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.fromInstruction;
    previousEnd = last.range.end.line;
  }
  const preludeEnd = starts[0];
  const chunks: [number, number][] = starts.map((start, i) => [start, i + 1 < starts.length ? starts[i + 1] : model.lineCount]);
  return { preludeEnd, chunks };
}

/** Offsets of the start of every line, and one past the end (line terminators belong to their line). */
export function lineOffsets(text: string): number[] {
  const offsets = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) offsets.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      offsets.push(i + 1);
    }
  }
  offsets.push(text.length);
  return offsets;
}

/** A text made of pieces of the file, with the map from its lines back to the file's. */
export class Slice {
  /** Pieces: [first line in the slice, first line in the file, line count]. */
  private readonly pieces: [number, number, number][] = [];
  private readonly parts: string[] = [];
  private joined: string | undefined;
  private lineCount = 0;
  /** Does the text so far end with a line terminator (or is it empty)? */
  private terminated = true;

  get text(): string {
    this.joined ??= this.parts.join('');
    return this.joined;
  }

  constructor(
    private readonly source: string,
    private readonly offsets: number[],
  ) {}

  /** Appends the file's lines [start, end). */
  add(start: number, end: number): this {
    if (end <= start) return this;
    this.pieces.push([this.lineCount, start, end - start]);
    const from = this.offsets[start];
    const to = this.offsets[Math.min(end, this.offsets.length - 1)];
    this.parts.push(this.source.slice(from, to));
    this.joined = undefined;
    const last = to > from ? this.source.charCodeAt(to - 1) : 10;
    this.terminated = last === 10 || last === 13;
    this.lineCount += end - start;
    return this;
  }

  isEmpty(): boolean {
    return this.lineCount === 0;
  }

  /** Appends an empty line that maps to no line of the file. */
  gap(): this {
    if (!this.terminated) this.parts.push('\n'); // the file's last line had no terminator
    this.parts.push('\n');
    this.joined = undefined;
    this.terminated = true;
    this.lineCount++;
    return this;
  }

  /** The file's line for a line of the slice; undefined for a gap. */
  toFile(line: number): number | undefined {
    for (const [first, fileLine, count] of this.pieces) {
      if (line >= first && line < first + count) return fileLine + (line - first);
    }
    // The end of the slice's last line (a position after its last terminator) maps past the last piece.
    const last = this.pieces[this.pieces.length - 1];
    if (last && line === last[0] + last[2]) return last[1] + last[2];
    return undefined;
  }

  /** The slice's line for a line of the file; undefined when the slice does not hold it. */
  fromFile(line: number): number | undefined {
    for (const [first, fileLine, count] of this.pieces) {
      if (line >= fileLine && line < fileLine + count) return first + (line - fileLine);
    }
    return undefined;
  }
}

/**
 * The slice for stage `index`: prelude, gap, chunk (stage 0: the file's first lines as they are).
 * `ancestors` (earlier stages, e.g. the stages it is built FROM) come before it, each after a gap.
 */
export function stageSlice(text: string, offsets: number[], plan: SlicePlan, index: number, ancestors: number[] = []): Slice {
  const slice = new Slice(text, offsets);
  const stages = [...new Set([...ancestors, index])].sort((a, b) => a - b);
  for (const stage of stages) {
    const [start, end] = plan.chunks[stage];
    if (stage === 0) slice.add(0, end);
    else {
      if (slice.isEmpty()) slice.add(0, plan.preludeEnd);
      // Always a gap, even after no prelude: a blank line ends the parser directives, so a comment
      // such as `# escape=x` above a later FROM stays a comment, as in the file.
      slice.gap();
      slice.add(start, end);
    }
  }
  return slice;
}

/** The stage whose chunk holds a line of the file (-1: the prelude). */
export function stageAtLine(plan: SlicePlan, line: number): number {
  if (line < plan.preludeEnd) return -1;
  let low = 0;
  let high = plan.chunks.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (plan.chunks[mid][0] <= line) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A 53-bit hash of a string (two 32-bit FNV-1a variants) with its length: cache keys that hold no text. */
export function textKey(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519) ^ (h2 >>> 15);
  }
  return `${text.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}
