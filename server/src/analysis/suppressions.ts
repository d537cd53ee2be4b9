/**
 * Suppression comments and BuildKit's check directive, read from the model (no text is re-read):
 *  - `# check=skip=RuleA,RuleB;error=true` (parser directive; `skip=all` skips every BuildKit check),
 *  - `# stagecraft-ignore id1,id2` on the line(s) right before an instruction (no ids: every rule),
 *  - `# stagecraft-ignore-file id1,id2` anywhere (no ids: every rule).
 */
import type { DockerfileModel } from './model';

export interface Suppressions {
  /** BuildKit check names from `# check=skip=`, lower-cased; `all` for `skip=all`. */
  buildkitSkip: Set<string>;
  /** `# check=error=true`: BuildKit fails the build on any check, so mirrored rules are errors. */
  buildkitError: boolean;
  /** Rule ids ignored in the whole file (`*` for all). */
  file: Set<string>;
  /** Per instruction: its line span and the rule ids ignored there (`*` for all). */
  lines: { startLine: number; endLine: number; ids: Set<string> }[];
}

const IGNORE = /^stagecraft-ignore(-file)?(?:\s+(.*))?$/;

function ids(list: string | undefined): Set<string> {
  const result = new Set((list ?? '').split(/[\s,]+/).map((id) => id.trim()).filter(Boolean));
  return result.size ? result : new Set(['*']);
}

export function readSuppressions(model: DockerfileModel): Suppressions {
  const buildkitSkip = new Set<string>();
  let buildkitError = false;
  for (const part of (model.directives.check ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'skip') for (const name of value.split(',')) if (name.trim()) buildkitSkip.add(name.trim().toLowerCase());
    if (key === 'error') buildkitError = value.toLowerCase() === 'true';
  }
  const file = new Set<string>();
  const lines: Suppressions['lines'] = [];
  const instructions = model.instructions;
  let next = 0; // instructions and comments are both in file order: one walk
  for (const comment of model.comments) {
    const match = IGNORE.exec(comment.text);
    if (!match) continue;
    if (match[1]) { for (const id of ids(match[2])) file.add(id); continue; }
    while (next < instructions.length && instructions[next].range.start.line < comment.line) next++;
    const instruction = instructions[next];
    if (instruction) lines.push({ startLine: instruction.range.start.line, endLine: instruction.range.end.line, ids: ids(match[2]) });
  }
  return { buildkitSkip, buildkitError, file, lines };
}

/** Is rule `id` (mirroring BuildKit's `buildkit` check, if any) suppressed for a finding starting on `line`? */
export function isSuppressed(suppressions: Suppressions, id: string, buildkit: string | undefined, line: number): boolean {
  if (buildkit && (suppressions.buildkitSkip.has('all') || suppressions.buildkitSkip.has(buildkit.toLowerCase()))) return true;
  if (suppressions.file.has('*') || suppressions.file.has(id)) return true;
  for (const span of suppressions.lines) {
    if (span.startLine > line) break;
    if (line <= span.endLine && (span.ids.has('*') || span.ids.has(id))) return true;
  }
  return false;
}
