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

/**
 * Names of stages that are not deliverables even when nothing depends on them: tests, linters,
 * dev/debug shells, generators, ... (matched as a whole word of the name: `unit-test`, `lint_go`).
 */
const NOT_SHIPPED = /(?:^|[-_.])(?:tests?|testing|unit|integration|e2e|lint|linters?|check|checks|vet|fmt|format|validate|validation|verify|dev|devel|develop|development|devcontainer|debug|ci|bench|benchmarks?|cover|coverage|docs?|gen|generate|generator|update|vendor|tools?|tooling|shell|sandbox|build|builder|deps|dependencies|base)(?:$|[-_.])/i;

const shippedCache = new WeakMap<DockerfileModel, number[]>();

/**
 * Stages whose image is what the Dockerfile delivers: the default target (the last stage), plus named
 * stages no other stage depends on; in both cases unless the name says test/lint/dev/debug/build/...
 * (a last stage named `dev` is a development image, not a deliverable). Build stages (another stage
 * copies from them, mounts them or is FROM them) are never shipped; an unnamed stage other than the
 * last cannot be a `--target`, so it is not shipped either.
 */
export function shippedStages(model: DockerfileModel): number[] {
  let shipped = shippedCache.get(model);
  if (shipped) return shipped;
  const depended = new Set<number>();
  for (const reference of model.references) if (reference.target.kind === 'stage' && reference.fromStage !== reference.target.stageIndex) depended.add(reference.target.stageIndex);
  shipped = model.stages
    .filter((stage) => (stage.name === undefined ? stage.index === model.defaultTarget : !NOT_SHIPPED.test(stage.name) && (stage.index === model.defaultTarget || !depended.has(stage.index))))
    .map((stage) => stage.index);
  shippedCache.set(model, shipped);
  return shipped;
}

/** The stage and the stages it is built FROM, nearest first (`FROM build AS final` -> final, build, ...). */
export function baseChain(model: DockerfileModel, stageIndex: number): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let stage: Stage | undefined = model.stages[stageIndex];
  while (stage && !seen.has(stage.index)) {
    chain.push(stage);
    seen.add(stage.index);
    stage = stage.base.kind === 'stage' ? model.stages[stage.base.stageIndex] : undefined;
  }
  return chain;
}

/** `build` / `stage 2`, and "the final stage `app`" for the default target. */
export function describeStage(model: DockerfileModel, stage: Stage): string {
  if (stage.index === model.defaultTarget) return stage.name ? `the final stage \`${stage.name}\`` : 'the final stage';
  return `the stage \`${stageLabel(stage)}\``;
}

/**
 * Does the stage say what its container runs (CMD or ENTRYPOINT in it or a stage it is FROM)? An
 * image without one is a build or tool environment (lint, docs, packaging, a dev shell) more often
 * than a deliverable.
 */
export function setsCommand(model: DockerfileModel, stageIndex: number): boolean {
  return baseChain(model, stageIndex).some((stage) => stage.cmd !== undefined || stage.entrypoint !== undefined);
}

/** A Windows image (nanoserver, servercore, .NET Framework, or a file using the backtick escape): no /bin/sh, no root user. */
export function isWindowsStage(model: DockerfileModel, stageIndex: number): boolean {
  if (model.directives.escape === '`') return true;
  const chain = baseChain(model, stageIndex);
  const base = chain[chain.length - 1]?.base;
  return base?.kind === 'image' && /windows|nanoserver|servercore|dotnet\/framework/i.test(`${base.image.path}:${base.image.tag ?? ''}`);
}
