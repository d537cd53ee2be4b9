/**
 * Questions about stage names and instructions at a position, answered from the model alone (no text
 * is re-read).
 */
import type { BuildSchedule, DockerfileModel, Instruction, Position, Range, Stage } from './model';

export interface StageOccurrence {
  stageIndex: number;
  range: Range;
  /** `declaration` is the name after `AS`; `reference` is FROM <stage>, --from=, mount from=. */
  kind: 'declaration' | 'reference';
}

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Declarations first, then references in file order; only references that resolve to an earlier stage. */
export function stageOccurrences(model: DockerfileModel, stageIndex: number): StageOccurrence[] {
  const stage = model.stages[stageIndex];
  const result: StageOccurrence[] = [];
  if (stage?.nameRange) result.push({ stageIndex, range: stage.nameRange, kind: 'declaration' });
  for (const reference of model.references) {
    if (reference.target.kind === 'stage' && reference.target.stageIndex === stageIndex && !/^\d+$/.test(reference.text)) {
      result.push({ stageIndex, range: reference.range, kind: 'reference' });
    }
  }
  return result;
}

/** The stage name or stage reference under the cursor, if any. */
export function stageOccurrenceAt(model: DockerfileModel, position: Position): StageOccurrence | undefined {
  const line = position.line;
  for (const stage of model.stages) {
    if (stage.range.start.line > line) break;
    if (stage.nameRange && contains(stage.nameRange, position)) return { stageIndex: stage.index, range: stage.nameRange, kind: 'declaration' };
  }
  for (const reference of model.references) {
    if (reference.range.start.line > line) break;
    if (reference.target.kind === 'stage' && contains(reference.range, position)) {
      return { stageIndex: reference.target.stageIndex, range: reference.range, kind: 'reference' };
    }
  }
  return undefined;
}

/** `build` or `stage 2` for an unnamed stage. */
export function stageLabel(stage: Stage): string {
  return stage.name ?? `stage ${stage.index}`;
}

/** Stages this stage depends on directly (FROM <stage>, --from, mount from=), without duplicates. */
export function directDependencies(model: DockerfileModel, stageIndex: number): number[] {
  return model.dependencies[stageIndex] ?? [];
}

/** Stages that depend on this one directly. */
export function directDependents(model: DockerfileModel, stageIndex: number): number[] {
  return model.dependents[stageIndex] ?? [];
}

/**
 * The targets whose BuildKit build includes this stage: the stage itself and every stage that
 * depends on it, directly or not. One walk over the dependents (linear), sorted.
 */
export function targetsBuilding(model: DockerfileModel, stageIndex: number): number[] {
  const seen = new Set<number>([stageIndex]);
  const stack = [stageIndex];
  while (stack.length)
    for (const next of model.dependents[stack.pop()!] ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
  return [...seen].sort((a, b) => a - b);
}

/**
 * The stages BuildKit builds for a target, stopping after `limit` stages: per-stage summaries (lenses)
 * stay linear in huge generated files where whole closures would be quadratic. `complete` is false
 * when the walk stopped early.
 */
export function boundedClosure(model: DockerfileModel, target: number, limit: number): { stages: number[]; complete: boolean } {
  const seen = new Set<number>([target]);
  const stack = [target];
  while (stack.length) {
    for (const dep of model.dependencies[stack.pop()!] ?? []) {
      if (seen.has(dep)) continue;
      if (seen.size >= limit) return { stages: [...seen].sort((a, b) => a - b), complete: false };
      seen.add(dep);
      stack.push(dep);
    }
  }
  return { stages: [...seen].sort((a, b) => a - b), complete: true };
}

/** How the base of a stage reads to a person: an image reference, a stage label, scratch or the text. */
export function describeBase(model: DockerfileModel, stage: Stage): string {
  switch (stage.base.kind) {
    case 'image':
      return stage.base.image.raw;
    case 'stage':
      return stageLabel(model.stages[stage.base.stageIndex]);
    case 'scratch':
      return 'scratch';
    case 'unresolved':
      return stage.base.text;
  }
}

/** The most stages BuildKit can run at the same time for a target: its largest group. */
export function widestGroup(schedule: BuildSchedule): number {
  return schedule.buildkit.reduce((widest, group) => Math.max(widest, group.length), 0);
}

/** The instruction that starts on or spans `line` (instructions are in file order: binary search). */
export function instructionAt(model: DockerfileModel, line: number): Instruction | undefined {
  const list = model.instructions;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const instruction = list[mid];
    if (instruction.range.end.line < line) low = mid + 1;
    else if (instruction.range.start.line > line) high = mid - 1;
    else return instruction;
  }
  return undefined;
}
