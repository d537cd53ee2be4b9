/**
 * One instruction as BuildKit's parser splits it (`Split`: flags, then words), the flags each
 * instruction accepts, and the errors' types. What every syntax check reads (see syntax.ts).
 */
import type { Flag, Instruction, Range, Word } from './model';

export type SyntaxPhase = 0 | 1 | 2 | 3;

export interface SyntaxError {
  message: string;
  range: Range;
  phase: SyntaxPhase;
  /** True when `--build-arg` can prevent it (a base name blank with the global ARGs' defaults). */
  buildArgs?: boolean;
  /** A `RUN --mount` option error (BuildKit before v0.9, e.g. Docker 20.10's, checks these while parsing). */
  mount?: boolean;
  /** An unknown instruction or flag: where its name is and the names BuildKit knows there (for a suggestion). */
  unknown?: { name: string; range: Range; candidates: readonly string[] };
}

type FlagKind = 'bool' | 'string' | 'strings';

/** The flags each instruction accepts (BuildKit's `req.flags.Add*` calls); other instructions accept none. */
export const FLAGS: Record<string, Record<string, FlagKind>> = {
  ADD: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings' },
  COPY: { chown: 'string', from: 'string', chmod: 'string', link: 'bool', exclude: 'strings', parents: 'bool' },
  FROM: { platform: 'string' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

export const KNOWN = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
export const WHITESPACE = /[\t\v\f\r ]+/;

/** One instruction as BuildKit's parser splits it: flags (every instruction has them), then its words. */
export interface Split {
  keyword: string;
  flags: { name: string; value?: string; range: Range; nameRange?: Range }[];
  /** Words after the flags as our tokenizer read them (quotes kept); for JSON form, the array's strings. */
  words: Word[];
  json: boolean;
  /** Where to report an error about the instruction as a whole. */
  range: Range;
}

/** The instruction's first line from its keyword on (a heredoc body or continuation lines are not marked). */
export function whole(instruction: Instruction): Range {
  const { range, keywordRange } = instruction;
  return range.start.line === range.end.line ? range : keywordRange;
}

/** A flag word with BuildKit's quote removal (`extractBuilderFlags`): quotes dropped, escapes applied. */
export function dequote(text: string, escape: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      else out += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    out += c;
  }
  return out;
}

/** Splits off leading `--` words as flags, as BuildKit does for every instruction. */
export function splitInstruction(keyword: string, instruction: Instruction, words: Word[], escape: string): Split {
  const flags: Split['flags'] = instruction.flags.map((flag: Flag) => ({
    name: flag.name,
    value: flag.value === undefined ? undefined : dequote(flag.value, escape),
    range: flag.range,
    nameRange: flag.nameRange,
  }));
  let i = 0;
  if (!(instruction.endOfFlags && keyword === instruction.keyword) && !(instruction.jsonForm && keyword === instruction.keyword)) {
    while (i < words.length && words[i].value.startsWith('--')) {
      const text = dequote(words[i].value, escape);
      i++;
      if (text === '--') break;
      const eq = text.indexOf('=');
      flags.push({ name: text.slice(2, eq < 0 ? undefined : eq), value: eq < 0 ? undefined : text.slice(eq + 1), range: words[i - 1].range });
    }
  }
  return { keyword, flags, words: words.slice(i), json: instruction.jsonForm && keyword === instruction.keyword, range: whole(instruction) };
}

/** BuildKit's whitespace split of the text (FROM, COPY, ADD, EXPOSE, VOLUME): quotes do not keep words together. */
export function fields(words: Word[]): string[] {
  const out: string[] = [];
  for (const word of words) for (const piece of word.value.split(WHITESPACE)) if (piece) out.push(piece);
  return out;
}

/** `["a", 1]`: a JSON array with something other than strings, which BuildKit rejects. */
export function jsonNotStrings(words: Word[]): boolean {
  if (words.length === 0 || !words[0].value.startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(words.map((word) => word.value).join(' '));
    return Array.isArray(parsed) && parsed.some((item) => typeof item !== 'string');
  } catch {
    return false;
  }
}

/** The JSON array the words are, or undefined (HEALTHCHECK CMD reads it after its type). */
export function jsonArray(words: Word[]): string[] | undefined {
  if (words.length === 0 || !words[0].value.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(words.map((word) => word.value).join(' '));
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** `BFlags.Parse`: the first flag that is unknown, repeated, or without the value its kind needs. */
export function flagError(split: Split, allowed: Record<string, FlagKind>): Pick<SyntaxError, 'message' | 'range' | 'unknown'> | undefined {
  const used = new Set<string>();
  for (const flag of split.flags) {
    const kind = Object.prototype.hasOwnProperty.call(allowed, flag.name) ? allowed[flag.name] : undefined;
    const written = `--${flag.name}`;
    if (!kind) {
      const unknown = flag.nameRange && Object.keys(allowed).length ? { name: flag.name, range: flag.nameRange, candidates: Object.keys(allowed) } : undefined;
      return { message: `unknown flag: ${written}`, range: flag.range, ...(unknown ? { unknown } : {}) };
    }
    if (used.has(flag.name) && kind !== 'strings') return { message: `duplicate flag specified: ${written}`, range: flag.range };
    used.add(flag.name);
    if (kind === 'bool') {
      if (flag.value === '') return { message: `missing a value on flag: ${written}`, range: flag.range };
      if (flag.value !== undefined && !['true', 'false'].includes(flag.value.toLowerCase()))
        return { message: `expecting boolean value for flag ${written}, not: ${flag.value}`, range: flag.range };
    } else if (flag.value === undefined) {
      return { message: `missing a value on flag: ${written}`, range: flag.range };
    }
  }
  return undefined;
}
