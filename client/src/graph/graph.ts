/**
 * The stage graph as data, from a `stagecraft/buildPlan` result: stage nodes, external image nodes,
 * edges labelled by kind, and what a builder does for the plan's target. Pure (no DOM, no vscode),
 * shared by the webview script and the unit tests.
 */
import type { BuildPlanResult, PlanEdge } from '../../../server/src/protocol';
import { formatBytes } from '../../../server/src/format'; // as the hovers and lenses write a size

export type Builder = 'buildkit' | 'classic';
export type EdgeKind = PlanEdge['kind'];

/**
 * The plan as the graph reads it. `groups` and `criticalPath` come from servers that compute when
 * stages run; the graph works without them.
 */
export type GraphPlan = Omit<BuildPlanResult, 'edges' | 'groups' | 'criticalPath'> & {
  edges?: PlanEdge[];
  groups?: { buildkit: number[][]; classic: number[][] };
  criticalPath?: number[];
};

export interface GraphNode {
  /** `s<index>` for a stage, `i:<normalized reference>` for an external image. */
  id: string;
  kind: 'stage' | 'image';
  /** Stage index (stage nodes). */
  stage?: number;
  /** Stage name when the stage has one (what `--target` takes). */
  name?: string;
  /** Stage label (`build`, `stage 2`) or the image as people write it (`alpine:3`). */
  label: string;
  /** `FROM busybox:1.36`, `FROM base`, `FROM scratch`; `image` for an image node. */
  detail: string;
  /** The stage `docker build` builds without `--target` (the last one). */
  isDefault: boolean;
}

export interface GraphEdge {
  /** `<from>-><to>`. */
  id: string;
  /** The stage or image that is used. */
  from: string;
  /** The stage that uses it. */
  to: string;
  /** Every kind of use between the two, in the order first written. */
  kinds: EdgeKind[];
  /** `FROM`, `COPY --from`, `RUN --mount`, or several joined with ` · `. */
  label: string;
}

export interface StageGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Beyond this many stages the webview says so instead of drawing (the layout grows with stages × layers). */
export const MAX_DRAWN_STAGES = 150;

export const EDGE_LABELS: Record<EdgeKind, string> = { from: 'FROM', copy: 'COPY --from', add: 'ADD --from', mount: 'RUN --mount' };

/** `docker.io/library/alpine:3` -> `alpine:3`; `docker.io/me/app:1` -> `me/app:1`; other registries kept. */
export function shortImage(normalized: string): string {
  if (normalized.startsWith('docker.io/library/')) return normalized.slice('docker.io/library/'.length);
  if (normalized.startsWith('docker.io/')) return normalized.slice('docker.io/'.length);
  return normalized;
}

export const stageId = (index: number): string => `s${index}`;
export const imageId = (normalized: string): string => `i:${normalized}`;

/** Edges of a plan: the server's `edges` when present, else FROM <image> and `dependsOn` (kind unknown: FROM for the base stage). */
function planEdges(plan: GraphPlan): PlanEdge[] {
  if (plan.edges) return plan.edges;
  const edges: PlanEdge[] = [];
  for (const stage of plan.stages) {
    if (stage.baseKind === 'image' && stage.image) edges.push({ kind: 'from', stage: stage.index, image: stage.image, range: stage.range });
    for (const source of stage.dependsOn) edges.push({ kind: 'from', stage: stage.index, source, range: stage.range });
  }
  return edges;
}

export function stageGraph(plan: GraphPlan): StageGraph {
  const byIndex = new Map(plan.stages.map((stage) => [stage.index, stage]));
  const edges = new Map<string, GraphEdge>();
  const images = new Map<string, GraphNode>();
  const baseStage = new Map<number, number>();
  for (const edge of planEdges(plan)) {
    if (!byIndex.has(edge.stage)) continue;
    let from: string;
    if (edge.source !== undefined) {
      if (!byIndex.has(edge.source) || edge.source === edge.stage) continue;
      from = stageId(edge.source);
      if (edge.kind === 'from') baseStage.set(edge.stage, edge.source);
    } else if (edge.image !== undefined) {
      from = imageId(edge.image);
      if (!images.has(from))
        images.set(from, { id: from, kind: 'image', label: shortImage(edge.image), detail: `image${sizeText(plan, edge.image)}`, isDefault: false });
    } else continue;
    const to = stageId(edge.stage);
    const id = `${from}->${to}`;
    const existing = edges.get(id);
    if (!existing) edges.set(id, { id, from, to, kinds: [edge.kind], label: EDGE_LABELS[edge.kind] });
    else if (!existing.kinds.includes(edge.kind)) {
      existing.kinds.push(edge.kind);
      existing.label = existing.kinds.map((kind) => EDGE_LABELS[kind]).join(' · ');
    }
  }
  const stages: GraphNode[] = plan.stages.map((stage) => {
    let base = stage.baseText;
    if (stage.baseKind === 'image' && stage.image) base = shortImage(stage.image);
    else if (stage.baseKind === 'scratch') base = 'scratch';
    else if (baseStage.has(stage.index)) base = byIndex.get(baseStage.get(stage.index)!)!.label;
    return {
      id: stageId(stage.index),
      kind: 'stage',
      stage: stage.index,
      ...(stage.name === undefined ? {} : { name: stage.name }),
      label: stage.label,
      detail: `FROM ${base}${stage.baseKind === 'image' && stage.image ? sizeText(plan, stage.image) : ''}`,
      isDefault: stage.index === plan.defaultTarget,
    };
  });
  return { nodes: [...stages, ...images.values()], edges: [...edges.values()] };
}

export type NodeState = 'built' | 'skipped' | 'after-target' | 'pulled' | 'unused';

export interface NodeStatus {
  state: NodeState;
  /** The plan's target. */
  isTarget: boolean;
  /** 1-based group the stage runs in, when the server sends groups. */
  step?: number;
}

export interface GraphStatus {
  builder: Builder;
  target?: number;
  nodes: Record<string, NodeStatus>;
  /** Edges into a built stage. */
  activeEdges: string[];
  /** Edges on BuildKit's critical path, when the server sends it. */
  criticalEdges: string[];
  /** One sentence for people: what the builder does for the target. */
  summary: string;
}

/**
 * What a builder does for the plan's target. BuildKit builds the target and what it needs and skips the
 * other stages before it; the classic builder builds every stage up to the target, used or not. Stages
 * after the target are built by neither. An image is pulled when a built stage uses it.
 */
export function graphStatus(plan: GraphPlan, graph: StageGraph, builder: Builder): GraphStatus {
  const built = new Set(plan[builder]);
  const groups = plan.groups?.[builder];
  const nodes: Record<string, NodeStatus> = {};
  for (const node of graph.nodes) {
    if (node.kind !== 'stage') continue;
    const index = node.stage!;
    let state: NodeState = 'built';
    if (!built.has(index)) state = plan.target !== undefined && index > plan.target ? 'after-target' : 'skipped';
    const status: NodeStatus = { state, isTarget: index === plan.target };
    const step = groups?.findIndex((group) => group.includes(index)) ?? -1;
    if (state === 'built' && step >= 0) status.step = step + 1;
    nodes[node.id] = status;
  }
  const activeEdges = graph.edges.filter((edge) => nodes[edge.to]?.state === 'built').map((edge) => edge.id);
  for (const node of graph.nodes) {
    if (node.kind === 'image')
      nodes[node.id] = { state: graph.edges.some((e) => e.from === node.id && activeEdges.includes(e.id)) ? 'pulled' : 'unused', isTarget: false };
  }
  const path = builder === 'buildkit' ? (plan.criticalPath ?? []) : [];
  const critical = new Set(path.slice(1).map((to, i) => `${stageId(path[i])}->${stageId(to)}`));
  return {
    builder,
    target: plan.target,
    nodes,
    activeEdges,
    criticalEdges: graph.edges.filter((edge) => critical.has(edge.id)).map((edge) => edge.id),
    summary: summarize(plan, builder),
  };
}

/** ` · ~316 MB` from the plan's catalog sizes (compressed), or nothing when the size is unknown. */
function sizeText(plan: GraphPlan, image: string): string {
  const note = plan.imageSizes?.[image];
  return note ? ` · ${note.estimate ? '~' : ''}${formatBytes(note.bytes)}` : '';
}

/**
 * The target's estimated shipped size: the image its FROM chain starts from (catalog, compressed) plus
 * what it copies in, which is known only after a build.
 */
export function shippedEstimate(plan: GraphPlan): string | undefined {
  if (plan.target === undefined) return undefined;
  const byIndex = new Map(plan.stages.map((s) => [s.index, s]));
  let stage = byIndex.get(plan.target);
  const seen = new Set<number>();
  while (stage && stage.baseKind === 'stage' && !seen.has(stage.index)) {
    seen.add(stage.index);
    const from = planEdges(plan).find((e) => e.kind === 'from' && e.stage === stage!.index && e.source !== undefined);
    stage = from ? byIndex.get(from.source!) : undefined;
  }
  if (!stage) return undefined;
  if (stage.baseKind === 'scratch') return 'Shipped image: scratch (0 MB) plus what the target copies in.';
  if (stage.baseKind !== 'image' || !stage.image) return undefined;
  const note = plan.imageSizes?.[stage.image];
  if (!note) return `Shipped image: ${shortImage(stage.image)} (size not in the catalog) plus what the target copies in.`;
  return `Shipped image: about ${formatBytes(note.bytes)} compressed (${shortImage(stage.image)}, ${note.source}${note.estimate ? ', estimate' : ''}) plus what the target copies in.`;
}

/** The builder the graph shows until the user picks one: the one this folder's builds use (plan.builder), else BuildKit. */
export function defaultBuilder(plan: Pick<GraphPlan, 'builder'> | undefined): Builder {
  return plan?.builder?.kind ?? 'buildkit';
}

function summarize(plan: GraphPlan, builder: Builder): string {
  if (plan.target === undefined) return plan.stages.length === 0 ? 'No stages: this Dockerfile has no FROM yet.' : 'Unknown target.';
  const label = (index: number) => plan.stages.find((s) => s.index === index)?.label ?? `stage ${index}`;
  const built = plan[builder];
  const who = builder === 'buildkit' ? 'BuildKit' : 'The classic builder';
  let text = `${who} builds ${built.length} of ${plan.stages.length} stages for ${label(plan.target)}: ${built.map(label).join(', ')}.`;
  if (plan.builder?.kind === builder && plan.builder.source !== 'default' && plan.builder.reason) text += ` Builds here use it: ${plan.builder.reason}.`;
  if (builder === 'buildkit') {
    const skipped = plan.stages.filter((s) => s.index < plan.target! && !built.includes(s.index)).map((s) => s.label);
    if (skipped.length) text += ` It skips ${skipped.join(', ')}.`;
  } else {
    const unused = built.filter((index) => !plan.buildkit.includes(index)).map(label);
    if (unused.length) text += ` BuildKit would skip ${unused.join(', ')}.`;
  }
  const shipped = shippedEstimate(plan);
  return shipped ? `${text} ${shipped}` : text;
}
