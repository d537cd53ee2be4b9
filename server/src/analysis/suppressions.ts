/**
 * Suppression comments and BuildKit's check options, read from the model (no text is re-read):
 *  - BuildKit's `# check=skip=RuleA,RuleB;error=true;experimental=RuleC` for the file (or the build
 *    arg BUILDKIT_DOCKERFILE_CHECK instead) and per instruction: see checkOptions.ts,
 *  - `# stagecraft-ignore id1,id2` on the line(s) right before an instruction (no ids: every rule),
 *  - `# stagecraft-ignore-file id1,id2` anywhere (no ids: every rule).
 */
import type { DockerfileModel } from './model';
import {
  EXPERIMENTAL_CHECKS,
  FILE_ONLY_CHECKS,
  checkRuns,
  fileCheckOptions,
  instructionCheckOptions,
  mergeCheckOptions,
  type CheckOptions,
} from './checkOptions';

export interface Suppressions {
  /** BuildKit's options for the file; undefined when invalid (BuildKit then fails before any check). */
  checks?: CheckOptions;
  /** Per instruction (its first line): the options its `# check=` comment adds. */
  instructionChecks: Map<number, CheckOptions>;
  /** First line of the instruction a line belongs to (the line itself outside instructions). */
  instructionStart: (line: number) => number;
  /** Rule ids ignored in the whole file (`*` for all). */
  file: Set<string>;
  /** Per instruction: its line span and the rule ids ignored there (`*` for all). */
  lines: { startLine: number; endLine: number; ids: Set<string> }[];
}

const IGNORE = /^stagecraft-ignore(-file)?(?:\s+(.*))?$/;

function ids(list: string | undefined): Set<string> {
  const result = new Set(
    (list ?? '')
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean),
  );
  return result.size ? result : new Set(['*']);
}

export function readSuppressions(model: DockerfileModel, buildArgs: Readonly<Record<string, string>> = {}): Suppressions {
  const checks = fileCheckOptions(model, buildArgs);
  const instructionChecks = checks ? instructionCheckOptions(model) : new Map<number, CheckOptions>();
  const file = new Set<string>();
  const lines: Suppressions['lines'] = [];
  const instructions = model.instructions;
  let next = 0; // instructions and comments are both in file order: one walk
  for (const comment of model.comments) {
    const match = IGNORE.exec(comment.text);
    if (!match) continue;
    if (match[1]) {
      for (const id of ids(match[2])) file.add(id);
      continue;
    }
    while (next < instructions.length && instructions[next].range.start.line < comment.line) next++;
    const instruction = instructions[next];
    if (instruction) lines.push({ startLine: instruction.range.start.line, endLine: instruction.range.end.line, ids: ids(match[2]) });
  }
  return { checks, instructionChecks, instructionStart: (line) => startOf(instructions, line), file, lines };
}

/** Binary search: the first line of the instruction spanning `line`, else `line`. */
function startOf(instructions: DockerfileModel['instructions'], line: number): number {
  let low = 0;
  let high = instructions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = instructions[middle].range;
    if (line < range.start.line) high = middle - 1;
    else if (line > range.end.line) low = middle + 1;
    else return range.start.line;
  }
  return line;
}

/**
 * Does BuildKit run `check` for a finding whose options come from the instruction starting on
 * `checkLine` (the reported instruction, except where BuildKit checks one and reports another)?
 */
export function buildkitRuns(suppressions: Suppressions, check: string, checkLine: number): boolean {
  const file = suppressions.checks;
  if (!file) return false;
  const extra = FILE_ONLY_CHECKS.has(check) ? undefined : suppressions.instructionChecks.get(suppressions.instructionStart(checkLine));
  return checkRuns(extra ? mergeCheckOptions(file, extra) : file, check);
}

/**
 * Can BuildKit run `check` anywhere in the file? False when the file's options rule it out and no
 * instruction's `# check=` comment can bring it back (one can only skip more, or enable an
 * experimental check): then a rule mirroring it need not look at the file at all.
 */
export function buildkitMayRun(suppressions: Suppressions, check: string): boolean {
  const file = suppressions.checks;
  if (!file) return false;
  if (checkRuns(file, check)) return true;
  if (!EXPERIMENTAL_CHECKS.has(check) || FILE_ONLY_CHECKS.has(check)) return false;
  for (const extra of suppressions.instructionChecks.values()) if (checkRuns(mergeCheckOptions(file, extra), check)) return true;
  return false;
}

/**
 * Is rule `id` (mirroring BuildKit's `buildkit` check, if any) suppressed for a finding starting on
 * `line` (BuildKit's options read from the instruction on `checkLine`, by default the same line)?
 */
export function isSuppressed(suppressions: Suppressions, id: string, buildkit: string | undefined, line: number, checkLine = line): boolean {
  if (buildkit && !buildkitRuns(suppressions, buildkit, checkLine)) return true;
  if (suppressions.file.has('*') || suppressions.file.has(id)) return true;
  for (const span of suppressions.lines) {
    if (span.startLine > line) break;
    if (line <= span.endLine && (span.ids.has('*') || span.ids.has(id))) return true;
  }
  return false;
}
