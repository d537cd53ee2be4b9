import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { graphStatus, stageGraph, type GraphPlan } from '../../../../client/src/graph/graph';
import { layoutGraph } from '../../../../client/src/graph/layout';
import { renderGraph, SVG_NS, type DomLike, type ElementLike } from '../../../../client/src/graph/render';
import { planOf } from '../../../helpers/plan';

/** Just enough DOM: elements with attributes, children and text; serialized as XML with escaping. */
class FakeElement implements ElementLike {
  readonly attributes = new Map<string, string>();
  readonly children: FakeElement[] = [];
  private text: string | null = null;
  constructor(
    readonly namespace: string,
    readonly tag: string,
  ) {}
  setAttribute(name: string, value: string): void {
    // As the DOM does: an attribute name is a name, never markup.
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(name)) throw new Error(`InvalidCharacterError: ${name}`);
    this.attributes.set(name, String(value));
  }
  appendChild(child: ElementLike): unknown {
    this.children.push(child as FakeElement);
    return child;
  }
  get textContent(): string | null {
    return this.text ?? this.children.map((c) => c.textContent).join('');
  }
  set textContent(value: string | null) {
    this.children.length = 0;
    this.text = value;
  }
  *walk(): Generator<FakeElement> {
    yield this;
    for (const child of this.children) yield* child.walk();
  }
  serialize(): string {
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const attributes = [...this.attributes].map(([n, v]) => ` ${n}="${escape(v)}"`).join('');
    const inner = this.text !== null ? escape(this.text) : this.children.map((c) => c.serialize()).join('');
    return `<${this.tag}${attributes}>${inner}</${this.tag}>`;
  }
}
const fakeDocument: DomLike = { createElementNS: (namespace, tag) => new FakeElement(namespace, tag) };

function render(plan: GraphPlan, options = { trusted: true }, builder: 'buildkit' | 'classic' = 'buildkit'): FakeElement {
  const graph = stageGraph(plan);
  return renderGraph(fakeDocument, graph, layoutGraph(graph), graphStatus(plan, graph, builder), options) as FakeElement;
}

const TAGS = new Set(['svg', 'g', 'path', 'rect', 'text', 'title']);
const ATTRIBUTES = new Set([
  'xmlns',
  'class',
  'width',
  'height',
  'viewBox',
  'role',
  'aria-label',
  'aria-hidden',
  'aria-disabled',
  'tabindex',
  'd',
  'x',
  'y',
  'rx',
  'text-anchor',
  'data-edge',
  'data-node',
  'data-stage',
  'data-build',
]);

const XSS_NAME = '<img/src=x/onerror=alert(1)>';
const XSS_IMAGE = '"><script>alert(2)</script>';

test('markup in stage names and image references stays text: no element or attribute comes from the Dockerfile', () => {
  const parsed = planOf(
    [
      `FROM alpine:3 AS ${XSS_NAME}`,
      `FROM "${XSS_IMAGE}" AS b`,
      `COPY --from=${XSS_NAME} /a /a`,
      `COPY --from="><svg/onload=alert(3)> /b /b`,
      'RUN --mount=from=<iframe/src=javascript:alert(4)>,target=/m true',
    ].join('\n'),
  );
  assert.ok(
    parsed.stages.some((s) => s.name === XSS_NAME),
    'the parser keeps the name as written',
  );
  const spaced: GraphPlan = {
    ...planOf('FROM alpine:3 AS a\nFROM a AS b\nCOPY --from=a /x /x\n'),
  };
  spaced.stages = spaced.stages.map((s) => ({
    ...s,
    name: `<img src=x onerror=alert(5)> ${s.name}`,
    label: `<img src=x onerror=alert(5)> ${s.label}`,
    baseText: XSS_IMAGE,
  }));
  spaced.edges = [...spaced.edges!, { kind: 'copy', stage: 1, image: `${XSS_IMAGE} <b onmouseover=alert(6)>`, range: spaced.edges![0].range }];
  for (const plan of [parsed, spaced]) {
    for (const options of [{ trusted: true }, { trusted: false }]) {
      const svg = render(plan, options);
      const texts: string[] = [];
      for (const element of svg.walk()) {
        assert.equal(element.namespace, SVG_NS);
        assert.ok(TAGS.has(element.tag), `unexpected element <${element.tag}>`);
        for (const [name] of element.attributes) {
          assert.ok(ATTRIBUTES.has(name), `unexpected attribute ${name} on <${element.tag}>`);
          assert.doesNotMatch(name, /^on/i);
        }
        if (element.children.length === 0 && element.textContent) texts.push(element.textContent);
      }
      const xml = svg.serialize();
      assert.doesNotMatch(xml, /<(img|script|svg\/|iframe|b )/i, 'no markup from the Dockerfile in the output');
      assert.ok(texts.some((t) => t.includes('<img')) && texts.some((t) => t.includes('<script>') || t.includes('script')), 'the names are shown, as text');
    }
  }
});

test('stage nodes are buttons in reading order (tab order), with what the builder does in their label', () => {
  const plan = planOf(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'graph', 'skeleton.Dockerfile'), 'utf8'));
  const svg = render(plan);
  const nodes = [...svg.walk()].filter((e) => e.attributes.has('data-stage') && e.attributes.get('class')!.startsWith('node'));
  assert.deepEqual(
    nodes.map((n) => n.attributes.get('data-stage')),
    ['0', '1', '2', '3'],
  );
  for (const node of nodes) assert.deepEqual([node.attributes.get('tabindex'), node.attributes.get('role')], ['0', 'button']);
  assert.deepEqual(
    nodes.map((n) => n.attributes.get('class')),
    ['node stage built', 'node stage built', 'node stage skipped', 'node stage built target default'],
  );
  assert.equal(nodes[2].attributes.get('aria-label'), 'stage test, FROM base: skipped by BuildKit. Enter shows it in the editor.');
  assert.equal(
    nodes[3].attributes.get('aria-label'),
    'stage final, FROM busybox:1.36 · 2.2 MB, target · default target: built by BuildKit. Enter shows it in the editor.',
  );
  const states = nodes.map((n) => n.children.find((c) => c.attributes.get('class') === 'state')!.textContent);
  assert.deepEqual(states, ['built', 'built', 'skipped', 'built']);
  const classic = [...render(plan, { trusted: true }, 'classic').walk()].filter((e) => e.attributes.get('class')?.startsWith('node stage'));
  assert.deepEqual(
    classic.map((n) => n.attributes.get('class')),
    ['node stage built', 'node stage built', 'node stage built', 'node stage built target default'],
  );
  const edgeLabels = [...svg.walk()].filter((e) => e.tag === 'text' && e.attributes.get('class')?.startsWith('edge-label')).map((e) => e.textContent);
  assert.deepEqual(edgeLabels, ['FROM', 'FROM', 'FROM', 'FROM', 'COPY --from']);
});

test('build buttons: enabled for named stages in a trusted workspace, disabled with the reason otherwise', () => {
  const buttons = (plan: GraphPlan, trusted: boolean) =>
    [...render(plan, { trusted }).walk()]
      .filter((e) => e.attributes.has('data-build'))
      .map((b) => [b.attributes.get('data-build'), b.attributes.get('aria-disabled') ?? 'enabled', b.children.find((c) => c.tag === 'title')!.textContent]);
  const named = planOf('FROM alpine:3 AS build\nFROM build AS final\n');
  assert.deepEqual(buttons(named, true), [
    ['0', 'enabled', 'docker build --target build'],
    ['1', 'enabled', 'docker build --target final'],
  ]);
  for (const [, disabled, reason] of buttons(named, false)) assert.deepEqual([disabled, reason], ['true', 'Building is disabled in untrusted workspaces.']);
  const unnamed = planOf('FROM alpine:3\nFROM alpine:3\n');
  assert.deepEqual(buttons(unnamed, true), [
    ['0', 'true', 'Only a named stage can be a --target: name it with FROM … AS name.'],
    ['1', 'enabled', 'docker build --target (default target)'],
  ]);
});

test('the graph sources never parse markup (no innerHTML and friends)', () => {
  const dir = join(__dirname, '..', '..', '..', '..', 'client', 'src', 'graph');
  for (const file of readdirSync(dir)) {
    const source = readFileSync(join(dir, file), 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|new Function/, file);
  }
});
