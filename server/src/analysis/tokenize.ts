/**
 * An instruction's text (after the keyword, continuations joined) split into flags and words, each
 * with its range in the file. The scanner's positions map offsets in the joined text back to lines.
 * Every helper takes its state explicitly (the text, the offset it reads from) and returns where it
 * stopped: no closure is made per instruction.
 */
import type { Flag, Position, Range, Word } from './model';
import { intern, positionOr, type RawInstruction } from './scanner';

export interface Tokens {
  flags: Flag[];
  args: Word[];
  jsonForm: boolean;
  endOfFlags: boolean;
}

// Flags and words are gathered in these and copied out at their exact length (see `exact`): the
// storage is reused from one instruction to the next instead of growing new arrays for each.
const flagBuffer: Flag[] = [];
const wordBuffer: Word[] = [];

function copyOut<T>(buffer: T[], count: number): T[] {
  if (count === 0) return [];
  const list = buffer.slice(0, count);
  for (let i = 0; i < count; i++) buffer[i] = undefined as never; // no hold on the last instruction's flags and words
  return list;
}

/** The position of an offset of `raw.rest`; one at the instruction's end is its end object. */
function positionIn(raw: RawInstruction, offset: number): Position {
  return positionOr(raw.segments, raw.restOffset + offset, raw.range.end);
}

function rangeIn(raw: RawInstruction, start: number, end: number): Range {
  return { start: positionIn(raw, start), end: positionIn(raw, end) };
}

/** The first offset from `i` that is not a space or a tab. */
export function skipBlanks(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/**
 * Where the word starting at `start` ends: at a space or tab outside quotes. The escape character
 * keeps the next character in the word (inside double quotes too); single quotes keep everything.
 */
export function wordEnd(text: string, start: number, escape: string): number {
  let i = start;
  let quote = '';
  while (i < text.length) {
    const c = text[i];
    if (quote) {
      if (c === escape && quote === '"' && i + 1 < text.length) {
        i += 2;
        continue;
      }
      if (c === quote) quote = '';
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') break;
    if (c === escape && i + 1 < text.length) {
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    i++;
  }
  return i;
}

/** What `readFlags` read: how many flags (in `flagBuffer`), where the words start, and whether `--` ended the flags. */
interface FlagsRead {
  count: number;
  next: number;
  endOfFlags: boolean;
}

/** Reads the `--name[=value]` flags from offset `i` into `flagBuffer`, up to the first word or `--`. */
function readFlags(raw: RawInstruction, i: number, escape: string): FlagsRead {
  const text = raw.rest;
  let count = 0;
  while (i < text.length && text.startsWith('--', i)) {
    const start = i;
    const end = wordEnd(text, start, escape);
    const word = text.slice(start, end);
    if (word === '--') return { count, next: skipBlanks(text, end), endOfFlags: true };
    const eq = word.indexOf('=');
    const name = intern(word.slice(2, eq < 0 ? undefined : eq));
    // `--name=value`: the flag and its value end together; `--name`: the flag and its name.
    const flagStart = positionIn(raw, start);
    const flagEnd = positionIn(raw, end);
    const nameStart = positionIn(raw, start + 2);
    flagBuffer[count++] = {
      name,
      value: eq < 0 ? undefined : word.slice(eq + 1),
      range: { start: flagStart, end: flagEnd },
      nameRange: { start: nameStart, end: eq < 0 ? flagEnd : positionIn(raw, start + eq) },
      valueRange: eq < 0 ? undefined : { start: positionIn(raw, start + eq + 1), end: flagEnd },
    };
    i = skipBlanks(text, end);
  }
  return { count, next: i, endOfFlags: false };
}

/**
 * The JSON form (`["a", "b"]`) from offset `i` into `wordBuffer`, one word per string with the range
 * of its quoted text; undefined when the rest is not a JSON array of strings (then it is shell form).
 */
function readJsonWords(raw: RawInstruction, i: number): number | undefined {
  const restText = raw.rest.slice(i);
  if (!restText.startsWith('[')) return undefined;
  try {
    const parsed = JSON.parse(restText.trimEnd());
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return undefined;
    const pattern = /"((?:[^"\\]|\\.)*)"/g;
    let m: RegExpExecArray | null;
    let k = 0;
    let count = 0;
    while ((m = pattern.exec(restText)) && k < parsed.length) {
      wordBuffer[count++] = { value: parsed[k++], range: rangeIn(raw, i + m.index, i + m.index + m[0].length) };
    }
    return count;
  } catch {
    return undefined; // not JSON: shell form
  }
}

/** The shell-form words from offset `i` into `wordBuffer`, quotes and escapes kept in their values. */
function readShellWords(raw: RawInstruction, i: number, escape: string): number {
  const text = raw.rest;
  let count = 0;
  while (i < text.length) {
    const start = i;
    const end = wordEnd(text, start, escape);
    i = end;
    if (end > start) wordBuffer[count++] = { value: text.slice(start, end), range: rangeIn(raw, start, end) };
    else i++;
    i = skipBlanks(text, i);
  }
  return count;
}

/**
 * Splits instruction text into flags and words. Flags (`--name[=value]`) are read only at the start
 * and only when `withFlags`; `--` ends them. Quotes and the escape character keep a word together.
 */
export function tokenize(raw: RawInstruction, escape: string, withFlags: boolean): Tokens {
  let i = skipBlanks(raw.rest, 0);
  let flagCount = 0;
  let endOfFlags = false;
  if (withFlags) {
    const read = readFlags(raw, i, escape);
    flagCount = read.count;
    i = read.next;
    endOfFlags = read.endOfFlags;
  }
  const jsonCount = readJsonWords(raw, i);
  if (jsonCount !== undefined) return { flags: copyOut(flagBuffer, flagCount), args: copyOut(wordBuffer, jsonCount), jsonForm: true, endOfFlags };
  const wordCount = readShellWords(raw, i, escape);
  return { flags: copyOut(flagBuffer, flagCount), args: copyOut(wordBuffer, wordCount), jsonForm: false, endOfFlags };
}
