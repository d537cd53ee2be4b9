/**
 * The errors of one instruction, in the order BuildKit checks them (`instructionErrors`): its parser
 * (phase 0), its instruction parse (phase 1) and what the dispatch of its stage rejects (phase 3).
 */
import type { Instruction } from './model';
import { FLAGS, KNOWN, WHITESPACE, fields, flagError, jsonArray, jsonNotStrings, splitInstruction, type Split, type SyntaxError } from './syntaxSplit';
import { goDuration, goIntError } from './goValues';
import { mountErrors } from './mountErrors';

/** Instructions whose arguments may be a JSON array (`parseMaybeJSON` / `parseMaybeJSONToList`). */
const MAYBE_JSON = new Set(['ADD', 'COPY', 'VOLUME', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;
const HEREDOC_WORD = /^(\d*)<<(-?)\s*([^<]*)$/;
const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

function healthcheckErrors(split: Split, errors: SyntaxError[]): void {
  const words = split.words;
  if (words.length === 0) {
    errors.push({ phase: 1, message: 'HEALTHCHECK requires at least one argument', range: split.range });
    return;
  }
  const type = words[0].value.toUpperCase();
  const command = words.slice(1);
  if (type === 'NONE') {
    if (command.length) errors.push({ phase: 1, message: 'HEALTHCHECK NONE takes no arguments', range: split.range });
    return;
  }
  const flag = flagError(split, FLAGS.HEALTHCHECK);
  if (flag) {
    errors.push({ phase: 1, ...flag });
    return;
  }
  if (type !== 'CMD') {
    errors.push({ phase: 1, message: `Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`, range: words[0].range });
    return;
  }
  const json = jsonArray(command);
  if (json ? json.length === 0 : command.length === 0) {
    errors.push({ phase: 1, message: 'Missing command after HEALTHCHECK CMD', range: split.range });
    return;
  }
  for (const name of ['interval', 'timeout', 'start-period', 'start-interval']) {
    const found = [...split.flags].reverse().find((f) => f.name === name);
    if (!found?.value) continue;
    const duration = goDuration(found.value);
    if (typeof duration === 'string') {
      errors.push({ phase: 1, message: duration, range: found.range });
      return;
    }
    if (duration !== 0 && duration < 1e6) {
      errors.push({ phase: 1, message: `Interval ${JSON.stringify(name)} cannot be less than 1ms`, range: found.range });
      return;
    }
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
  if (legacy && words.length < 2) {
    errors.push({ phase: 0, message: `${keyword} must have two arguments`, range: split.range });
    return;
  }
  const missing = legacy ? undefined : words.find((word) => !word.value.includes('='));
  if (missing) {
    errors.push({
      phase: 0,
      message: `Syntax error - can't find = in ${JSON.stringify(missing.value)}. Must be of the form: name=value`,
      range: missing.range,
    });
    return;
  }
  const flag = flagError(split, {});
  if (flag) {
    errors.push({ phase: 1, ...flag });
    return;
  }
  if (words.length === 0) {
    errors.push({ phase: 1, message: `${keyword} requires at least one argument`, range: split.range });
    return;
  }
  const blank = legacy ? undefined : words.find((word) => word.value.startsWith('='));
  if (blank) errors.push({ phase: 1, message: `${keyword} names can not be blank`, range: blank.range });
}

/** Parser-phase errors of one instruction's text (ONBUILD's trigger included). */
function parserErrors(split: Split, errors: SyntaxError[]): void {
  const { keyword } = split;
  if (MAYBE_JSON.has(keyword) && !split.json && jsonNotStrings(split.words)) errors.push({ phase: 0, message: NOT_STRINGS, range: split.range });
  if (keyword === 'HEALTHCHECK' && split.words.length > 1 && jsonNotStrings(split.words.slice(1)))
    errors.push({ phase: 0, message: NOT_STRINGS, range: split.range });
}

function exactlyOne(split: Split, errors: SyntaxError[], parseFlags: boolean): void {
  if (split.words.length === 0) {
    errors.push({ phase: 1, message: `${split.keyword} requires exactly one argument`, range: split.range });
    return;
  }
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
    if (!STAGE_NAME.test(parts[2].toLowerCase())) {
      errors.push({
        phase: 1,
        message: `invalid name for build stage: ${JSON.stringify(parts[2])}, name can't start with a number or contain symbols`,
        range: split.words[split.words.length - 1].range,
      });
      return;
    }
  } else if (parts.length !== 1) {
    errors.push({ phase: 1, message: 'FROM requires either one or three arguments', range: split.range });
    return;
  }
  flagsOnly(split, errors);
}

function copyErrors(split: Split, errors: SyntaxError[]): void {
  const parts = split.json ? split.words.map((word) => word.value) : fields(split.words);
  if (parts.length < 2) {
    errors.push({
      phase: 1,
      message: `${split.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`,
      range: split.range,
    });
    return;
  }
  if (!flagsOnly(split, errors)) return;
  const destination = parts[parts.length - 1];
  const heredoc = HEREDOC_WORD.exec(destination);
  if (heredoc && heredoc[3] && !WHITESPACE.test(heredoc[3].trim()))
    errors.push({ phase: 1, message: `${split.keyword} cannot accept a heredoc as a destination`, range: split.words[split.words.length - 1].range });
  dispatchCopyErrors(split, parts, errors);
}

/** What `dispatchCopy` rejects before copying anything. */
function dispatchCopyErrors(split: Split, parts: string[], errors: SyntaxError[]): void {
  const chmod = split.flags.find((flag) => flag.name === 'chmod');
  if (chmod?.value && !chmod.value.includes('$')) {
    const numeric = /^[0-9]+$/.test(chmod.value);
    if (
      (numeric && (!/^[0-7]+$/.test(chmod.value) || parseInt(chmod.value, 8) > 0o7777)) ||
      (!numeric && !/^([ugoa]*[-+=]([rwxXst]*|[ugo]))(,[ugoa]*[-+=]([rwxXst]*|[ugo]))*$/.test(chmod.value))
    ) {
      errors.push({ phase: 3, message: `invalid chmod parameter: '${chmod.value}'. it should be octal string and between 0 and 07777`, range: chmod.range });
    }
  }
  const from = split.flags.find((flag) => flag.name === 'from');
  if (split.keyword === 'COPY' && from?.value && /\$([A-Za-z_{]|$)/.test(from.value)) {
    errors.push({
      phase: 3,
      message: 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
      range: from.range,
    });
  }
  if (split.keyword === 'COPY' && parts.slice(0, -1).some((source) => /^https?:\/\//.test(source))) {
    errors.push({ phase: 3, message: "source can't be a URL for COPY", range: split.range });
  }
}

const SIGNALS = new Set([
  'ABRT',
  'ALRM',
  'BUS',
  'CHLD',
  'CLD',
  'CONT',
  'FPE',
  'HUP',
  'ILL',
  'INT',
  'IO',
  'IOT',
  'KILL',
  'PIPE',
  'POLL',
  'PROF',
  'PWR',
  'QUIT',
  'SEGV',
  'STKFLT',
  'STOP',
  'SYS',
  'TERM',
  'TRAP',
  'TSTP',
  'TTIN',
  'TTOU',
  'URG',
  'USR1',
  'USR2',
  'VTALRM',
  'WINCH',
  'XCPU',
  'XFSZ',
  'RTMIN',
  'RTMAX',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${i + 1}`),
]);

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
      if (message) {
        errors.push({ phase: 3, message, range: word.range });
        return;
      }
    }
  }
}

function runErrors(split: Split, errors: SyntaxError[]): void {
  if (!flagsOnly(split, errors)) return;
  for (const flag of split.flags) {
    if (flag.name === 'mount' && flag.value !== undefined) mountErrors(flag.value, flag.range, errors);
  }
  const network = [...split.flags].reverse().find((flag) => flag.name === 'network');
  if (network?.value !== undefined && !['default', 'none', 'host'].includes(network.value))
    errors.push({ phase: 1, message: `invalid network mode ${JSON.stringify(network.value)}`, range: network.range });
  const security = [...split.flags].reverse().find((flag) => flag.name === 'security');
  if (security?.value !== undefined && !['sandbox', 'insecure'].includes(security.value))
    errors.push({ phase: 1, message: `security ${JSON.stringify(security.value)} is not valid`, range: security.range });
}

function onbuildErrors(split: Split, instruction: Instruction, escape: string, errors: SyntaxError[]): void {
  if (!atLeastOne(split, errors)) return;
  if (!flagsOnly(split, errors)) return;
  const trigger = split.words[0].value.toUpperCase();
  if (trigger === 'ONBUILD') errors.push({ phase: 1, message: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", range: split.words[0].range });
  else if (trigger === 'MAINTAINER' || trigger === 'FROM')
    errors.push({ phase: 1, message: `${trigger} isn't allowed as an ONBUILD trigger`, range: split.words[0].range });
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
export function instructionErrors(instruction: Instruction, escape: string, errors: SyntaxError[]): void {
  const keyword = instruction.keyword;
  if (!KNOWN.has(keyword)) {
    const unknown = { name: instruction.keywordText, range: instruction.keywordRange, candidates: [...KNOWN] };
    errors.push({ phase: 1, message: `unknown instruction: ${instruction.keywordText}`, range: instruction.keywordRange, unknown });
    return;
  }
  const parts = splitInstruction(keyword, instruction, instruction.args, escape);
  if (keyword === 'ONBUILD') {
    onbuildErrors(parts, instruction, escape, errors);
    return;
  }
  parserErrors(parts, errors);
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      pairErrors(parts, errors);
      break;
    case 'MAINTAINER':
    case 'USER':
    case 'WORKDIR':
      exactlyOne(parts, errors, true);
      break;
    case 'STOPSIGNAL':
      exactlyOne(parts, errors, false);
      stopSignalErrors(parts, errors);
      break;
    case 'ADD':
    case 'COPY':
      copyErrors(parts, errors);
      break;
    case 'FROM':
      fromErrors(parts, errors);
      break;
    case 'RUN':
      runErrors(parts, errors);
      break;
    case 'CMD':
    case 'ENTRYPOINT':
      flagsOnly(parts, errors);
      break;
    case 'HEALTHCHECK':
      healthcheckErrors(parts, errors);
      break;
    case 'EXPOSE':
      if (atLeastOne(parts, errors) && flagsOnly(parts, errors)) exposeErrors(parts, errors);
      break;
    case 'VOLUME':
      if (!atLeastOne(parts, errors) || !flagsOnly(parts, errors)) break;
      if (parts.json && parts.words.some((word) => word.value.trim() === ''))
        errors.push({ phase: 1, message: 'VOLUME specified can not be an empty string', range: parts.range });
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
    default:
      break;
  }
}
