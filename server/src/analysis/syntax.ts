/**
 * The errors BuildKit raises for a Dockerfile before any build step runs, read from the model (pure,
 * linear in the file). Sources: moby/buildkit frontend/dockerfile/parser (parser.go, line_parsers.go,
 * split_command.go, directives.go), instructions (parse.go, bflag.go, commands_run*.go) and
 * dockerfile2llb (convert.go, convert_copy.go); messages are BuildKit's.
 *
 * BuildKit stops at its first error; it reads the file in phases, and within a phase in file order:
 *  0 `parse`: the parser (directives, heredocs, JSON arrays of non-strings, ENV/LABEL pairs);
 *  1 `instructions`: each instruction (unknown keyword, arguments, flags, ONBUILD triggers, before FROM);
 *  2 `stages`: the stages (none at all, a base name that expands to nothing);
 *  3 `dispatch`: the conversion of stages a build needs (mount options, --chmod, COPY of a URL, --from
 *    with a variable). A build reports these only for the stages of its target; they are reported on
 *    every stage here, since building that stage as a target fails.
 * `firstError` picks the one a build reports.
 */
import type { DockerfileModel, Flag, Instruction, Range, Word } from './model';
import { PREDEFINED_ARGS, substitute } from './variables';

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
const FLAGS: Record<string, Record<string, FlagKind>> = {
  ADD: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', unpack: 'bool', exclude: 'strings' },
  COPY: { chown: 'string', from: 'string', chmod: 'string', link: 'bool', exclude: 'strings', parents: 'bool' },
  FROM: { platform: 'string' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

const KNOWN = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
/** Instructions whose arguments may be a JSON array (`parseMaybeJSON` / `parseMaybeJSONToList`). */
const MAYBE_JSON = new Set(['ADD', 'COPY', 'VOLUME', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const WHITESPACE = /[\t\v\f\r ]+/;
const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;
const HEREDOC_WORD = /^(\d*)<<(-?)\s*([^<]*)$/;
const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

/** One instruction as BuildKit's parser splits it: flags (every instruction has them), then its words. */
interface Split {
  keyword: string;
  flags: { name: string; value?: string; range: Range; nameRange?: Range }[];
  /** Words after the flags as our tokenizer read them (quotes kept); for JSON form, the array's strings. */
  words: Word[];
  json: boolean;
  /** Where to report an error about the instruction as a whole. */
  range: Range;
}

/** The instruction's first line from its keyword on (a heredoc body or continuation lines are not marked). */
function whole(instruction: Instruction): Range {
  const { range, keywordRange } = instruction;
  return range.start.line === range.end.line ? range : keywordRange;
}

/** A flag word with BuildKit's quote removal (`extractBuilderFlags`): quotes dropped, escapes applied. */
function dequote(text: string, escape: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && i + 1 < text.length) { out += text[++i]; continue; }
    if (quote) { if (c === quote) quote = ''; else out += c; continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    out += c;
  }
  return out;
}

/** Splits off leading `--` words as flags, as BuildKit does for every instruction. */
function splitInstruction(keyword: string, instruction: Instruction, words: Word[], escape: string): Split {
  const flags: Split['flags'] = instruction.flags.map((flag: Flag) => ({ name: flag.name, value: flag.value === undefined ? undefined : dequote(flag.value, escape), range: flag.range, nameRange: flag.nameRange }));
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
function fields(words: Word[]): string[] {
  const out: string[] = [];
  for (const word of words) for (const piece of word.value.split(WHITESPACE)) if (piece) out.push(piece);
  return out;
}

/** `["a", 1]`: a JSON array with something other than strings, which BuildKit rejects. */
function jsonNotStrings(words: Word[]): boolean {
  if (words.length === 0 || !words[0].value.startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(words.map((word) => word.value).join(' '));
    return Array.isArray(parsed) && parsed.some((item) => typeof item !== 'string');
  } catch {
    return false;
  }
}

/** The JSON array the words are, or undefined (HEALTHCHECK CMD reads it after its type). */
function jsonArray(words: Word[]): string[] | undefined {
  if (words.length === 0 || !words[0].value.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(words.map((word) => word.value).join(' '));
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed as string[] : undefined;
  } catch {
    return undefined;
  }
}

/** `BFlags.Parse`: the first flag that is unknown, repeated, or without the value its kind needs. */
function flagError(split: Split, allowed: Record<string, FlagKind>): Pick<SyntaxError, 'message' | 'range' | 'unknown'> | undefined {
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
      if (flag.value !== undefined && !['true', 'false'].includes(flag.value.toLowerCase())) return { message: `expecting boolean value for flag ${written}, not: ${flag.value}`, range: flag.range };
    } else if (flag.value === undefined) {
      return { message: `missing a value on flag: ${written}`, range: flag.range };
    }
  }
  return undefined;
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration`, in nanoseconds, or an error message. */
export function goDuration(text: string): number | string {
  let rest = text;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') { sign = rest[0] === '-' ? -1 : 1; rest = rest.slice(1); }
  if (rest === '0') return 0;
  if (rest === '') return `time: invalid duration ${JSON.stringify(text)}`;
  let total = 0;
  while (rest) {
    const number = /^(\d*)(\.(\d*))?/.exec(rest)!;
    if (number[0] === '' || number[0] === '.' ) return `time: invalid duration ${JSON.stringify(text)}`;
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return `time: missing unit in duration ${JSON.stringify(text)}`;
    if (!Object.hasOwn(DURATION_UNITS, unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`;
    rest = rest.slice(unit.length);
    total += Number(number[0]) * DURATION_UNITS[unit];
  }
  return sign * total;
}

/** Go's `strconv.ParseInt(text, 10, 32)` error, or undefined. */
function goIntError(text: string): string | undefined {
  if (!/^[-+]?\d+$/.test(text)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  const value = Number(text);
  if (value > 2147483647 || value < -2147483648) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`;
  return undefined;
}

function healthcheckErrors(split: Split, errors: SyntaxError[]): void {
  const words = split.words;
  if (words.length === 0) { errors.push({ phase: 1, message: 'HEALTHCHECK requires at least one argument', range: split.range }); return; }
  const type = words[0].value.toUpperCase();
  const command = words.slice(1);
  if (type === 'NONE') {
    if (command.length) errors.push({ phase: 1, message: 'HEALTHCHECK NONE takes no arguments', range: split.range });
    return;
  }
  const flag = flagError(split, FLAGS.HEALTHCHECK);
  if (flag) { errors.push({ phase: 1, ...flag }); return; }
  if (type !== 'CMD') { errors.push({ phase: 1, message: `Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`, range: words[0].range }); return; }
  const json = jsonArray(command);
  if (json ? json.length === 0 : command.length === 0) { errors.push({ phase: 1, message: 'Missing command after HEALTHCHECK CMD', range: split.range }); return; }
  for (const name of ['interval', 'timeout', 'start-period', 'start-interval']) {
    const found = [...split.flags].reverse().find((f) => f.name === name);
    if (!found?.value) continue;
    const duration = goDuration(found.value);
    if (typeof duration === 'string') { errors.push({ phase: 1, message: duration, range: found.range }); return; }
    if (duration !== 0 && duration < 1e6) { errors.push({ phase: 1, message: `Interval ${JSON.stringify(name)} cannot be less than 1ms`, range: found.range }); return; }
  }
  const retries = [...split.flags].reverse().find((f) => f.name === 'retries');
  if (retries?.value) {
    const error = goIntError(retries.value);
    if (error) errors.push({ phase: 1, message: error, range: retries.range });
    else if (Number(retries.value) < 0) errors.push({ phase: 1, message: `--retries cannot be negative (${Number(retries.value)})`, range: retries.range });
  }
}

/** ENV and LABEL pairs as the parser reads them (`parseNameVal`), then their names (`parseKvps`). */
function pairErrors(split: Split, errors: SyntaxError[]): void {
  const { keyword, words } = split;
  const legacy = words.length > 0 && !words[0].value.includes('=');
  if (legacy && words.length < 2) { errors.push({ phase: 0, message: `${keyword} must have two arguments`, range: split.range }); return; }
  const missing = legacy ? undefined : words.find((word) => !word.value.includes('='));
  if (missing) { errors.push({ phase: 0, message: `Syntax error - can't find = in ${JSON.stringify(missing.value)}. Must be of the form: name=value`, range: missing.range }); return; }
  const flag = flagError(split, {});
  if (flag) { errors.push({ phase: 1, ...flag }); return; }
  if (words.length === 0) { errors.push({ phase: 1, message: `${keyword} requires at least one argument`, range: split.range }); return; }
  const blank = legacy ? undefined : words.find((word) => word.value.startsWith('='));
  if (blank) errors.push({ phase: 1, message: `${keyword} names can not be blank`, range: blank.range });
}

/** Parser-phase errors of one instruction's text (ONBUILD's trigger included). */
function parserErrors(split: Split, errors: SyntaxError[]): void {
  const { keyword } = split;
  if (MAYBE_JSON.has(keyword) && !split.json && jsonNotStrings(split.words)) errors.push({ phase: 0, message: NOT_STRINGS, range: split.range });
  if (keyword === 'HEALTHCHECK' && split.words.length > 1 && jsonNotStrings(split.words.slice(1))) errors.push({ phase: 0, message: NOT_STRINGS, range: split.range });
}

function exactlyOne(split: Split, errors: SyntaxError[], parseFlags: boolean): void {
  if (split.words.length === 0) { errors.push({ phase: 1, message: `${split.keyword} requires exactly one argument`, range: split.range }); return; }
  const flag = parseFlags && flagError(split, {});
  if (flag) errors.push({ phase: 1, ...flag });
}

function atLeastOne(split: Split, errors: SyntaxError[]): boolean {
  if (split.words.length > 0) return true;
  errors.push({ phase: 1, message: `${split.keyword} requires at least one argument`, range: split.range });
  return false;
}

function flagsOnly(split: Split, errors: SyntaxError[]): boolean {
  const flag = flagError(split, Object.hasOwn(FLAGS, split.keyword) ? FLAGS[split.keyword] : {});
  if (flag) errors.push({ phase: 1, ...flag });
  return !flag;
}

function fromErrors(split: Split, errors: SyntaxError[]): void {
  const parts = fields(split.words);
  if (parts.length === 3 && parts[1].toLowerCase() === 'as') {
    if (!STAGE_NAME.test(parts[2].toLowerCase())) { errors.push({ phase: 1, message: `invalid name for build stage: ${JSON.stringify(parts[2])}, name can't start with a number or contain symbols`, range: split.words[split.words.length - 1].range }); return; }
  } else if (parts.length !== 1) {
    errors.push({ phase: 1, message: 'FROM requires either one or three arguments', range: split.range });
    return;
  }
  flagsOnly(split, errors);
}

function copyErrors(split: Split, errors: SyntaxError[]): void {
  const parts = split.json ? split.words.map((word) => word.value) : fields(split.words);
  if (parts.length < 2) { errors.push({ phase: 1, message: `${split.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`, range: split.range }); return; }
  if (!flagsOnly(split, errors)) return;
  const destination = parts[parts.length - 1];
  const heredoc = HEREDOC_WORD.exec(destination);
  if (heredoc && heredoc[3] && !WHITESPACE.test(heredoc[3].trim())) errors.push({ phase: 1, message: `${split.keyword} cannot accept a heredoc as a destination`, range: split.words[split.words.length - 1].range });
  dispatchCopyErrors(split, parts, errors);
}

/** What `dispatchCopy` rejects before copying anything. */
function dispatchCopyErrors(split: Split, parts: string[], errors: SyntaxError[]): void {
  const chmod = split.flags.find((flag) => flag.name === 'chmod');
  if (chmod?.value && !chmod.value.includes('$')) {
    const numeric = /^[0-9]+$/.test(chmod.value);
    if ((numeric && (!/^[0-7]+$/.test(chmod.value) || parseInt(chmod.value, 8) > 0o7777)) || (!numeric && !/^([ugoa]*[-+=]([rwxXst]*|[ugo]))(,[ugoa]*[-+=]([rwxXst]*|[ugo]))*$/.test(chmod.value))) {
      errors.push({ phase: 3, message: `invalid chmod parameter: '${chmod.value}'. it should be octal string and between 0 and 07777`, range: chmod.range });
    }
  }
  const from = split.flags.find((flag) => flag.name === 'from');
  if (split.keyword === 'COPY' && from?.value && /\$([A-Za-z_{]|$)/.test(from.value)) {
    errors.push({ phase: 3, message: 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround', range: from.range });
  }
  if (split.keyword === 'COPY' && parts.slice(0, -1).some((source) => /^https?:\/\//.test(source))) {
    errors.push({ phase: 3, message: 'source can\'t be a URL for COPY', range: split.range });
  }
}

const SIGNALS = new Set(['ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`), ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`)]);

/** `dispatchStopSignal`: moby/sys/signal's ParseSignal (a number other than 0, or a Linux signal name, `SIG` optional). */
function stopSignalErrors(split: Split, errors: SyntaxError[]): void {
  if (split.words.length === 0) return;
  const signal = split.words.map((word) => word.value).join(' ');
  if (/[$'"]/.test(signal)) return; // expanded or unquoted first: not judged
  const valid = /^[+-]?\d+$/.test(signal) ? Number(signal) !== 0 : SIGNALS.has(signal.toUpperCase().replace(/^SIG/, ''));
  if (!valid) errors.push({ phase: 3, message: `invalid signal: ${signal}`, range: split.range });
}

/** A port number as `parsePortNumber` reads it (Go's ParseInt, then 0-65535), or undefined. */
function portNumber(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 0 && value <= 65535 ? value : undefined;
}

/** `dispatchExpose`: each port `N[-M][/tcp|udp|sctp]` (words with variables, quotes or host parts are not judged). */
function exposeErrors(split: Split, errors: SyntaxError[]): void {
  for (const word of split.words) {
    for (const raw of word.value.split(WHITESPACE)) {
      if (!raw || /[$'"`:\\]/.test(raw)) continue;
      const slash = raw.indexOf('/');
      const port = slash < 0 ? raw : raw.slice(0, slash);
      const proto = slash < 0 ? '' : raw.slice(slash + 1);
      let message: string | undefined;
      if (port === '') message = `invalid port: ${JSON.stringify(raw)}: no port specified`;
      else if (!['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) message = `invalid port: ${JSON.stringify(raw)}: invalid proto: ${proto}`;
      else {
        const dash = port.indexOf('-', 1);
        const start = portNumber(dash < 0 ? port : port.slice(0, dash));
        const end = dash < 0 ? start : portNumber(port.slice(dash + 1));
        if (start === undefined || end === undefined || end < start) message = `invalid containerPort: ${port}`;
      }
      if (message) { errors.push({ phase: 3, message, range: word.range }); return; }
    }
  }
}

const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const MOUNT_KEYS = new Set(['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env']);

/** Comma-separated fields with CSV quotes (`csvvalue.Fields`), or undefined when a quote is left open. */
function csvFields(text: string): string[] | undefined {
  const out: string[] = [];
  let field = '';
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') { if (text[i + 1] === '"') { field += '"'; i += 2; continue; } i++; break; }
        field += text[i++];
      }
      continue;
    }
    if (i === text.length || text[i] === ',') { out.push(field); field = ''; i++; continue; }
    field += text[i++];
  }
  return out;
}

/** `parseMount`: at parse time only `from=` with a variable; at dispatch every option. */
function mountErrors(value: string, range: Range, errors: SyntaxError[]): void {
  const list = csvFields(value);
  if (!list) { errors.push({ phase: 1, message: 'failed to parse csv mounts: extraneous or missing " in quoted-field', range, mount: true }); return; }
  const error = (phase: SyntaxPhase, message: string): void => { errors.push({ phase, message, range, mount: true }); };
  let type = 'bind';
  let mode = false; let uid = false; let gid = false; let from = ''; let sharing = ''; let source = ''; let target = ''; let id = '';
  for (const field of list) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq < 0 ? '' : field.slice(eq + 1);
    if (key === 'from' && eq >= 0) {
      const dollar = val.indexOf('$');
      if (dollar !== -1 && dollar !== val.length - 1) return error(1, `'from' doesn't support variable expansion, define alias stage instead`);
    }
    if (val.includes('$')) continue; // expanded at dispatch from the stage's ARGs and ENVs: not judged here
    if (eq < 0) {
      if (['readonly', 'ro', 'readwrite', 'rw'].includes(key)) continue;
      if (key === 'required') { if (type === 'secret' || type === 'ssh') continue; return error(3, `unexpected key '${key}' for mount type '${type}'`); }
      return error(3, `invalid field '${field}' must be a key=value pair`);
    }
    switch (key) {
      case 'type': if (!MOUNT_TYPES.includes(val.toLowerCase())) return error(3, `unsupported mount type ${JSON.stringify(val)}`); type = val.toLowerCase(); break;
      case 'from': from = val; break;
      case 'source': case 'src': source = val; break;
      case 'target': case 'dst': case 'destination': target = val; break;
      case 'readonly': case 'ro': case 'readwrite': case 'rw': if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(val)) return error(3, `invalid value for ${key}: ${val}`); break;
      case 'required': if (type !== 'secret' && type !== 'ssh') return error(3, `unexpected key '${key}' for mount type '${type}'`); if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(val)) return error(3, `invalid value for ${key}: ${val}`); break;
      case 'size': if (type !== 'tmpfs') return error(3, `unexpected key '${key}' for mount type '${type}'`); if (!/^\d+(\.\d+)?\s*([kmgtp]i?b?|b)?$/i.test(val)) return error(3, `invalid value for ${key}: ${val}`); break;
      case 'id': id = val; break;
      case 'sharing': if (!['shared', 'private', 'locked'].includes(val.toLowerCase())) return error(3, `unsupported sharing value ${JSON.stringify(val)}`); sharing = val; break;
      case 'mode': if (!/^[0-7]+$/.test(val)) return error(3, `invalid value ${val} for mode`); mode = true; break;
      case 'uid': if (!/^\d+$/.test(val)) return error(3, `invalid value ${val} for uid`); uid = true; break;
      case 'gid': if (!/^\d+$/.test(val)) return error(3, `invalid value ${val} for gid`); gid = true; break;
      case 'env': break;
      default: if (!MOUNT_KEYS.has(key)) return error(3, `unexpected key '${key}' in '${field}'`);
    }
  }
  if (!['secret', 'ssh', 'cache'].includes(type)) {
    if (mode) return error(3, `mode not allowed for "${type}" type mounts`);
    if (uid) return error(3, `uid not allowed for "${type}" type mounts`);
    if (gid) return error(3, `gid not allowed for "${type}" type mounts`);
  }
  if (type === 'secret') {
    if (from) return error(3, 'secret mount should not have a from');
    if (sharing) return error(3, 'secret mount should not define sharing');
    if (!source && !target && !id) return error(3, 'invalid secret mount. one of source, target required');
    if (source && id) return error(3, "both source and id can't be set");
  }
  if (sharing && type !== 'cache') error(3, `invalid cache sharing set for ${type} mount`);
}

function runErrors(split: Split, errors: SyntaxError[]): void {
  if (!flagsOnly(split, errors)) return;
  for (const flag of split.flags) {
    if (flag.name === 'mount' && flag.value !== undefined) mountErrors(flag.value, flag.range, errors);
  }
  const network = [...split.flags].reverse().find((flag) => flag.name === 'network');
  if (network?.value !== undefined && !['default', 'none', 'host'].includes(network.value)) errors.push({ phase: 1, message: `invalid network mode ${JSON.stringify(network.value)}`, range: network.range });
  const security = [...split.flags].reverse().find((flag) => flag.name === 'security');
  if (security?.value !== undefined && !['sandbox', 'insecure'].includes(security.value)) errors.push({ phase: 1, message: `security ${JSON.stringify(security.value)} is not valid`, range: security.range });
}

function onbuildErrors(split: Split, instruction: Instruction, escape: string, errors: SyntaxError[]): void {
  if (!atLeastOne(split, errors)) return;
  if (!flagsOnly(split, errors)) return;
  const trigger = split.words[0].value.toUpperCase();
  if (trigger === 'ONBUILD') errors.push({ phase: 1, message: 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed', range: split.words[0].range });
  else if (trigger === 'MAINTAINER' || trigger === 'FROM') errors.push({ phase: 1, message: `${trigger} isn't allowed as an ONBUILD trigger`, range: split.words[0].range });
  // The trigger's own text goes through the parser now (its instruction is checked when an image builds on this one).
  const inner = splitInstruction(trigger, instruction, split.words.slice(1), escape);
  if (['ENV', 'LABEL'].includes(trigger)) {
    const found: SyntaxError[] = [];
    pairErrors(inner, found);
    errors.push(...found.filter((error) => error.phase === 0));
  }
  parserErrors(inner, errors);
}

/** Every error of one instruction, in the order BuildKit checks them. */
function instructionErrors(instruction: Instruction, escape: string, errors: SyntaxError[]): void {
  const keyword = instruction.keyword;
  if (!KNOWN.has(keyword)) {
    const unknown = { name: instruction.keywordText, range: instruction.keywordRange, candidates: [...KNOWN] };
    errors.push({ phase: 1, message: `unknown instruction: ${instruction.keywordText}`, range: instruction.keywordRange, unknown });
    return;
  }
  const parts = splitInstruction(keyword, instruction, instruction.args, escape);
  if (keyword === 'ONBUILD') { onbuildErrors(parts, instruction, escape, errors); return; }
  parserErrors(parts, errors);
  switch (keyword) {
    case 'ENV': case 'LABEL': pairErrors(parts, errors); break;
    case 'MAINTAINER': case 'USER': case 'WORKDIR': exactlyOne(parts, errors, true); break;
    case 'STOPSIGNAL': exactlyOne(parts, errors, false); stopSignalErrors(parts, errors); break;
    case 'ADD': case 'COPY': copyErrors(parts, errors); break;
    case 'FROM': fromErrors(parts, errors); break;
    case 'RUN': runErrors(parts, errors); break;
    case 'CMD': case 'ENTRYPOINT': flagsOnly(parts, errors); break;
    case 'HEALTHCHECK': healthcheckErrors(parts, errors); break;
    case 'EXPOSE': if (atLeastOne(parts, errors) && flagsOnly(parts, errors)) exposeErrors(parts, errors); break;
    case 'VOLUME':
      if (!atLeastOne(parts, errors) || !flagsOnly(parts, errors)) break;
      if (parts.json && parts.words.some((word) => word.value.trim() === '')) errors.push({ phase: 1, message: 'VOLUME specified can not be an empty string', range: parts.range });
      break;
    case 'ARG': {
      if (!atLeastOne(parts, errors)) break;
      const blank = parts.words.find((word) => word.value.startsWith('='));
      if (blank) errors.push({ phase: 1, message: 'ARG names can not be blank', range: blank.range });
      break;
    }
    case 'SHELL':
      if (!flagsOnly(parts, errors)) break;
      if (parts.words.length === 0) errors.push({ phase: 1, message: 'SHELL requires at least one argument', range: parts.range });
      else if (!parts.json) errors.push({ phase: 1, message: 'SHELL requires the arguments to be in JSON form', range: parts.range });
      break;
    default: break;
  }
}

/** Directives BuildKit rejects: a second one of a name, an escape other than `\` or `` ` ``. */
function directiveErrors(model: DockerfileModel, errors: SyntaxError[]): void {
  const { directives } = model;
  if (directives.badEscape !== undefined) {
    errors.push({ phase: 0, message: `invalid escape token '${directives.badEscape}' does not match \` or \\`, range: directives.ranges.escape });
  }
  if (directives.repeated) errors.push({ phase: 0, message: `only one ${directives.repeated.name} parser directive can be used`, range: directives.repeated.range });
  const check = directives.check !== undefined ? checkError(directives.check) : undefined;
  if (check) errors.push({ phase: 0, message: `failed to parse check options: ${check}`, range: directives.ranges.check });
}

/** `linter.ParseLintOptions`: `skip=`, `experimental=` and `error=<bool>`, at most three parts split at `;`. */
function checkError(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const parts = text.split(';');
  const limited = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join(';')] : parts;
  for (const part of limited) {
    const eq = part.indexOf('=');
    if (eq < 0) return `invalid check option ${JSON.stringify(part)}`;
    const key = part.slice(0, eq).trim();
    const option = part.slice(eq + 1).trim();
    if (key === 'error') {
      if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(option)) return `failed to parse check option ${JSON.stringify(part)}: strconv.ParseBool: parsing ${JSON.stringify(option)}: invalid syntax`;
    } else if (key !== 'skip' && key !== 'experimental') {
      return `invalid check option ${JSON.stringify(key)}`;
    }
  }
  return undefined;
}

const PLATFORM_PART = /^[A-Za-z0-9_-]+$/;

/**
 * FROM lines whose base name or `--platform` expands to nothing (or to no platform) with the global
 * ARGs' defaults. `buildArgs` when a global ARG without a value is involved: `--build-arg` can set it.
 */
function stageErrors(model: DockerfileModel, escape: string, errors: SyntaxError[]): void {
  const vars = new Map<string, string | undefined>(PREDEFINED_ARGS);
  for (const arg of model.globalArgs) vars.set(arg.name, arg.defaultValue === undefined ? vars.get(arg.name) : substitute(arg.defaultValue, vars, escape).value);
  const settable = (missing: string[]) => missing.some((name) => vars.has(name));
  for (const stage of model.stages) {
    const from = splitInstruction('FROM', stage.fromInstruction, stage.fromInstruction.args, escape);
    const words = fields(from.words);
    if (words.length === 0) continue;
    const base = substitute(words[0], vars, escape);
    if (base.value === '') errors.push({ phase: 2, message: `base name (${words[0]}) should not be blank`, range: stage.baseRange, buildArgs: settable(base.missing) });
    const flag = from.flags.find((f) => f.name === 'platform' && f.value !== undefined);
    if (!flag || flag.value === '') continue;
    const platform = substitute(flag.value!, vars, escape);
    if (platform.value === '') errors.push({ phase: 2, message: `empty platform value from expression ${flag.value}`, range: flag.range, buildArgs: settable(platform.missing) });
    else if (!platform.value.split('/').every((part) => PLATFORM_PART.test(part)) || platform.value.split('/').length > 3) {
      errors.push({ phase: 2, message: `failed to parse platform ${flag.value}: ${JSON.stringify(platform.value)}: invalid platform specifier`, range: flag.range });
    }
  }
}

/** Every error BuildKit would raise for this file before running a step, each on its instruction, in file order. */
export function syntaxErrors(model: DockerfileModel): SyntaxError[] {
  const errors: SyntaxError[] = [];
  const escape = model.directives.escape;
  directiveErrors(model, errors);
  for (const problem of model.problems) {
    if (problem.kind === 'unclosed-heredoc') errors.push({ phase: 0, message: 'unterminated heredoc', range: problem.range });
    else if (problem.kind === 'not-an-instruction') errors.push({ phase: 1, message: `unknown instruction: ${problem.token ?? ''}`, range: problem.range });
  }
  for (const instruction of model.instructions) {
    instructionErrors(instruction, escape, errors);
    // `instructions.Parse`: an instruction it can read, other than ARG, with no FROM above it.
    if (instruction.stageIndex < 0 && instruction.keyword !== 'ARG' && instruction.keyword !== 'FROM' && KNOWN.has(instruction.keyword)) {
      errors.push({ phase: 1, message: 'no build stage in current context', range: instruction.keywordRange });
    }
  }
  if (model.instructions.length === 0 && model.problems.length === 0) {
    errors.push({ phase: 0, message: 'file with no instructions', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  } else if (model.stages.length === 0) {
    errors.push({ phase: 2, message: 'dockerfile contains no stages to build', range: model.instructions[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  stageErrors(model, escape, errors);
  return errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The error a build reports: the first phase that fails, and in it the first line. */
export function firstError(errors: readonly SyntaxError[]): SyntaxError | undefined {
  let first: SyntaxError | undefined;
  for (const error of errors) if (!first || error.phase < first.phase || (error.phase === first.phase && error.range.start.line < first.range.start.line)) first = error;
  return first;
}
