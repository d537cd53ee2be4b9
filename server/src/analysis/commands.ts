/**
 * The simple commands of a RUN, read from the model's words (no text is re-read): shell words split
 * at `&&`, `||`, `;`, `|` and newlines of heredoc bodies. Good enough to find `apt-get update` or
 * `npm ci`; not a shell parser (no subshells, no functions, no quoting rules beyond the words).
 */
import type { Flag, Instruction, Range, Word } from './model';

export interface SimpleCommand {
  /** Words with leading `VAR=value` assignments, `sudo` and `exec` removed. */
  words: Word[];
  /** False for commands read from a heredoc body: their word ranges are the body's range. */
  precise: boolean;
  /** The command's name: its first word without the directory (`/usr/bin/apt-get` -> `apt-get`), see `commandName`. */
  name: string;
}

const SEPARATOR = /^(?:&&|\|\||;|\||&|\(|\)|\{|\}|then|do|else|elif|fi|done|if|while|until)$/;
const PREFIX = /^(?:sudo|exec|env|nohup|time|command)$/;

function split(words: Word[], precise: boolean): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: Word[] = [];
  const flush = () => {
    while (current.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(current[0].value) || PREFIX.test(current[0].value))) current.shift();
    if (current.length) commands.push({ words: current, precise, name: nameOf(current[0].value) });
    current = [];
  };
  for (const word of words) {
    let value = word.value;
    if (SEPARATOR.test(value)) {
      flush();
      continue;
    }
    const trailing = /(;|&&|\|\|)$/.exec(value);
    if (trailing) value = value.slice(0, -trailing[0].length);
    if (value.startsWith('(')) value = value.slice(1);
    if (value) current.push(value === word.value ? word : { value, range: word.range });
    if (trailing) flush();
  }
  flush();
  return commands;
}

/** Whitespace-separated words of a heredoc body, each with the body's range. */
function bodyWords(body: string, range: Range): Word[] {
  const words: Word[] = [];
  for (const line of body.split('\n')) {
    const text = line.replace(/\\$/, '').trim();
    if (text.startsWith('#')) continue;
    for (const value of text.split(/\s+/)) if (value) words.push({ value, range });
    if (!line.endsWith('\\')) words.push({ value: ';', range });
  }
  return words;
}

const cache = new WeakMap<Instruction, SimpleCommand[]>();

/** The simple commands a RUN executes (shell form, JSON form `sh -c "..."` and heredoc bodies); computed once per instruction. */
export function runCommands(instruction: Instruction): SimpleCommand[] {
  if (instruction.keyword !== 'RUN') return [];
  let commands = cache.get(instruction);
  if (!commands) {
    commands = readCommands(instruction);
    cache.set(instruction, commands);
  }
  return commands;
}

function readCommands(instruction: Instruction): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  if (instruction.jsonForm) {
    const args = instruction.args;
    const shell = args.findIndex((word) => word.value === '-c');
    if (shell >= 0 && args[shell + 1]) {
      const script = args[shell + 1];
      commands.push(
        ...split(
          script.value
            .split(/\s+/)
            .filter(Boolean)
            .map((value) => ({ value, range: script.range })),
          false,
        ),
      );
    } else {
      commands.push(...split(args, true));
    }
  } else {
    commands.push(
      ...split(
        instruction.args.filter((word) => !word.value.startsWith('<<')),
        true,
      ),
    );
  }
  for (const heredoc of instruction.heredocs) commands.push(...split(bodyWords(heredoc.body, heredoc.bodyRange), false));
  return commands;
}

/** The targets of a RUN's `--mount`s of the given types (`cache`, `tmpfs`, ...; keys and the type read without case, as BuildKit reads them). */
export function mountTargets(instruction: Instruction, types: readonly string[]): string[] {
  const targets: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) continue;
    const options = new Map(
      flag.value.split(',').map((option) => {
        const eq = option.indexOf('=');
        return eq < 0 ? [option.trim().toLowerCase(), ''] : [option.slice(0, eq).trim().toLowerCase(), option.slice(eq + 1).trim()];
      }),
    );
    // BuildKit's default mount type is bind.
    if (types.includes((options.get('type') ?? 'bind').toLowerCase()))
      targets.push(options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '');
  }
  return targets;
}

/** The `--mount=type=cache,...` targets of a RUN. */
export function cacheMountTargets(instruction: Instruction): string[] {
  return mountTargets(instruction, ['cache']);
}

const triggers = new WeakMap<Instruction, Instruction | null>();

/**
 * The RUN an `ONBUILD RUN …` registers, as an instruction of its own: its `--flags` and words read
 * from the ONBUILD's words (its keyword range is the `RUN` word's). Undefined for anything else.
 * Computed once per instruction.
 */
export function onbuildRun(instruction: Instruction): Instruction | undefined {
  if (instruction.keyword !== 'ONBUILD') return undefined;
  let run = triggers.get(instruction);
  if (run === undefined) {
    run = readTrigger(instruction) ?? null;
    triggers.set(instruction, run);
  }
  return run ?? undefined;
}

function readTrigger(instruction: Instruction): Instruction | undefined {
  const [keyword, ...rest] = instruction.args;
  if (keyword?.value.toUpperCase() !== 'RUN') return undefined;
  const flags: Flag[] = [];
  let i = 0;
  for (; i < rest.length && rest[i].value.startsWith('--'); i++) {
    const { value, range } = rest[i];
    if (value === '--') {
      i++;
      break;
    }
    const eq = value.indexOf('=');
    const at = (offset: number) => ({ line: range.start.line, character: range.start.character + offset });
    flags.push({
      name: value.slice(2, eq < 0 ? undefined : eq),
      value: eq < 0 ? undefined : value.slice(eq + 1),
      range,
      nameRange: { start: at(2), end: eq < 0 ? range.end : at(eq) },
      valueRange: eq < 0 ? undefined : { start: at(eq + 1), end: range.end },
    });
  }
  let args = rest.slice(i);
  let jsonForm = false;
  if (args[0]?.value.startsWith('[')) {
    const parsed = jsonStrings(args.map((word) => word.value).join(' '));
    if (parsed) {
      const range = { start: args[0].range.start, end: args[args.length - 1].range.end };
      args = parsed.map((value) => ({ value, range }));
      jsonForm = true;
    }
  }
  return { ...instruction, keyword: 'RUN', keywordText: keyword.value, keywordRange: keyword.range, flags, args, jsonForm };
}

function jsonStrings(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `apt-get`, `/usr/bin/apt-get` -> `apt-get`. */
export function commandName(command: SimpleCommand): string {
  return command.name;
}

/** Read once per command: the package-manager table asks every command's name once per manager and edit. */
function nameOf(first: string): string {
  return first.slice(first.lastIndexOf('/') + 1);
}

/** The first word of `command` after its options (`apt-get -qq update` -> `update`), with its index. */
export function subcommand(command: SimpleCommand, from = 1): { word: Word; index: number } | undefined {
  for (let i = from; i < command.words.length; i++) {
    const value = command.words[i].value;
    if (value.startsWith('-')) continue;
    return { word: command.words[i], index: i };
  }
  return undefined;
}
