/**
 * A linear scanner: splits Dockerfile text into logical instructions (continuations joined,
 * comment and empty lines inside continuations skipped, heredoc bodies consumed), each with a map
 * from offsets in the joined text back to line/character positions.
 */
import type { Comment, Heredoc, Instruction, ModelProblem, Position, Range } from './model';
import { KNOWN } from './syntaxSplit';

export interface Segment {
  offset: number;
  line: number;
  character: number;
}

/** One logical instruction before interpretation. */
export interface RawInstruction {
  keywordText: string;
  keywordRange: Range;
  /** Text after the keyword, continuations joined (escape char and newline removed). */
  rest: string;
  /** Offset of `rest` inside the joined text. */
  restOffset: number;
  segments: Segment[];
  range: Range;
  heredocs: Heredoc[];
  /** See `Instruction.emptyContinuationLines`. */
  emptyContinuationLines?: number[];
}

export interface ScanResult {
  lines: readonly string[];
  /** In file order; an `Instruction` is one an earlier parse read from the same lines (see `reuse`). */
  instructions: (RawInstruction | Instruction)[];
  comments: Comment[];
  problems: ModelProblem[];
}

const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;

/**
 * The list at its length, for lists the model keeps: an array grown by `push` keeps spare capacity
 * (V8 grows it to 17 slots and more), a copy does not. Empty arrays have no backing store to trim.
 */
export function exact<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

const known = new Map<string, string>();
let interning = false;

/**
 * Each instruction keyword, in upper and in lower case, as V8's own (internalized) string: property
 * keys are internalized, so the keys of an object made from the list are. A keyword cut from a line
 * is a string of its own until code uses it as a property key; V8 then turns it into a "thin" string
 * pointing to the internalized copy, and optimized code that puts a thin string into a template
 * makes a two-byte string (seen on Node 20). One such message made the whole diagnostics JSON of the
 * 10k-line file two-byte after a few edits: 730 instead of 365 KB to flatten on every publish, and a
 * slower UTF-8 encoding.
 */
const spellings: Record<string, number> = {};
for (const keyword of KNOWN) spellings[keyword] = spellings[keyword.toLowerCase()] = 0;
const KEYWORD_SPELLINGS = new Map(Object.keys(spellings).map((spelling) => [spelling, spelling]));

/** A keyword as written: the internalized string for an upper- or lower-case instruction keyword, else `intern(text)`. */
export function keywordSpelling(text: string): string {
  return KEYWORD_SPELLINGS.get(text) ?? intern(text);
}

/**
 * Inside `interned`, one string for all equal strings (keywords and flag, variable, ARG and ENV
 * names repeat across a file, and each substring taken from the text is a string of its own);
 * elsewhere the string itself. One module-level function rather than a closure per parse, so that
 * optimized callers keep calling the same function.
 */
export function intern(text: string): string {
  if (!interning) return text;
  const same = known.get(text);
  if (same !== undefined) return same;
  known.set(text, text);
  return text;
}

/** Runs a parse with `intern` on; the strings it remembered are dropped when the parse ends. */
export function interned<T>(parse: () => T): T {
  if (interning) return parse();
  interning = true;
  try {
    return parse();
  } finally {
    interning = false;
    known.clear();
  }
}

/**
 * `text` as a string of its own. V8 keeps a cut of 13 or more characters as a view into the string it
 * was cut from, so a word cut from a line would hold the whole text of its version; an instruction is
 * kept from version to version (reuse.ts), and every old text would stay in memory with it (a unit
 * test measures the heap over many edits; docs/performance.md, "Kept words hold no old text"). A
 * concatenation cut again is made flat first: a copy of the characters only.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function isBlank(line: string): boolean {
  return /^[\s\uFEFF]*$/.test(line);
}

export function isComment(line: string): boolean {
  return /^[\s\uFEFF]*#/.test(line);
}

/** The segment an offset of a joined logical line falls in (binary search). */
function segmentAt(segments: Segment[], offset: number): Segment {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (segments[mid].offset <= offset) low = mid;
    else high = mid - 1;
  }
  return segments[low];
}

/** Offset -> position through the segments of a joined logical line. */
export function positionAt(segments: Segment[], offset: number): Position {
  const segment = segmentAt(segments, offset);
  return { line: segment.line, character: segment.character + (offset - segment.offset) };
}

/** `positionAt`, or `same` when equal to it: a word ending its instruction shares the instruction's end object. */
export function positionOr(segments: Segment[], offset: number, same: Position): Position {
  const segment = segmentAt(segments, offset);
  const character = segment.character + (offset - segment.offset);
  return segment.line === same.line && character === same.character ? same : { line: segment.line, character };
}

export function rangeAt(segments: Segment[], start: number, end: number): Range {
  return { start: positionAt(segments, start), end: positionAt(segments, end) };
}

/** The line a continuation goes on to after `line`: the next one that is neither empty nor a comment (`lines.length` when none is left). */
function continuationOf(lines: readonly string[], line: number): number {
  let next = line + 1;
  while (next < lines.length && (isBlank(lines[next]) || isComment(lines[next]))) next++;
  return next;
}

/** Does this line continue onto the next one (ends with the escape character, trailing blanks allowed)? */
export function continues(line: string, escape: string): boolean {
  let end = line.length - 1;
  while (end >= 0 && (line[end] === ' ' || line[end] === '\t')) end--;
  if (end < 0 || line[end] !== escape) return false;
  // An escaped escape character (`\\` at the end) does not continue the line.
  let count = 0;
  while (end >= 0 && line[end] === escape) {
    count++;
    end--;
  }
  return count % 2 === 1;
}

/** An instruction an earlier parse read, or the raw text of one to read now. */
export function isKept(item: RawInstruction | Instruction): item is Instruction {
  return 'keyword' in item;
}

/**
 * A line that starts no instruction: reported once, with its continuation lines, read as an
 * instruction's are (empty and comment lines inside a continuation skipped), as the baseline and
 * BuildKit read them: a FROM after `oops \` and an empty line belongs to this line. Returns its last line.
 */
function notAnInstruction(lines: readonly string[], first: number, escape: string, problems: ModelProblem[]): number {
  const line = lines[first];
  const start = line.length - line.trimStart().length;
  let i = first;
  while (continues(lines[i], escape)) {
    const next = continuationOf(lines, i);
    if (next >= lines.length) break;
    i = next;
  }
  problems.push({
    kind: 'not-an-instruction',
    message: `Expected an instruction (such as FROM or RUN), found "${line.trim().slice(0, 40)}".`,
    token: detach(line.trim().split(/[\t\v\f\r ]+/)[0]),
    range: { start: { line: first, character: start }, end: { line: i, character: lines[i].length } },
  });
  return i;
}

/**
 * The heredocs (`<<EOF`) an instruction's joined text opens, read from the lines after `end` (where
 * the instruction ends so far), each into `heredocs`; an unclosed one is a problem and runs to the
 * end of the file. Returns where the instruction ends.
 */
function readHeredocs(lines: readonly string[], joined: string, segments: Segment[], end: Position, heredocs: Heredoc[], problems: ModelProblem[]): Position {
  let endLine = end.line;
  let endCharacter = end.character;
  HEREDOC.lastIndex = 0;
  let found: RegExpExecArray | null;
  while ((found = HEREDOC.exec(joined))) {
    const stripTabs = found[1] === '-';
    const delimiter = found[3];
    const bodyStart = endLine + 1;
    let j = bodyStart;
    let terminated = false;
    while (j < lines.length) {
      const candidate = stripTabs ? lines[j].replace(/^\t+/, '') : lines[j];
      if (candidate === delimiter) {
        terminated = true;
        break;
      }
      j++;
    }
    const bodyEndLine = Math.max(bodyStart, terminated ? j - 1 : lines.length - 1);
    const bodyRange: Range =
      bodyStart < lines.length
        ? {
            start: { line: bodyStart, character: 0 },
            end: { line: Math.min(bodyEndLine, lines.length - 1), character: lines[Math.min(bodyEndLine, lines.length - 1)].length },
          }
        : { start: { line: endLine, character: endCharacter }, end: { line: endLine, character: endCharacter } };
    heredocs.push({
      delimiter: detach(delimiter),
      stripTabs,
      quoted: found[2] !== '',
      bodyRange,
      terminated,
      body: bodyStart < lines.length ? detach(lines.slice(bodyStart, terminated ? j : lines.length).join('\n')) : '',
    });
    if (!terminated) {
      problems.push({
        kind: 'unclosed-heredoc',
        message: `Heredoc <<${delimiter} is never closed: add a line "${delimiter}".`,
        range: rangeAt(segments, found.index, found.index + found[0].length),
      });
      endLine = lines.length - 1;
      endCharacter = lines[endLine].length;
      break;
    }
    endLine = j;
    endCharacter = lines[j].length;
  }
  return { line: endLine, character: endCharacter };
}

/** A comment line: its text after the `#`, and the range from the `#` to the line's end. */
function commentAt(line: string, i: number): Comment {
  const hash = line.indexOf('#');
  // Copied out of the line: a comment is kept from version to version (reuse.ts), and a cut would keep
  // the whole text of the version it was read from alive with it.
  return { line: i, text: detach(line.slice(hash + 1).trim()), range: { start: { line: i, character: hash }, end: { line: i, character: line.length } } };
}

/**
 * The keyword starting a line (group 1: the blanks before it, group 2: the keyword). A keyword ends at
 * a blank, at the line's end, or at an escape character that continues the line (`RUN\` then the
 * command on the next line: BuildKit joins the lines before it splits the keyword off).
 */
function keywordMatch(line: string, escape: string): RegExpExecArray | null {
  return /^([\s\uFEFF]*)([A-Za-z]+)(?=\s|$)/.exec(line) ?? (continues(line, escape) ? /^([\s\uFEFF]*)([A-Za-z]+)(?=.[ \t]*$)/.exec(line) : null);
}

/**
 * The instruction whose keyword `match` found on line `i`: its continuation lines joined (with the
 * segments that map the joined text back to lines), then its heredoc bodies. Problems go to `problems`.
 */
function readInstruction(lines: readonly string[], i: number, match: RegExpExecArray, escape: string, problems: ModelProblem[]): RawInstruction {
  const keywordStart = match[1].length;
  const keywordText = keywordSpelling(match[2]);
  const keywordEnd = keywordStart + keywordText.length;
  const segments: Segment[] = [];
  let joined = '';
  let lastLine = i;
  let piece = lines[i].slice(keywordEnd);
  let pieceLine = i;
  let pieceChar = keywordEnd;
  let empty: number[] | undefined;
  for (;;) {
    segments.push({ offset: joined.length, line: pieceLine, character: pieceChar });
    lastLine = pieceLine;
    if (!continues(piece, escape)) {
      joined += piece;
      break;
    }
    joined += piece.slice(0, piece.lastIndexOf(escape));
    const next = continuationOf(lines, pieceLine); // empty and comment lines inside a continuation are skipped
    if (next >= lines.length) break;
    for (let skipped = pieceLine + 1; skipped < next; skipped++) if (isBlank(lines[skipped])) (empty ??= []).push(skipped);
    piece = lines[next];
    pieceLine = next;
    pieceChar = 0;
  }
  const keyword = keywordText.toUpperCase();
  const heredocs: Heredoc[] = [];
  let endLine = lastLine;
  let endCharacter = lines[lastLine].length;
  const heredocKeyword = keyword === 'ONBUILD' ? (/^\s*([A-Za-z]+)/.exec(joined)?.[1] ?? '').toUpperCase() : keyword;
  if (HEREDOC_INSTRUCTIONS.has(heredocKeyword) && joined.includes('<<')) {
    const end = readHeredocs(lines, joined, segments, { line: endLine, character: endCharacter }, heredocs, problems);
    endLine = end.line;
    endCharacter = end.character;
  }
  const restStart = /^[ \t]*/.exec(joined)![0].length;
  // The keyword and the instruction start at one position: one object (model positions are never mutated).
  const start: Position = { line: i, character: keywordStart };
  return {
    keywordText,
    keywordRange: { start, end: { line: i, character: keywordEnd } },
    rest: detach(joined.slice(restStart)), // its words are cut from it and kept with the instruction
    restOffset: restStart,
    segments,
    range: { start, end: { line: endLine, character: endCharacter } },
    heredocs: exact(heredocs),
    ...(empty ? { emptyContinuationLines: empty } : {}),
  };
}

/**
 * What `scan` may take from the last parse, asked with increasing lines (the scan goes forward):
 * the instruction that starts on a line, or the comment on a line, when the new text reads the same
 * there; undefined when it must be read.
 */
export interface Reuse {
  instruction(line: number): Instruction | undefined;
  comment(line: number): Comment | undefined;
}

/**
 * `reuse`: an instruction of an earlier parse that starts on this line and reads the same lines
 * (see reuse.ts) is taken as it is, and the scan goes on after its last line; so is its comment on a
 * line that did not change.
 */
export function scan(lines: readonly string[], firstLine: number, escape: string, reuse?: Reuse): ScanResult {
  const instructions: (RawInstruction | Instruction)[] = [];
  const problems: ScanResult['problems'] = [];
  const comments: Comment[] = [];
  let i = firstLine;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    if (isComment(line)) {
      comments.push(reuse?.comment(i) ?? commentAt(line, i));
      i++;
      continue;
    }
    const kept = reuse?.instruction(i);
    if (kept) {
      instructions.push(kept);
      i = kept.range.end.line + 1;
      continue;
    }
    const match = keywordMatch(line, escape);
    if (!match) {
      i = notAnInstruction(lines, i, escape, problems) + 1;
      continue;
    }
    const instruction = readInstruction(lines, i, match, escape, problems);
    instructions.push(instruction);
    i = instruction.range.end.line + 1;
  }
  return { lines, instructions, comments: exact(comments), problems };
}
