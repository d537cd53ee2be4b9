/**
 * The stage graph as SVG elements. Every string from the Dockerfile (stage names, image references)
 * goes into the document through `textContent` or an attribute value set with `setAttribute`; no
 * markup is ever parsed. Pure apart from the document it is given, so tests render it with a small
 * DOM of their own.
 */
import { edgePath, type GraphLayout, type LaidNode } from './layout';
import type { GraphNode, GraphStatus, NodeStatus, StageGraph } from './graph';

/** The part of the DOM the renderer uses (a browser `document` is one). */
export interface ElementLike {
  setAttribute(name: string, value: string): void;
  appendChild(child: ElementLike): unknown;
  textContent: string | null;
}
export interface DomLike {
  createElementNS(namespace: string, qualifiedName: string): ElementLike;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export interface RenderOptions {
  /** Builds run only in trusted workspaces; the build buttons say so otherwise. */
  trusted: boolean;
}

const STATE_TEXT: Record<NodeStatus['state'], string> = {
  built: 'built',
  skipped: 'skipped',
  'after-target': 'not built (after the target)',
  pulled: 'pulled',
  unused: 'not pulled',
};

const BUILDER_TEXT = { buildkit: 'BuildKit', classic: 'the classic builder' };

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Why a stage's build button is disabled, or undefined when it can build. */
export function buildDisabledReason(node: GraphNode, options: RenderOptions): string | undefined {
  if (!options.trusted) return 'Building is disabled in untrusted workspaces.';
  if (node.name === undefined && !node.isDefault) return 'Only a named stage can be a --target: name it with FROM … AS name.';
  return undefined;
}

export function stateText(status: NodeStatus): string {
  const text = STATE_TEXT[status.state];
  return status.step === undefined ? text : `${text} · step ${status.step}`;
}

/** Makes one SVG element with its attributes and, when given, its text. */
type MakeElement = (tag: string, attributes: Record<string, string | number>, text?: string) => ElementLike;

function elementMaker(doc: DomLike): MakeElement {
  return (tag, attributes, text) => {
    const element = doc.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  };
}

/** The edges (lines and arrows) and their labels, in two groups: labels are drawn above the nodes. */
function renderEdges(el: MakeElement, graph: StageGraph, layout: GraphLayout, status: GraphStatus): { edgesGroup: ElementLike; labelsGroup: ElementLike } {
  const edgesGroup = el('g', { class: 'edges', 'aria-hidden': 'true' });
  const labelsGroup = el('g', { class: 'edge-labels', 'aria-hidden': 'true' });
  const edgesById = new Map(graph.edges.map((edge) => [edge.id, edge]));
  for (const edge of layout.edges) {
    const classes = ['edge'];
    if (status.activeEdges.includes(edge.id)) classes.push('active');
    if (status.criticalEdges.includes(edge.id)) classes.push('critical');
    const group = el('g', { class: classes.join(' '), 'data-edge': edge.id });
    group.appendChild(el('path', { class: 'line', d: edgePath(edge.points) }));
    const end = edge.points[edge.points.length - 1];
    group.appendChild(el('path', { class: 'arrow', d: `M${end.x - 4},${end.y - 7} L${end.x + 4},${end.y - 7} L${end.x},${end.y} Z` }));
    edgesGroup.appendChild(group);
    const label = edgesById.get(edge.id)?.label ?? '';
    labelsGroup.appendChild(
      el('text', { class: `edge-label ${classes.slice(1).join(' ')}`.trim(), x: edge.label.x, y: edge.label.y + 4, 'text-anchor': 'middle' }, label),
    );
  }
  return { edgesGroup, labelsGroup };
}

/** An image node: a pill with the image's short name. */
function renderImageNode(el: MakeElement, node: GraphNode, laid: LaidNode, nodeStatus: NodeStatus, classes: string[]): ElementLike {
  const { x, y, width, height } = laid;
  const group = el('g', { class: classes.join(' '), 'data-node': node.id });
  group.appendChild(el('title', {}, `image ${node.label}: ${STATE_TEXT[nodeStatus.state]}`));
  group.appendChild(el('rect', { class: 'box', x, y, width, height, rx: height / 2 }));
  group.appendChild(el('text', { class: 'name', x: x + width / 2, y: y + height / 2 + 4, 'text-anchor': 'middle' }, truncate(node.label, 26)));
  return group;
}

/** A stage's build button, disabled (and saying why) when the stage cannot be built. */
function renderBuildButton(el: MakeElement, node: GraphNode, laid: LaidNode, options: RenderOptions): ElementLike {
  const { x, y, width } = laid;
  const reason = buildDisabledReason(node, options);
  const button = el('g', {
    class: reason ? 'build disabled' : 'build',
    'data-build': node.stage!,
    tabindex: 0,
    role: 'button',
    'aria-label': `Build target ${node.label}${reason ? ` (disabled: ${reason})` : ''}`,
    ...(reason ? { 'aria-disabled': 'true' } : {}),
  });
  button.appendChild(el('title', {}, reason ?? `docker build --target ${node.name ?? '(default target)'}`));
  button.appendChild(el('rect', { x: x + width - 62, y: y + 41, width: 54, height: 16, rx: 3 }));
  button.appendChild(el('text', { x: x + width - 35, y: y + 53, 'text-anchor': 'middle' }, '▶ Build'));
  return button;
}

/** A stage node: name, target/default marker, detail, state, and its build button. */
function renderStageNode(
  el: MakeElement,
  node: GraphNode,
  laid: LaidNode,
  nodeStatus: NodeStatus,
  classes: string[],
  builder: GraphStatus['builder'],
  options: RenderOptions,
): ElementLike {
  const { x, y, width, height } = laid;
  const marker = [nodeStatus.isTarget ? 'target' : '', node.isDefault ? 'default' : ''].filter(Boolean).join(' · ');
  const state = stateText(nodeStatus);
  const group = el('g', {
    class: classes.join(' '),
    'data-node': node.id,
    'data-stage': node.stage!,
    tabindex: 0,
    role: 'button',
    'aria-label': `stage ${node.label}, ${node.detail}${marker ? `, ${marker.replace('default', 'default target')}` : ''}: ${state} by ${BUILDER_TEXT[builder]}. Enter shows it in the editor.`,
  });
  group.appendChild(el('title', {}, `${node.label}\n${node.detail}\n${state}`));
  group.appendChild(el('rect', { class: 'box', x, y, width, height, rx: 6 }));
  group.appendChild(el('text', { class: 'name', x: x + 10, y: y + 19 }, truncate(node.label, marker ? 15 : 24)));
  if (marker) group.appendChild(el('text', { class: 'marker', x: x + width - 10, y: y + 19, 'text-anchor': 'end' }, marker));
  group.appendChild(el('text', { class: 'detail', x: x + 10, y: y + 36 }, truncate(node.detail, 28)));
  group.appendChild(el('text', { class: 'state', x: x + 10, y: y + 53 }, truncate(state, 20)));
  group.appendChild(renderBuildButton(el, node, laid, options));
  return group;
}

/** Every node (stages and images) in layout order. */
function renderNodes(el: MakeElement, graph: StageGraph, layout: GraphLayout, status: GraphStatus, options: RenderOptions): ElementLike {
  const nodesGroup = el('g', { class: 'nodes' });
  const nodesById = new Map(graph.nodes.map((node) => [node.id, node]));
  for (const laid of layout.nodes) {
    const node = nodesById.get(laid.id)!;
    const nodeStatus = status.nodes[node.id] ?? { state: 'unused', isTarget: false };
    const classes = ['node', node.kind, nodeStatus.state];
    if (nodeStatus.isTarget) classes.push('target');
    if (node.isDefault) classes.push('default');
    nodesGroup.appendChild(
      node.kind === 'image'
        ? renderImageNode(el, node, laid, nodeStatus, classes)
        : renderStageNode(el, node, laid, nodeStatus, classes, status.builder, options),
    );
  }
  return nodesGroup;
}

export function renderGraph(doc: DomLike, graph: StageGraph, layout: GraphLayout, status: GraphStatus, options: RenderOptions): ElementLike {
  const el = elementMaker(doc);
  const svg = el('svg', {
    xmlns: SVG_NS,
    class: `graph ${status.builder}`,
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group',
    'aria-label': 'Stage graph',
  });
  const { edgesGroup, labelsGroup } = renderEdges(el, graph, layout, status);
  svg.appendChild(edgesGroup);
  svg.appendChild(renderNodes(el, graph, layout, status, options));
  svg.appendChild(labelsGroup);
  return svg;
}
