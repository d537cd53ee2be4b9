/**
 * What the layer sizes of a build say on the current model (for the inlay hints and the stage hover):
 * the bytes each instruction of the built target added, the base image's, the total, the change since
 * the previous build of the same target, and whether the numbers still belong to the text: a build
 * whose target's instructions changed since (or during) the build is "stale", and its numbers are
 * never shown as current.
 */
import { imageInstructions, instructionPrint, sourceStages, type LayerBuild, type LayerStep } from '../analysis/layers';
import type { DockerfileModel, Instruction } from '../analysis/model';
import { familiarImageName } from '../analysis/imageRef';
import { formatAge, formatBytes } from '../format';
import { resolveTarget } from './buildPlan';
import type { FeatureContext } from './context';

export interface StepView {
  instruction: Instruction;
  keyword: string;
  size: number;
  /** Bytes more (or fewer) than the same instruction's layer in the previous build; undefined when there is none to compare. */
  delta?: number;
}

export type LayerView =
  | {
      state: 'current';
      build: LayerBuild;
      /** The target's stage index in the current model. */
      target: number;
      /** The FROM that starts the image's chain (the base image's line). */
      root: Instruction;
      base: { image?: string; size: number; delta?: number };
      steps: StepView[];
      total: number;
      totalDelta?: number;
    }
  | { state: 'stale' | 'unmapped'; build: LayerBuild; target: number; reason: string; total: number };

/** Why the build's numbers are not the text's: undefined while they are. */
function staleReason(build: LayerBuild, model: DockerfileModel, target: number): string | undefined {
  if (build.staleReason) return build.staleReason;
  const instructions = imageInstructions(model, target);
  if (instructions.length !== build.prints.length || instructions.some((instruction, i) => instructionPrint(instruction) !== build.prints[i]))
    return 'the target’s instructions changed since the build';
  const sources = sourceStages(model, target);
  const same = (a: number[], b: number[] | undefined) => !!b && a.length === b.length && a.every((print, i) => print === b[i]);
  const changed =
    sources.find((source) => !same(source.prints, build.sources.find((old) => old.label === source.label)?.prints)) ??
    build.sources.find((old) => !sources.some((source) => source.label === old.label));
  if (changed) return `the stage \`${changed.label}\` that the image copies from changed since the build`;
  return undefined;
}

/**
 * The previous build's bytes for each step: the same instruction (by fingerprint) first, for every
 * step, then the same place with the same keyword among those left. In that order an instruction
 * added above others takes no old instruction's bytes as its own: the ones it moved down keep theirs.
 */
function previousSizes(previous: LayerStep[], steps: LayerStep[]): (number | undefined)[] {
  const used = new Set<LayerStep>();
  const take = (match: (p: LayerStep) => boolean) => {
    const found = previous.find((p) => !used.has(p) && match(p));
    if (found) used.add(found);
    return found?.size;
  };
  const sizes = steps.map((step) => take((p) => p.print === step.print));
  return sizes.map((size, i) => size ?? take((p) => p.at === steps[i].at && p.keyword === steps[i].keyword));
}

/** One build's sizes on the current model. */
export function layerView(model: DockerfileModel, build: LayerBuild): LayerView | undefined {
  const target = resolveTarget(model, build.target);
  if (target === undefined) return undefined;
  const mapping = build.mapping;
  if (!mapping.mapped) return { state: 'unmapped', build, target, reason: mapping.reason, total: mapping.total };
  const stale = staleReason(build, model, target);
  if (stale) return { state: 'stale', build, target, reason: stale, total: mapping.total };
  const instructions = imageInstructions(model, target);
  const previous = build.previous?.mapping.mapped ? build.previous.mapping : undefined;
  const before = previous ? previousSizes(previous.steps, mapping.steps) : [];
  const steps = mapping.steps.map((step, i) => ({
    instruction: instructions[step.at],
    keyword: step.keyword,
    size: step.size,
    delta: before[i] === undefined ? undefined : step.size - before[i],
  }));
  return {
    state: 'current',
    build,
    target,
    root: instructions[0],
    // The name as docker prints it: the client may only know a FROM's resolved, normalized reference.
    base: {
      size: mapping.base.size,
      image: mapping.base.image && familiarImageName(mapping.base.image),
      delta: previous ? mapping.base.size - previous.base.size : undefined,
    },
    steps,
    total: mapping.total,
    totalDelta: previous ? mapping.total - previous.total : undefined,
  };
}

/** Every build of the document with sizes to show, oldest first (a later build of the same lines wins); none when the setting is off. */
export function layerViews(context: FeatureContext): LayerView[] {
  if (!context.settings.layerSizesEnabled || !context.layers) return [];
  return [...context.layers.values()]
    .sort((a, b) => a.finishedAt - b.finishedAt)
    .map((build) => layerView(context.model, build))
    .filter((view): view is LayerView => view !== undefined);
}

/** `+2.1 MB`, `-512 B`; empty for no change. */
export function formatDelta(delta: number | undefined): string {
  if (!delta) return '';
  return `${delta > 0 ? '+' : '-'}${formatBytes(Math.abs(delta))}`;
}

/** `RUN apk add`, `COPY --from=build`, `WORKDIR /app`: the keyword and what tells it apart. */
export function stepLabel(step: StepView): string {
  const instruction = step.instruction;
  const from = instruction.flags.find((flag) => flag.name.toLowerCase() === 'from');
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') return from ? `${instruction.keyword} --from=${from.value ?? ''}` : instruction.keyword;
  const words = instruction.args.slice(0, instruction.keyword === 'RUN' ? 2 : 1).map((word) => word.value.replace(/^\["?|"?,?\]?$/g, ''));
  const text = words.join(' ');
  return text ? `${instruction.keyword} ${text.length > 40 ? `${text.slice(0, 39)}…` : text}` : instruction.keyword;
}

/** Steps a hover lists by name before it sums the rest. */
const HOVER_STEPS = 6;

/** The builder's name in a sentence. */
const builderName = (build: LayerBuild) => (build.builder === 'buildkit' ? 'BuildKit' : 'the classic builder');

/**
 * The stage hover's lines about the builds whose target is this stage: base first, then the
 * instructions largest first (`base alpine:3.20 7.8 MB + RUN apk add 41 MB + COPY 2.1 MB = 51 MB`),
 * the change since the previous build, or why there are no current numbers.
 */
export function layerHover(context: FeatureContext, stageIndex: number, now: number): string[] {
  const lines: string[] = [];
  for (const view of layerViews(context).reverse()) {
    if (view.target !== stageIndex) continue;
    const build = view.build;
    const title = `**Layers of \`${build.tag}\`** (${builderName(build)}, built ${formatAge(now - build.finishedAt)})`;
    if (view.state === 'current') lines.push('', `${title}: ${sizeSum(view)}`, ...changeLine(view));
    else if (view.state === 'unmapped') lines.push('', `${title}: unmapped, ${view.reason}. The image is ${formatBytes(view.total)}.`);
    else lines.push('', `${title}: sizes from the build before your last edit (${view.reason}); build again for current ones.`);
  }
  return lines;
}

/** `base \`alpine:3.20\` 7.8 MB + RUN apk add 41 MB + COPY 2.1 MB = 51 MB`: instructions that added bytes, largest first. */
function sizeSum(view: Extract<LayerView, { state: 'current' }>): string {
  const base = view.base.image ? `base \`${view.base.image}\` ${formatBytes(view.base.size)}` : `base scratch ${formatBytes(view.base.size)}`;
  const added = view.steps.filter((step) => step.size > 0).sort((a, b) => b.size - a.size);
  const named = added.slice(0, HOVER_STEPS).map((step) => `${stepLabel(step)} ${formatBytes(step.size)}`);
  const rest = added.slice(HOVER_STEPS);
  if (rest.length) named.push(`${rest.length} more ${formatBytes(rest.reduce((sum, step) => sum + step.size, 0))}`);
  return `${[base, ...named].join(' + ')} = ${formatBytes(view.total)}`;
}

/** `Since the previous build: +2.0 MB (RUN apk add +2.0 MB)`; nothing without a previous build. */
function changeLine(view: Extract<LayerView, { state: 'current' }>): string[] {
  if (view.totalDelta === undefined) return [];
  if (view.totalDelta === 0 && view.steps.every((step) => !step.delta)) return ['', 'Since the previous build: no change.'];
  const changed = view.steps.filter((step) => step.delta).map((step) => `${stepLabel(step)} ${formatDelta(step.delta)}`);
  if (view.base.delta) changed.unshift(`base ${formatDelta(view.base.delta)}`);
  return ['', `Since the previous build: ${formatDelta(view.totalDelta) || 'no change in total'}${changed.length ? ` (${changed.join(', ')})` : ''}.`];
}
