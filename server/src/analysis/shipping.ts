/**
 * Which stages ship, and facts along FROM chains, answered from the model alone (no text is re-read).
 * Used by the image-size and security rules; everything here is linear in the number of stages.
 */
import type { DockerfileModel, Stage, Word } from './model';
import { stageLabel } from './lookup';

/**
 * Names of stages that are not deliverables even when nothing depends on them: tests, linters,
 * dev/debug shells, generators, ... (matched as a whole word of the name: `unit-test`, `lint_go`).
 */
const NOT_SHIPPED =
  /(?:^|[-_.])(?:tests?|testing|unit|integration|e2e|lint|linters?|check|checks|vet|fmt|format|validate|validation|verify|dev|devel|develop|development|devcontainer|debug|ci|bench|benchmarks?|cover|coverage|docs?|gen|generate|generator|update|vendor|tools?|tooling|shell|sandbox|build|builder|deps|dependencies|base)(?:$|[-_.])/i;

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
  for (const reference of model.references)
    if (reference.target.kind === 'stage' && reference.fromStage !== reference.target.stageIndex) depended.add(reference.target.stageIndex);
  shipped = model.stages
    .filter((stage) =>
      stage.name === undefined
        ? stage.index === model.defaultTarget
        : !NOT_SHIPPED.test(stage.name) && (stage.index === model.defaultTarget || !depended.has(stage.index)),
    )
    .map((stage) => stage.index);
  shippedCache.set(model, shipped);
  return shipped;
}

/**
 * Facts of each stage along its FROM chain (the stage, the stage it is FROM, and so on), for every
 * stage in one pass in file order: a stage is only ever FROM an earlier stage, so each entry is the
 * stage's own fact combined with its parent's. Linear, once per model (a chain of 100,000 stages
 * costs 100,000 steps, not 5 billion).
 */
export interface ChainFacts {
  /** Index of the stage at the root of the chain (its base is an image, scratch or unresolved). */
  root: number[];
  /** Index of the parent stage (`FROM <stage>`), or -1. */
  parent: number[];
  /** CMD or ENTRYPOINT set along the chain. */
  command: boolean[];
  /** SHELL set along the chain. */
  shell: boolean[];
  /** The last USER along the chain. */
  user: (Word | undefined)[];
  /** Stages that copy or mount from another stage (COPY/ADD --from, RUN --mount from=). */
  copiesFromStage: boolean[];
}

const chainCache = new WeakMap<DockerfileModel, ChainFacts>();

export function chainFacts(model: DockerfileModel): ChainFacts {
  let facts = chainCache.get(model);
  if (facts) return facts;
  const n = model.stages.length;
  facts = { root: [], parent: [], command: [], shell: [], user: [], copiesFromStage: new Array<boolean>(n).fill(false) };
  for (const stage of model.stages) {
    const i = stage.index;
    const parent = stage.base.kind === 'stage' && stage.base.stageIndex < i ? stage.base.stageIndex : -1;
    facts.parent[i] = parent;
    facts.root[i] = parent >= 0 ? facts.root[parent] : i;
    facts.command[i] = stage.cmd !== undefined || stage.entrypoint !== undefined || (parent >= 0 && facts.command[parent]);
    facts.shell[i] = stage.instructions.some((instruction) => instruction.keyword === 'SHELL') || (parent >= 0 && facts.shell[parent]);
    facts.user[i] = stage.user ?? (parent >= 0 ? facts.user[parent] : undefined);
  }
  for (const reference of model.references) {
    if (reference.kind !== 'from' && reference.target.kind === 'stage' && reference.fromStage < n) facts.copiesFromStage[reference.fromStage] = true;
  }
  chainCache.set(model, facts);
  return facts;
}

/** The stage at the root of this stage's FROM chain (`FROM build AS final`, build FROM golang -> build). */
export function chainRoot(model: DockerfileModel, stageIndex: number): Stage {
  return model.stages[chainFacts(model).root[stageIndex]];
}

/** The stage and the stages it is built FROM, nearest first (`FROM build AS final` -> final, build, ...). */
export function baseChain(model: DockerfileModel, stageIndex: number): Stage[] {
  const { parent } = chainFacts(model);
  const chain: Stage[] = [];
  for (let i = stageIndex; i >= 0 && model.stages[i]; i = parent[i]) chain.push(model.stages[i]);
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
  return chainFacts(model).command[stageIndex] ?? false;
}

/** A Windows image (nanoserver, servercore, .NET Framework, or a file using the backtick escape): no /bin/sh, no root user. */
export function isWindowsStage(model: DockerfileModel, stageIndex: number): boolean {
  if (model.directives.escape === '`') return true;
  const base = chainRoot(model, stageIndex)?.base;
  return base?.kind === 'image' && /windows|nanoserver|servercore|dotnet\/framework/i.test(`${base.image.path}:${base.image.tag ?? ''}`);
}

/**
 * Stages whose layers end up in the given stages' images: those stages and the stages they are built
 * FROM. One walk that stops at stages already seen (linear in the number of stages).
 */
export function layerStages(model: DockerfileModel, stageIndexes: number[]): Set<number> {
  const { parent } = chainFacts(model);
  const result = new Set<number>();
  for (const index of stageIndexes) for (let i = index; i >= 0 && !result.has(i); i = parent[i]) result.add(i);
  return result;
}
