/**
 * The simple commands of a RUN, read from the model's words (no text is re-read): shell words split
 * at `&&`, `||`, `;`, `|` and newlines of heredoc bodies. Good enough to find `apt-get update` or
 * `npm ci`; not a shell parser (no subshells, no functions, no quoting rules beyond the words).
 */
import type { Instruction, Range, Word } from './model';

export interface SimpleCommand {
  /** Words with leading `VAR=value` assignments, `sudo` and `exec` removed. */
  words: Word[];
  /** False for commands read from a heredoc body: their word ranges are the body's range. */
  precise: boolean;
}

const SEPARATOR = /^(?:&&|\|\||;|\||&|\(|\)|\{|\}|then|do|else|elif|fi|done|if|while|until)$/;
const PREFIX = /^(?:sudo|exec|env|nohup|time|command)$/;

function split(words: Word[], precise: boolean): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: Word[] = [];
  const flush = () => {
    while (current.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(current[0].value) || PREFIX.test(current[0].value))) current.shift();
    if (current.length) commands.push({ words: current, precise });
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

/** The `--mount=type=cache,...` targets of a RUN (keys and the type read without case, as BuildKit reads them). */
export function cacheMountTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) continue;
    const options = new Map(
      flag.value.split(',').map((option) => {
        const eq = option.indexOf('=');
        return eq < 0 ? [option.trim().toLowerCase(), ''] : [option.slice(0, eq).trim().toLowerCase(), option.slice(eq + 1).trim()];
      }),
    );
    if (options.get('type')?.toLowerCase() === 'cache') targets.push(options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '');
  }
  return targets;
}

/** `apt-get`, `/usr/bin/apt-get` -> `apt-get`. */
export function commandName(command: SimpleCommand): string {
  const first = command.words[0]?.value ?? '';
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
