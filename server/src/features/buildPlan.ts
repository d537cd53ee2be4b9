import type { DockerfileModel } from '../analysis/model';
import { directDependencies, stageLabel } from '../analysis/lookup';
import type { BuildPlanParams, BuildPlanResult, ImageSizeNote, PlanEdge } from '../protocol';
import { imageCatalog } from '../analysis/imageCatalog';
import { parseImageReference } from '../analysis/imageRef';
import type { FeatureContext } from './context';
import { buildKitOnlyUses } from '../analysis/buildkitOnly';

/** A stage index from a name (case-insensitive, the last stage of that name, as BuildKit picks) or an index. */
export function resolveTarget(model: DockerfileModel, target: string | number | undefined): number | undefined {
  if (target === undefined || target === '') return model.defaultTarget;
  if (typeof target === 'number' || /^\d+$/.test(target)) {
    const index = Number(target);
    return index < model.stages.length ? index : undefined;
  }
  const key = target.toLowerCase();
  for (let i = model.stages.length - 1; i >= 0; i--) if (model.stages[i].key === key) return i;
  return undefined;
}

/** FROM <image> bases and the model's references that resolve to a stage or an image, in file order. */
export function planEdges(model: DockerfileModel): PlanEdge[] {
  const edges: PlanEdge[] = [];
  for (const stage of model.stages) {
    if (stage.base.kind === 'image') edges.push({ kind: 'from', stage: stage.index, image: stage.base.image.normalized, range: stage.baseRange });
  }
  for (const reference of model.references) {
    const { kind, fromStage: stage, range, target } = reference;
    if (target.kind === 'stage') edges.push({ kind, stage, source: target.stageIndex, range });
    else if (target.kind === 'image') edges.push({ kind, stage, image: target.image.normalized, range });
  }
  const before = (a: PlanEdge, b: PlanEdge) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  return edges.sort(before);
}

/** Catalog sizes (compressed, linux/amd64) of the images the edges use: what the stage graph shows. */
export function imageSizeNotes(edges: PlanEdge[]): Record<string, ImageSizeNote> {
  const notes = new Map<string, ImageSizeNote>(); // keyed by image references from the file: a Map, never a plain object
  const catalog = imageCatalog();
  for (const edge of edges) {
    if (edge.image === undefined || notes.has(edge.image)) continue;
    const figure = catalog.match(parseImageReference(edge.image))?.figure;
    if (figure) notes.set(edge.image, { bytes: figure.bytes, estimate: figure.estimate, source: `catalog${figure.date ? `, ${figure.date}` : ''}` });
  }
  return Object.fromEntries(notes);
}

export function buildPlan(context: FeatureContext, params: BuildPlanParams): BuildPlanResult {
  const { model, document } = context;
  const target = resolveTarget(model, params.target);
  const plan = target === undefined ? undefined : model.plans[target];
  const edges = planEdges(model);
  return {
    uri: document.uri,
    version: document.version,
    stages: model.stages.map((stage) => ({
      index: stage.index,
      name: stage.name,
      label: stageLabel(stage),
      range: stage.range,
      nameRange: stage.nameRange,
      baseText: stage.baseText,
      baseKind: stage.base.kind,
      image: stage.base.kind === 'image' ? stage.base.image.normalized : undefined,
      dependsOn: directDependencies(model, stage.index),
      instructionLines: stage.instructions.map((instruction) => instruction.range.start.line),
    })),
    edges,
    defaultTarget: model.defaultTarget,
    target,
    buildkit: plan?.buildkit ?? [],
    classic: plan?.classic ?? [],
    groups: { buildkit: plan?.schedule.buildkit ?? [], classic: plan?.schedule.classic ?? [] },
    criticalPath: plan?.schedule.criticalPath ?? [],
    instructionLines: model.instructions.map((instruction) => instruction.range.start.line),
    imageSizes: imageSizeNotes(edges),
    builder: context.builder ?? { kind: 'buildkit', source: 'default' },
    needsBuildKit: plan ? buildKitOnlyUses(model, plan.classic) : [],
  };
}
