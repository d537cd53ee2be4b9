/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The stage graph webview's script (bundled on its own into dist/graph.js). It renders the plans the
 * extension posts, keeps the target and builder in the webview state (so a hidden panel comes back as
 * it was), and posts the user's intents back: a target, reveal a stage, build a stage. The DOM is built
 * with createElement/createElementNS and textContent only.
 */
import { MAX_DRAWN_STAGES, defaultBuilder, graphStatus, stageGraph, type Builder, type GraphPlan } from './graph';
import { layoutGraph } from './layout';
import { renderGraph, type DomLike } from './render';
import type { ToExtension, ToWebview } from './messages';

interface State {
  builder: Builder;
  /** True once the user picked a builder; until then the graph shows the one builds here use. */
  builderPicked?: boolean;
  /** Chosen target; undefined follows the default target. */
  target?: number;
  plan?: GraphPlan;
  trusted: boolean;
  /** `data-node` of the focused node, to focus it again after a re-render. */
  focus?: string;
}

declare function acquireVsCodeApi(): { postMessage(message: ToExtension): void; getState(): State | undefined; setState(state: State): void };

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const state: State = { builder: 'buildkit', trusted: false, ...saved };
const post = (message: ToExtension) => vscode.postMessage(message);
const save = () => vscode.setState(state);

let cspViolations = 0;
document.addEventListener('securitypolicyviolation', () => {
  cspViolations++;
  document.body.setAttribute('data-csp-violations', String(cspViolations));
});
document.body.setAttribute('data-csp-violations', '0');
// Whether this page started from a saved state (the panel was hidden and shown again).
document.body.setAttribute('data-restored', String(saved !== undefined));

const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
};

const app = document.getElementById('app')!;
const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Stage graph options' });
const targetLabel = h('label', { for: 'target' }, 'Target ');
const targetSelect = h('select', { id: 'target' });
targetLabel.appendChild(targetSelect);
const builders = h('div', { class: 'builders', role: 'radiogroup', 'aria-label': 'Builder' });
const builderInputs = new Map<Builder, HTMLInputElement>();
for (const [value, text] of [
  ['buildkit', 'BuildKit'],
  ['classic', 'Classic builder'],
] as [Builder, string][]) {
  const label = h('label', { class: 'builder' });
  const input = h('input', { type: 'radio', name: 'builder', value, id: `builder-${value}` });
  builderInputs.set(value, input);
  label.append(input, document.createTextNode(` ${text}`));
  builders.appendChild(label);
  input.addEventListener('change', () => {
    if (!input.checked) return;
    state.builder = value;
    state.builderPicked = true;
    save();
    render();
  });
}
toolbar.append(targetLabel, builders);
const summary = h('p', { class: 'summary', id: 'summary', 'aria-live': 'polite' });
const trust = h('p', { class: 'trust', id: 'trust' }, 'Building is disabled in untrusted workspaces: trust this folder to build targets from the graph.');
const legend = h('p', { class: 'legend' });
for (const [cls, text] of [
  ['built', 'built'],
  ['skipped', 'skipped'],
  ['after-target', 'after the target'],
  ['default', 'default: built without --target'],
]) {
  legend.appendChild(h('span', { class: `key ${cls}` }, text));
}
const canvas = h('div', { class: 'canvas', id: 'canvas' });
app.append(toolbar, summary, trust, canvas, legend);

targetSelect.addEventListener('change', () => {
  state.target = targetSelect.value === '' ? undefined : Number(targetSelect.value);
  save();
  post({ type: 'target', target: state.target });
});

function fillTargets(plan: GraphPlan): void {
  targetSelect.replaceChildren();
  const defaultStage = plan.stages.find((stage) => stage.index === plan.defaultTarget);
  targetSelect.appendChild(h('option', { value: '' }, defaultStage ? `${defaultStage.label} (default)` : '(default)'));
  for (const stage of [...plan.stages].reverse()) {
    if (stage.index === plan.defaultTarget) continue;
    targetSelect.appendChild(h('option', { value: String(stage.index) }, stage.label));
  }
  targetSelect.value = state.target === undefined || !plan.stages.some((s) => s.index === state.target) ? '' : String(state.target);
}

let fit = () => {};
window.addEventListener('resize', () => fit());

function render(): void {
  const { plan } = state;
  builderInputs.get(state.builder)!.checked = true;
  trust.hidden = state.trusted;
  if (!plan) {
    summary.textContent = 'Reading the Dockerfile…';
    return;
  }
  fillTargets(plan);
  if (plan.stages.length > MAX_DRAWN_STAGES) {
    summary.textContent = `This Dockerfile has ${plan.stages.length} stages; the graph draws up to ${MAX_DRAWN_STAGES}.`;
    canvas.replaceChildren();
    return;
  }
  const graph = stageGraph(plan);
  const status = graphStatus(plan, graph, state.builder);
  summary.textContent = status.summary;
  const layout = layoutGraph(graph);
  const svg = renderGraph(document as unknown as DomLike, graph, layout, status, { trusted: state.trusted }) as unknown as SVGSVGElement;
  const hadFocus = canvas.contains(document.activeElement);
  canvas.replaceChildren(svg);
  fit = () => {
    // Shrink a wide graph to the panel, down to 60 %; wider than that, the canvas scrolls.
    const scale = Math.max(0.6, Math.min(1, canvas.clientWidth / Math.max(1, layout.width)));
    svg.setAttribute('width', String(Math.floor(layout.width * scale)));
    svg.setAttribute('height', String(Math.floor(layout.height * scale)));
  };
  fit();
  document.body.setAttribute('data-builder', state.builder);
  if (state.focus && hadFocus) {
    const again = [...svg.querySelectorAll<SVGGElement>('[data-node]')].find((node) => node.getAttribute('data-node') === state.focus);
    again?.focus();
  }
}

function act(target: Element | null): void {
  const build = target?.closest('[data-build]');
  if (build) {
    if (build.getAttribute('aria-disabled') !== 'true') post({ type: 'build', stage: Number(build.getAttribute('data-build')) });
    return;
  }
  const node = target?.closest('[data-stage]');
  if (node) post({ type: 'reveal', stage: Number(node.getAttribute('data-stage')) });
}

canvas.addEventListener('click', (event) => act(event.target as Element));
canvas.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' && event.key !== ' ') return;
  event.preventDefault();
  act(event.target as Element);
});
canvas.addEventListener('focusin', (event) => {
  const node = (event.target as Element).closest('[data-node]');
  state.focus = node?.getAttribute('data-node') ?? undefined;
  save();
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type !== 'plan') return;
  state.plan = message.plan ?? undefined;
  if (!state.builderPicked && state.plan) state.builder = defaultBuilder(state.plan);
  state.trusted = message.trusted;
  state.target = message.target;
  save();
  render();
});

render();
post({ type: 'ready', target: state.target });
