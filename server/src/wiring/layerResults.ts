/**
 * The layers of the last two builds of each target per document (`stagecraft/layerHistory`), mapped
 * onto the model of the document (analysis/layers.ts): at once when the document is open, else when
 * a feature first asks for it with a model. Kept in memory only.
 */
import { imagePrints, mapLayers, sourceStages, type LayerBuild } from '../analysis/layers';
import type { DockerfileModel } from '../analysis/model';
import { resolveTarget } from '../features/buildPlan';
import type { LayerHistoryEntry, LayerHistoryParams } from '../protocol';

/** The document as the server has it when a build's history arrives. */
export interface CurrentDocument {
  model: DockerfileModel;
  version: number;
}

interface Slot {
  /** Arrived while the document was not open: mapped on the first model asked with. */
  pending?: LayerHistoryParams;
  build?: LayerBuild;
}

const isEntry = (entry: unknown): entry is LayerHistoryEntry =>
  !!entry && typeof (entry as LayerHistoryEntry).createdBy === 'string' && Number.isFinite((entry as LayerHistoryEntry).size);

const isHistory = (value: unknown): value is LayerHistoryEntry[] => Array.isArray(value) && value.every(isEntry);

/** Only the known fields of a well-formed notification; undefined when it is malformed. */
export function checkLayerParams(params: LayerHistoryParams): LayerHistoryParams | undefined {
  if (!params || typeof params !== 'object' || typeof params.uri !== 'string' || typeof params.tag !== 'string') return undefined;
  if (params.builder !== 'buildkit' && params.builder !== 'classic') return undefined;
  if (!Number.isFinite(params.finishedAt) || !Number.isFinite(params.size) || !isHistory(params.history)) return undefined;
  if (params.baseHistory !== undefined && !isHistory(params.baseHistory)) return undefined;
  return {
    uri: params.uri,
    target: typeof params.target === 'string' ? params.target : undefined,
    tag: params.tag,
    builder: params.builder,
    finishedAt: params.finishedAt,
    planVersion: typeof params.planVersion === 'number' ? params.planVersion : undefined,
    unsaved: params.unsaved === true,
    size: params.size,
    history: params.history.map(({ createdBy, size }) => ({ createdBy, size })),
    baseHistory: params.baseHistory?.map(({ createdBy, size }) => ({ createdBy, size })),
    baseImage: typeof params.baseImage === 'string' ? params.baseImage : undefined,
  };
}

/** Maps a build's history on a model; `version` is the document's version then, when known. */
export function layerBuild(params: LayerHistoryParams, model: DockerfileModel, version?: number, previous?: LayerBuild): LayerBuild {
  const target = resolveTarget(model, params.target);
  const image = { builder: params.builder, history: params.history, baseHistory: params.baseHistory, baseImage: params.baseImage, size: params.size };
  const mapping =
    target === undefined
      ? { mapped: false as const, reason: `the Dockerfile has no stage ${params.target ?? ''}`.trim(), total: params.size }
      : mapLayers(model, target, image);
  let staleReason: string | undefined;
  if (params.unsaved) staleReason = 'the build read the file on disk, which had not been saved';
  else if (version !== undefined && params.planVersion !== undefined && version !== params.planVersion) staleReason = 'the file was edited during the build';
  return {
    target: params.target,
    tag: params.tag,
    builder: params.builder,
    finishedAt: params.finishedAt,
    mapping,
    prints: target === undefined ? [] : imagePrints(model, target),
    sources: target === undefined ? [] : sourceStages(model, target),
    staleReason,
    previous: previous?.mapping.mapped ? { ...previous, previous: undefined } : undefined,
  };
}

export class LayerResults {
  private readonly byDocument = new Map<string, Map<string, Slot>>();

  /** Keeps a build's history, mapped at once on `current` when given; false (nothing kept) when malformed. */
  record(raw: LayerHistoryParams, current?: CurrentDocument): boolean {
    const params = checkLayerParams(raw);
    if (!params) return false;
    const key = params.target?.toLowerCase() ?? '';
    let perDocument = this.byDocument.get(params.uri);
    if (!perDocument) this.byDocument.set(params.uri, (perDocument = new Map()));
    const slot = perDocument.get(key) ?? {};
    const previous = slot.build;
    perDocument.set(key, current ? { build: layerBuild(params, current.model, current.version, previous) } : { pending: params, build: previous });
    return true;
  }

  /** The builds of a document by target key ('' = default target), pending ones mapped on `model` now. */
  of(uri: string, model: DockerfileModel): ReadonlyMap<string, LayerBuild> | undefined {
    const perDocument = this.byDocument.get(uri);
    if (!perDocument) return undefined;
    const builds = new Map<string, LayerBuild>();
    for (const [key, slot] of perDocument) {
      if (slot.pending) {
        slot.build = layerBuild(slot.pending, model, undefined, slot.build);
        slot.pending = undefined;
      }
      if (slot.build) builds.set(key, slot.build);
    }
    return builds;
  }
}
