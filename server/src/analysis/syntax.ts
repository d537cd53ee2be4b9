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
import type { DockerfileModel, Range } from './model';
import { PREDEFINED_ARGS, substitute } from './variables';
import { KNOWN, fields, splitInstruction, type SyntaxError } from './syntaxSplit';
import { instructionErrors } from './instructionErrors';
import { movedBy, perInstruction } from './reuse';

export type { SyntaxError, SyntaxPhase } from './syntaxSplit';

/** Directives BuildKit rejects: a second one of a name, an escape other than `\` or `` ` ``. */
function directiveErrors(model: DockerfileModel, errors: SyntaxError[]): void {
  const { directives } = model;
  if (directives.badEscape !== undefined) {
    errors.push({ phase: 0, message: `invalid escape token '${directives.badEscape}' does not match \` or \\`, range: directives.ranges.escape });
  }
  if (directives.repeated)
    errors.push({ phase: 0, message: `only one ${directives.repeated.name} parser directive can be used`, range: directives.repeated.range });
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
      if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(option))
        return `failed to parse check option ${JSON.stringify(part)}: strconv.ParseBool: parsing ${JSON.stringify(option)}: invalid syntax`;
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
  for (const arg of model.globalArgs)
    vars.set(arg.name, arg.defaultValue === undefined ? vars.get(arg.name) : substitute(arg.defaultValue, vars, escape).value);
  const settable = (missing: string[]) => missing.some((name) => vars.has(name));
  for (const stage of model.stages) {
    const from = fromWords(stage.fromInstruction, escape);
    if (from === NO_BASE) continue;
    const base = substitute(from.base, vars, escape);
    if (base.value === '')
      errors.push({ phase: 2, message: `base name (${from.base}) should not be blank`, range: stage.baseRange, buildArgs: settable(base.missing) });
    const flag = from.platform;
    if (!flag || flag.value === '') continue;
    const platform = substitute(flag.value, vars, escape);
    if (platform.value === '')
      errors.push({ phase: 2, message: `empty platform value from expression ${flag.value}`, range: flag.range, buildArgs: settable(platform.missing) });
    else if (!platform.value.split('/').every((part) => PLATFORM_PART.test(part)) || platform.value.split('/').length > 3) {
      errors.push({
        phase: 2,
        message: `failed to parse platform ${flag.value}: ${JSON.stringify(platform.value)}: invalid platform specifier`,
        range: flag.range,
      });
    }
  }
}

/** What `stageErrors` reads of a FROM line before substituting: its first word and its `--platform` value. */
interface FromWords {
  base: string;
  platform?: { value: string; range: Range };
}

/** A FROM with no words (reported by instructionErrors, not here). */
const NO_BASE: FromWords = { base: '' };

/**
 * Each FROM's words, read once per instruction (`perInstruction`): splitting every FROM on every edit
 * was a third of the rule's time on the 10k-line file.
 */
const fromWords = perInstruction<FromWords>(
  (instruction, escape) => {
    const from = splitInstruction('FROM', instruction, instruction.args, escape);
    const words = fields(from.words);
    const flag = from.flags.find((f) => f.name === 'platform' && f.value !== undefined);
    return words.length === 0 ? NO_BASE : { base: words[0], ...(flag ? { platform: { value: flag.value!, range: flag.range } } : {}) };
  },
  (from, delta) => (from.platform ? { base: from.base, platform: { value: from.platform.value, range: movedBy(from.platform.range, delta) } } : from),
);

/**
 * Each instruction's own errors, kept with the instruction (`perInstruction`): they depend only on it
 * and the escape character, so an edit checks again only the instructions it touched.
 */
const NONE: readonly SyntaxError[] = [];

const errorsOf = perInstruction<readonly SyntaxError[]>(
  (instruction, escape) => {
    const found: SyntaxError[] = [];
    instructionErrors(instruction, escape, found);
    return found.length ? found : NONE;
  },
  (errors, delta) => (errors.length ? errors.map((error) => movedError(error, delta)) : NONE),
);

function movedError(error: SyntaxError, delta: number): SyntaxError {
  const moved = { ...error, range: movedBy(error.range, delta) };
  if (error.unknown) moved.unknown = { ...error.unknown, range: movedBy(error.unknown.range, delta) };
  return moved;
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
    for (const error of errorsOf(instruction, escape)) errors.push(error);
    // `instructions.Parse`: an instruction it can read, other than ARG, with no FROM above it.
    if (instruction.stageIndex < 0 && instruction.keyword !== 'ARG' && instruction.keyword !== 'FROM' && KNOWN.has(instruction.keyword)) {
      errors.push({ phase: 1, message: 'no build stage in current context', range: instruction.keywordRange });
    }
  }
  if (model.instructions.length === 0 && model.problems.length === 0) {
    errors.push({ phase: 0, message: 'file with no instructions', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  } else if (model.stages.length === 0) {
    errors.push({
      phase: 2,
      message: 'dockerfile contains no stages to build',
      range: model.instructions[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
  }
  stageErrors(model, escape, errors);
  return errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The error a build reports: the first phase that fails, and in it the first line. */
export function firstError(errors: readonly SyntaxError[]): SyntaxError | undefined {
  let first: SyntaxError | undefined;
  for (const error of errors)
    if (!first || error.phase < first.phase || (error.phase === first.phase && error.range.start.line < first.range.start.line)) first = error;
  return first;
}
