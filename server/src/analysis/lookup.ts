/**
 * Questions about stage names at a position, answered from the model alone (no text is re-read).
 */
import type { DockerfileModel, Position, Range, Stage } from './model';

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
  const result = new Set<number>();
  for (const reference of model.references) {
    if (reference.fromStage === stageIndex && reference.target.kind === 'stage') result.add(reference.target.stageIndex);
  }
  return [...result].sort((a, b) => a - b);
}

/** Stages that depend on this one directly. */
export function directDependents(model: DockerfileModel, stageIndex: number): number[] {
  const result = new Set<number>();
  for (const reference of model.references) {
    if (reference.target.kind === 'stage' && reference.target.stageIndex === stageIndex) result.add(reference.fromStage);
  }
  return [...result].sort((a, b) => a - b);
}

/** How the base of a stage reads to a person: an image reference, a stage label, scratch or the text. */
export function describeBase(model: DockerfileModel, stage: Stage): string {
  switch (stage.base.kind) {
    case 'image': return stage.base.image.raw;
    case 'stage': return stageLabel(model.stages[stage.base.stageIndex]);
    case 'scratch': return 'scratch';
    case 'unresolved': return stage.base.text;
  }
}
