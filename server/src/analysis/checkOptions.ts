/**
 * BuildKit's check options, read as BuildKit reads them (moby/buildkit frontend/dockerfile/linter/
 * linter.go, parser/parser.go, dockerfile2llb/convert.go):
 *  - for the file: the `# check=` parser directive, or instead of it, when the build arg
 *    `BUILDKIT_DOCKERFILE_CHECK` is given (even empty), that value;
 *  - per instruction: the first `# check=` comment among the comment lines right above it (every
 *    comment since the previous instruction; an empty `#` line starts the run afresh). It adds to
 *    the file's options (skip, experimental) and never takes one away; `error` is file-only.
 * Options are `skip=A,B|all`, `experimental=A,B|all`, `error=true|false`, joined by `;`. An invalid
 * value fails the build for the file (no check runs); on an instruction it is ignored.
 */
import type { DockerfileModel } from './model';

export interface CheckOptions {
  skipAll: boolean;
  /** Check names as written: BuildKit compares them case-sensitively. */
  skip: ReadonlySet<string>;
  experimentalAll: boolean;
  experimental: ReadonlySet<string>;
  /** `error=true`: the build fails on any check, so the findings are errors. */
  error: boolean;
}

export const NO_OPTIONS: CheckOptions = Object.freeze({
  skipAll: false,
  skip: new Set<string>(),
  experimentalAll: false,
  experimental: new Set<string>(),
  error: false,
});

/** BuildKit's experimental checks (linter/ruleset.go `Experimental: true`): off unless enabled. */
export const EXPERIMENTAL_CHECKS: ReadonlySet<string> = new Set(['InvalidDefinitionDescription']);

/**
 * Checks BuildKit runs with the file's options only (not an instruction's comments): they are
 * raised outside the parse and dispatch of one instruction (dockerfile2llb/convert.go,
 * validations.go).
 */
export const FILE_ONLY_CHECKS: ReadonlySet<string> = new Set([
  'NoEmptyContinuation',
  'ConsistentInstructionCasing',
  'ReservedStageName',
  'DuplicateStageName',
  'InvalidDefaultArgInFrom',
  'InvalidBaseImagePlatform',
]);

const names = (value: string) => value.split(',').map((name) => name.trim());

/** BuildKit's `ParseLintOptions`: undefined where BuildKit returns an error. */
export function parseCheckOptions(text: string): CheckOptions | undefined {
  text = text.trim();
  if (!text) return NO_OPTIONS;
  const options = { skipAll: false, skip: new Set<string>(), experimentalAll: false, experimental: new Set<string>(), error: false };
  // Go's strings.SplitN(s, ";", 3): at most three parts, the last keeps any further `;`.
  const parts = text.split(';');
  if (parts.length > 3) parts.splice(2, parts.length, parts.slice(2).join(';'));
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (value === 'all') options.skipAll = true;
      else options.skip = new Set(names(value));
    } else if (key === 'experimental') {
      if (value === 'all') options.experimentalAll = true;
      else options.experimental = new Set(names(value));
    } else if (key === 'error') {
      const flag = goBool(value);
      if (flag === undefined) return undefined;
      options.error = flag;
    } else return undefined;
  }
  return options;
}

/** Go's strconv.ParseBool. */
function goBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** The file's options; undefined when they are invalid (BuildKit fails before any check). */
export function fileCheckOptions(model: DockerfileModel, buildArgs: Readonly<Record<string, string>> = {}): CheckOptions | undefined {
  if (Object.prototype.hasOwnProperty.call(buildArgs, 'BUILDKIT_DOCKERFILE_CHECK')) return parseCheckOptions(buildArgs.BUILDKIT_DOCKERFILE_CHECK);
  // The directive's value up to its first space, as BuildKit's ParseDirective returns it.
  return parseCheckOptions((model.directives.check ?? '').split(' ')[0]);
}

const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/** The options a run of comments adds (BuildKit's `WithMergedConfigFromComments`), if any. */
export function commentCheckOptions(comments: readonly string[]): CheckOptions | undefined {
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.trimStart());
    if (!match || match[1].toLowerCase() !== 'check') continue;
    return parseCheckOptions(match[2].split(' ')[0]);
  }
  return undefined;
}

/** `base` with `extra` added, as BuildKit's `WithMergedConfig` (error stays the base's). */
export function mergeCheckOptions(base: CheckOptions, extra: CheckOptions): CheckOptions {
  return {
    skipAll: base.skipAll || extra.skipAll,
    skip: extra.skip.size ? new Set([...base.skip, ...extra.skip]) : base.skip,
    experimentalAll: base.experimentalAll || extra.experimentalAll,
    experimental: extra.experimental.size ? new Set([...base.experimental, ...extra.experimental]) : base.experimental,
    error: base.error,
  };
}

/** Does BuildKit run `check` under these options? */
export function checkRuns(options: CheckOptions, check: string): boolean {
  if (EXPERIMENTAL_CHECKS.has(check)) return options.experimentalAll || options.experimental.has(check);
  return !options.skipAll && !options.skip.has(check);
}

/**
 * BuildKit's `PrevComment` of each instruction (by its first line), for those that have one: the
 * comment lines since the previous instruction, `#` taken off and trimmed; an empty `#` line starts
 * the run afresh, blank lines do not (parser/parser.go). One walk over instructions and comments,
 * both in file order.
 */
export function commentsAbove(model: DockerfileModel): Map<number, string[]> {
  const result = new Map<number, string[]>();
  const comments = model.comments;
  let c = 0;
  let previousEnd = -1;
  for (const instruction of model.instructions) {
    const start = instruction.range.start.line;
    let run: string[] | undefined; // made only for an instruction with comments above it (most have none)
    for (; c < comments.length && comments[c].line < start; c++) {
      if (comments[c].line <= previousEnd) continue; // inside the previous instruction (a heredoc)
      if (comments[c].text === '') run = undefined;
      else (run ??= []).push(comments[c].text);
    }
    previousEnd = instruction.range.end.line;
    if (run) result.set(start, run);
  }
  return result;
}

/** Per instruction (by its first line): the options its `# check=` comment adds, where it has one. */
export function instructionCheckOptions(model: DockerfileModel): Map<number, CheckOptions> {
  const result = new Map<number, CheckOptions>();
  for (const [line, run] of commentsAbove(model)) {
    const options = commentCheckOptions(run);
    if (options) result.set(line, options);
  }
  return result;
}
