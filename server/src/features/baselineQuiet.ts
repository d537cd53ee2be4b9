/**
 * Stages of a large file whose slice dockerfile-utils' validator certainly finds nothing in, so
 * sliced validation skips them: no parse by dockerfile-ast, no checks. Profile of the 50k-line corpus
 * file opened cold: validating its 3,099 stage slices took 480-770 ms of a 0.8-1.4 s open, most of
 * it dockerfile-ast parsing slices that give no diagnostic at all.
 *
 * A stage is quiet when every line of its chunk is blank, a comment, or part of an instruction that
 * reads plainly (no control character, `\` only to continue a line and never gluing two words, no
 * blank line inside, at most one plain heredoc in a RUN or COPY) and that none of dockerfile-utils
 * 0.16's checks for its keyword can flag (`dockerValidator.js` `validate` and `validateInstruction`):
 * an upper-case keyword, no JSON in single quotes, no variable modifier outside RUN/CMD/ENTRYPOINT,
 * ENV/LABEL/ARG properties (a quoted value is one quoted string), EXPOSE ports, an absolute WORKDIR,
 * COPY/ADD with known flags and a directory destination, FROM with `--platform` only, a plain image
 * reference (or a variable a global ARG declares) and a valid stage name, SHELL in JSON, a STOPSIGNAL
 * name or number, ONBUILD with an allowed trigger that is itself quiet; at most one CMD and one
 * ENTRYPOINT. Any other keyword (HEALTHCHECK, MAINTAINER...) or form goes to the baseline as before.
 * The first stage is never skipped (its slice reports the prelude's own diagnostics), nor is any
 * stage when the escape character is not `\`.
 *
 * Only a certainty of no diagnostic, never a diagnostic of ours: a stage wrongly left out here costs
 * time, not a result. test/unit/features/baselineQuiet.test.ts validates every quiet stage of the
 * corpus and the large files with dockerfile-utils and expects nothing.
 */
import type { DockerfileModel, Instruction } from '../analysis/model';
import type { SlicePlan } from '../analysis/slices';

/** For each stage of the plan: true when its slice certainly gets no diagnostic from the baseline's validator. */
export function quietStages(model: DockerfileModel, text: string, offsets: number[], plan: SlicePlan): boolean[] {
  const quiet = new Array<boolean>(plan.chunks.length).fill(false);
  if (model.directives.escape !== '\\' || plan.chunks.length !== model.stages.length) return quiet;
  // The prelude's last instruction must end before the gap (a continuation would run into the chunk).
  for (let n = plan.preludeEnd - 1; n >= 0; n--) {
    if (lineKind(text, offsets, n) !== OTHER) continue;
    if (text.slice(offsets[n], lineEnd(text, offsets, n)).trimEnd().endsWith('\\')) return quiet;
    break;
  }
  // FROM $NAME: dockerfile-utils wants NAME declared by an ARG before the first FROM.
  // dockerfile-ast defines a global only from an ARG of one property (`ARG A B` defines neither).
  const globals = new Set<string>();
  for (const instruction of model.instructions) {
    if (instruction.stageIndex !== -1 || instruction.keyword !== 'ARG' || instruction.args.length !== 1 || instruction.flags.length > 0) continue;
    const name = instruction.args[0].value.split('=')[0];
    if (NAME.test(name)) globals.add(name);
  }
  for (let index = 1; index < plan.chunks.length; index++) {
    quiet[index] = quietStage(model, index, plan.chunks[index], text, offsets, globals);
  }
  return quiet;
}

function quietStage(model: DockerfileModel, index: number, [start, end]: [number, number], text: string, offsets: number[], globals: Set<string>): boolean {
  const stage = model.stages[index];
  const instructions = stage.instructions;
  if (instructions[0] !== stage.fromInstruction) return false;
  let next = start;
  let cmds = 0;
  let entrypoints = 0;
  for (const instruction of instructions) {
    const first = instruction.range.start.line;
    const last = instruction.range.end.line;
    if (first < next || last >= end) return false;
    // Between instructions: blank lines and comments (never parser directives in a slice: see stageSlice).
    for (; next < first; next++) if (lineKind(text, offsets, next) === OTHER) return false;
    const read = readInstruction(instruction, text, offsets, first, last);
    if (!read || !quietInstruction(instruction.keyword, read, instruction === stage.fromInstruction ? globals : undefined)) return false;
    if (instruction.keyword === 'CMD' && ++cmds > 1) return false;
    if (instruction.keyword === 'ENTRYPOINT' && ++entrypoints > 1) return false;
    next = last + 1;
  }
  for (; next < end; next++) if (lineKind(text, offsets, next) === OTHER) return false;
  return true;
}

const BLANK = 0;
const COMMENT = 1;
const OTHER = 2;

/** The end of line `n`'s content (before its line feed). */
function lineEnd(text: string, offsets: number[], n: number): number {
  const end = offsets[n + 1] ?? text.length;
  return end > offsets[n] && text.charCodeAt(end - 1) === 10 ? end - 1 : end;
}

/** Blank (spaces and tabs only), a comment, or anything else (a CR included). */
function lineKind(text: string, offsets: number[], n: number): number {
  const end = lineEnd(text, offsets, n);
  for (let i = offsets[n]; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    return c === 35 ? COMMENT : OTHER;
  }
  return BLANK;
}

/** An instruction's text after its keyword, continuations joined. */
interface Read {
  rest: string;
  /** Printable ASCII only, and no `\` but the continuations. */
  plain: boolean;
  /** A heredoc's body (see `readHeredoc`). */
  body?: string;
  /** Comment lines inside the instruction (dockerfile-ast's JSON and quote reading runs into them). */
  comments: boolean;
  /** `rest` split at blanks (quotes not considered). */
  words(): string[];
}

/**
 * The instruction's text after its keyword when its lines read the same to any parser: an upper-case
 * keyword, no control character, every line but the last ends in `\` (comment lines inside aside), no
 * blank line inside, a heredoc only as `readHeredoc` allows (its body is not read here). One pass over
 * the characters (this runs on every line of a large file). Undefined otherwise.
 */
function readInstruction(instruction: Instruction, text: string, offsets: number[], first: number, last: number): Read | undefined {
  if (instruction.keywordText !== instruction.keyword) return undefined;
  const heredoc = instruction.heredocs.length > 0 ? readHeredoc(instruction, text, offsets, first, last) : undefined;
  if (instruction.heredocs.length > 0) {
    if (!heredoc) return undefined;
    last = heredoc.line; // the instruction's own text ends with the opener's line
  }
  let rest = '';
  let plain = true;
  let comments = false;
  let glued = false; // the previous line's `\` follows a word: dockerfile-ast joins it to this line's first
  for (let n = first; n <= last; n++) {
    const start = offsets[n];
    const end = lineEnd(text, offsets, n);
    let blank = true;
    let comment = false;
    let backslashes = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if ((c < 32 && c !== 9) || c === 127) return undefined;
      if (c === 60 && text.charCodeAt(i + 1) === 60 && (!heredoc || i !== heredoc.opener)) return undefined; // `<<`
      if (c === 92) {
        // `\` before a blank escapes it: dockerfile-ast then drops it or ends the line there.
        const d = text.charCodeAt(i + 1);
        if (i + 1 < end && (d === 32 || d === 9)) return undefined;
        backslashes++;
      }
      else if (c > 126) {
        // Not ASCII: fine inside a line, not before its first character (say, a no-break space).
        if (blank) return undefined;
        plain = false;
        continue;
      }
      if (blank && c !== 32 && c !== 9) {
        blank = false;
        comment = c === 35 && n > first;
      }
    }
    if (blank) return undefined;
    if (comment) {
      if (n === last) return undefined;
      comments = true;
      continue;
    }
    if (glued && text.charCodeAt(start) !== 32 && text.charCodeAt(start) !== 9) return undefined;
    const continued = end > start && text.charCodeAt(end - 1) === 92;
    glued = continued && end - 1 > start && text.charCodeAt(end - 2) !== 32 && text.charCodeAt(end - 2) !== 9;
    if (n === last) {
      let i = end;
      while (i > start && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
      if (text.charCodeAt(i - 1) === 92) return undefined;
    } else if (!continued) return undefined;
    if (backslashes > (continued && n < last ? 1 : 0)) plain = false;
    const content = text.slice(start, n < last ? end - 1 : end);
    rest = n === first ? content : `${rest} ${content}`;
  }
  rest = rest.trim();
  const keyword = instruction.keyword;
  if (!rest.startsWith(keyword) || (rest.length > keyword.length && rest[keyword.length] !== ' ' && rest[keyword.length] !== '\t')) return undefined;
  rest = rest.slice(keyword.length).trim();
  let words: string[] | undefined;
  return { rest, plain, body: heredoc?.body, comments, words: () => (words ??= rest === '' ? [] : rest.split(/[ \t]+/)) };
}

/**
 * The one heredoc of a RUN or COPY, when plain: `<<NAME` or `<<-NAME` (a word of its own, unquoted) once on
 * the line where the instruction's own text ends (its first, or the first not continued with `\`),
 * and closed by a line that is exactly NAME, the last of the instruction (dockerfile-utils skips the
 * lines in between: they are the script). Where `<<` sits, its line, and the body.
 */
function readHeredoc(instruction: Instruction, text: string, offsets: number[], first: number, last: number): { opener: number; line: number; body: string } | undefined {
  const [heredoc] = instruction.heredocs;
  if (instruction.heredocs.length !== 1 || (instruction.keyword !== 'RUN' && instruction.keyword !== 'COPY')) return undefined;
  if (!heredoc.terminated || !DELIMITER.test(heredoc.delimiter) || last <= first) return undefined;
  if (text.slice(offsets[last], lineEnd(text, offsets, last)) !== heredoc.delimiter) return undefined;
  let openerLine = first;
  while (openerLine < last && text.charCodeAt(lineEnd(text, offsets, openerLine) - 1) === 92) openerLine++;
  if (openerLine >= last) return undefined;
  first = openerLine;
  const line = text.slice(offsets[first], lineEnd(text, offsets, first));
  const at = line.indexOf('<<');
  if (at === -1 || line.indexOf('<<', at + 2) !== -1) return undefined;
  if (line[at - 1] !== ' ' && line[at - 1] !== '\t') return undefined; // `x<<EOF` is no heredoc to dockerfile-ast
  const after = line.slice(at + 2).replace(/^-/, '');
  if (!after.startsWith(heredoc.delimiter) || !/^(?:[ \t]|$)/.test(after.slice(heredoc.delimiter.length))) return undefined;
  for (let n = first + 1; n < last; n++) {
    for (let i = offsets[n], end = lineEnd(text, offsets, n); i < end; i++) {
      const c = text.charCodeAt(i);
      if ((c < 32 && c !== 9) || c === 127) return undefined;
    }
  }
  return { opener: offsets[first] + at, line: first, body: text.slice(offsets[first + 1], offsets[last]) };
}

/** A variable's name, an ARG's name, a heredoc's delimiter: all plain words. */
const NAME_PATTERN = '[A-Za-z_][A-Za-z0-9_]*';
const NAME = new RegExp(`^${NAME_PATTERN}$`);
const DELIMITER = NAME;
/** `$NAME` or `${NAME}`, at a given index (sticky) or as the whole word. */
const VARIABLE = new RegExp(`\\$(?:${NAME_PATTERN}|\\{${NAME_PATTERN}\\})`, 'y');
const LONE_VARIABLE = new RegExp(`^${VARIABLE.source}$`);

/** `$NAME` and `${NAME}` only: dockerfile-utils flags modifiers outside RUN, CMD and ENTRYPOINT. */
function plainVariables(text: string): boolean {
  for (let i = text.indexOf('$'); i !== -1; i = text.indexOf('$', i + 1)) {
    VARIABLE.lastIndex = i;
    if (!VARIABLE.test(text)) return false;
  }
  return true;
}

/** Words of ENV, LABEL and ARG, where a quoted part may hold blanks; undefined when a quote is left open. */
function propertyWords(rest: string): string[] | undefined {
  const word = /[ \t]*((?:[^\s"']+|"[^"]*"|'[^']*')+)/y;
  const words: string[] = [];
  let end = 0;
  for (let match = word.exec(rest); match; match = word.exec(rest)) {
    words.push(match[1]);
    end = word.lastIndex;
  }
  return rest.slice(end).trim() === '' ? words : undefined;
}

/** `NAME=value`: a name without quotes; a value in quotes is one quoted string, else holds no quote. */
function plainProperty(word: string): boolean {
  const eq = word.indexOf('=');
  if (eq <= 0 || QUOTES.test(word.slice(0, eq))) return false;
  const value = word.slice(eq + 1);
  // dockerfile-ast takes off the outer quotes before it checks the value: no other quote inside.
  if (value.startsWith('"')) return /^"[^"']*"$/.test(value);
  if (value.startsWith("'")) return /^'[^'"]*'$/.test(value);
  return !QUOTES.test(value);
}

const QUOTES = /["']/;
/** A JSON array of plain strings (no escapes). */
const JSON_ARRAY = /^\[[ \t]*"[^"\\]*"(?:[ \t]*,[ \t]*"[^"\\]*")*[ \t]*\]$/;
const FROM_IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/]*(?::\w[\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;
const STAGE_NAME = /^[a-z][a-z0-9_\-.]*$/;
const PORT = /^[0-9]+(?:-[0-9]+)?(?:\/(?:tcp|udp|sctp))?$/i;
/** Flag names are compared as written; a boolean's value in any case. */
const COPY_FLAG = /^--(?:(?:from|chown|chmod|exclude)=[^\s"']+|(?:link|parents)(?:=(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))?)$/;
const ADD_FLAG = /^--(?:(?:chown|chmod|checksum|exclude)=[^\s"']+|(?:link|keep-git-dir)(?:=(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]))?)$/;

/** `globals`: the global ARGs' names, given for the stage's FROM only. */
function quietInstruction(keyword: string, read: Read, globals: Set<string> | undefined): boolean {
  const { rest } = read;
  if (read.comments && keyword !== 'RUN' && keyword !== 'CMD' && keyword !== 'ENTRYPOINT') return false;
  switch (keyword) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT': {
      // Checked: JSON written in single quotes (and ENTRYPOINT without arguments).
      if (rest === '') return false;
      if (!rest.includes("'")) return true;
      // dockerfile-ast reads flags on while a word holds `--` anywhere, then drops as many words.
      const firstArgument = read.words().find((word) => !word.startsWith('--'));
      return !firstArgument?.startsWith('[') && !firstArgument?.includes('--');
    }
    case 'ONBUILD': {
      // The trigger is checked as its own instruction; the variable check reads the whole line.
      const words = read.words();
      const trigger = words[0];
      if (!read.plain || read.body !== undefined || !trigger || trigger !== trigger.toUpperCase() || !plainVariables(rest)) return false;
      if (trigger === 'FROM' || trigger === 'MAINTAINER' || trigger === 'ONBUILD') return false;
      const triggerRest = rest.slice(trigger.length).trim();
      return quietInstruction(trigger, { rest: triggerRest, plain: true, comments: read.comments, words: () => words.slice(1) }, undefined);
    }
  }
  if (!read.plain || !plainVariables(rest) || (read.body !== undefined && (keyword !== 'COPY' || !plainVariables(read.body)))) return false;
  const words = read.words();
  switch (keyword) {
    case 'FROM': {
      if (!globals || QUOTES.test(rest)) return false;
      let i = 0;
      for (; i < words.length && words[i].startsWith('--'); i++) {
        if (!/^--platform=\S+$/.test(words[i]) || i > 0) return false;
      }
      const args = words.slice(i);
      if (args.length !== 1 && args.length !== 3) return false;
      if (args.length === 3 && (args[1].toUpperCase() !== 'AS' || !STAGE_NAME.test(args[2].toLowerCase()))) return false;
      // With a variable in the line the reference is not read further; one alone must have a value.
      if (rest.includes('$')) return !LONE_VARIABLE.test(args[0]) || globals.has(args[0].replace(/[${}]/g, ''));
      return FROM_IMAGE.test(args[0]);
    }
    case 'VOLUME':
      // JSON in double quotes passes; single quotes do not.
      return words.length > 0 && !rest.includes("'") && (!rest.includes('"') || JSON_ARRAY.test(rest));
    case 'SHELL':
      return JSON_ARRAY.test(rest);
    case 'USER':
      return words.length > 0 && !QUOTES.test(rest) && !rest.startsWith('[');
    case 'WORKDIR':
      return words.length > 0 && !QUOTES.test(rest) && (rest.startsWith('/') || rest.startsWith('$'));
    case 'STOPSIGNAL':
      return words.length === 1 && /^(?:SIG[A-Z0-9+]*|[0-9]+)$/.test(words[0]);
    case 'ENV':
    case 'LABEL': {
      // `KEY value...` without `=` or quotes, or `KEY=value` pairs.
      if (!rest.includes('=')) return words.length >= 2 && !QUOTES.test(rest);
      const properties = propertyWords(rest);
      return properties !== undefined && properties.length > 0 && properties.every(plainProperty);
    }
    case 'ARG': {
      // Several names are fine (`ARG TARGETOS TARGETARCH`); only the first is read as a property.
      const properties = propertyWords(rest);
      if (properties && properties.length > 1) return properties.every((word) => NAME.test(word));
      if (properties?.length !== 1) return false;
      return properties[0].includes('=') ? plainProperty(properties[0]) : !QUOTES.test(properties[0]);
    }
    case 'EXPOSE':
      return words.length > 0 && words.every((word) => PORT.test(word));
    case 'COPY':
    case 'ADD': {
      const known = keyword === 'COPY' ? COPY_FLAG : ADD_FLAG;
      const seen = new Set<string>();
      let i = 0;
      for (; i < words.length && words[i].startsWith('-'); i++) {
        if (!known.test(words[i])) return false;
        const name = words[i].split('=')[0].toLowerCase();
        if (seen.has(name)) return false;
        seen.add(name);
        if (name === '--from' && !/^[a-zA-Z0-9]/.test(words[i].slice('--from='.length))) return false;
      }
      const args = words.slice(i);
      if (args[0]?.includes('--')) return false; // read as a flag (see RUN)
      if (args[0]?.startsWith('[')) {
        // JSON: two strings or more, the last a directory when more.
        const json = args.join(' ');
        if (!JSON_ARRAY.test(json)) return false;
        const strings = json.match(/"[^"]*"/g) ?? [];
        return strings.length === 2 || (strings.length > 2 && strings[strings.length - 1].endsWith('/"'));
      }
      if (args.length < 2) return false;
      // A quoted argument only as one of exactly two (the destination is then not checked).
      if (args.some((arg) => QUOTES.test(arg))) return args.length === 2 && args.every((arg) => !QUOTES.test(arg) || /^"[^"\s]*"$/.test(arg));
      return args.length === 2 || args[args.length - 1].endsWith('/');
    }
    default:
      return false;
  }
}
