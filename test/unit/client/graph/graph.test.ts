import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_DRAWN_STAGES, defaultBuilder, graphStatus, shortImage, stageGraph, type GraphPlan } from '../../../../client/src/graph/graph';
import { layoutGraph } from '../../../../client/src/graph/layout';
import { expectJsonAt } from '../../../helpers/context';
import { planOf } from '../../../helpers/plan';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'graph');
const names = readdirSync(fixtures)
  .filter((f) => f.endsWith('.Dockerfile'))
  .map((f) => f.slice(0, -'.Dockerfile'.length))
  .sort();

const fixturePlan = (name: string, target?: string | number) => planOf(readFileSync(join(fixtures, `${name}.Dockerfile`), 'utf8'), target);

test('graph data and layout of every fixture match the reviewed JSON (default target, both builders)', () => {
  assert.deepEqual(names, ['crossing', 'empty', 'kinds', 'skeleton', 'unnamed']);
  for (const name of names) {
    const plan = fixturePlan(name);
    const graph = stageGraph(plan);
    const layout = layoutGraph(graph);
    const status = { buildkit: graphStatus(plan, graph, 'buildkit'), classic: graphStatus(plan, graph, 'classic') };
    expectJsonAt(join(fixtures, `${name}.graph.json`), { graph, layout, status });
    assert.deepEqual(layoutGraph(stageGraph(fixturePlan(name))), layout, `${name}: the same input lays out the same`);
  }
});

test('skeleton: stages and the image as nodes, edges labelled by kind, the default target marked', () => {
  const graph = stageGraph(fixturePlan('skeleton'));
  assert.deepEqual(
    graph.nodes.map((n) => [n.id, n.label, n.detail, n.isDefault]),
    [
      ['s0', 'base', 'FROM busybox:1.36 · 2.2 MB', false],
      ['s1', 'build', 'FROM base', false],
      ['s2', 'test', 'FROM base', false],
      ['s3', 'final', 'FROM busybox:1.36 · 2.2 MB', true],
      ['i:docker.io/library/busybox:1.36', 'busybox:1.36', 'image · 2.2 MB', false],
    ],
  );
  assert.deepEqual(
    graph.edges.map((e) => `${e.from} ${e.label} ${e.to}`),
    ['i:docker.io/library/busybox:1.36 FROM s0', 's0 FROM s1', 's0 FROM s2', 'i:docker.io/library/busybox:1.36 FROM s3', 's1 COPY --from s3'],
  );
});

test('skeleton: BuildKit skips test for final; the classic builder builds it; stages after the target are built by neither', () => {
  const state = (plan: GraphPlan, builder: 'buildkit' | 'classic') => {
    const graph = stageGraph(plan);
    const status = graphStatus(plan, graph, builder);
    return graph.nodes.map((n) => `${n.label}:${status.nodes[n.id].state}${status.nodes[n.id].isTarget ? '*' : ''}`).join(' ');
  };
  const final = fixturePlan('skeleton');
  assert.equal(state(final, 'buildkit'), 'base:built build:built test:skipped final:built* busybox:1.36:pulled');
  assert.equal(state(final, 'classic'), 'base:built build:built test:built final:built* busybox:1.36:pulled');
  const test = fixturePlan('skeleton', 'test');
  assert.equal(state(test, 'buildkit'), 'base:built build:skipped test:built* final:after-target busybox:1.36:pulled');
  assert.equal(state(test, 'classic'), 'base:built build:built test:built* final:after-target busybox:1.36:pulled');
  assert.equal(
    graphStatus(final, stageGraph(final), 'buildkit').summary,
    'BuildKit builds 3 of 4 stages for final: base, build, final. It skips test. Shipped image: about 2.2 MB compressed (busybox:1.36, catalog, Aug–Sep 2026) plus what the target copies in.',
  );
  assert.equal(
    graphStatus(final, stageGraph(final), 'classic').summary,
    'The classic builder builds 4 of 4 stages for final: base, build, test, final. BuildKit would skip test. Shipped image: about 2.2 MB compressed (busybox:1.36, catalog, Aug–Sep 2026) plus what the target copies in.',
  );
});

test('the graph starts on the builder builds here use, and says why', () => {
  const final = fixturePlan('skeleton');
  assert.equal(defaultBuilder(undefined), 'buildkit');
  assert.equal(defaultBuilder(final), 'buildkit', 'no builder said: BuildKit');
  const classic = { ...final, builder: { kind: 'classic' as const, reason: 'this docker CLI (28.2.2) has no buildx', source: 'client' as const } };
  assert.equal(defaultBuilder(classic), 'classic');
  assert.match(
    graphStatus(classic, stageGraph(classic), 'classic').summary,
    /test, final\. Builds here use it: this docker CLI \(28\.2\.2\) has no buildx\. BuildKit would skip test\./,
  );
  assert.doesNotMatch(graphStatus(classic, stageGraph(classic), 'buildkit').summary, /Builds here use it/);
});

test('every kind of edge; two uses of one stage make one edge with both labels; images used by COPY --from and mounts are nodes', () => {
  const graph = stageGraph(fixturePlan('kinds'));
  assert.deepEqual(
    graph.edges.map((e) => `${e.from} [${e.label}] ${e.to}`),
    [
      'i:docker.io/library/golang:1.22 [FROM] s0',
      's0 [FROM · RUN --mount · COPY --from] s1',
      'i:docker.io/library/node:20 [FROM] s2',
      'i:ghcr.io/acme/assets:2 [RUN --mount] s2',
      'i:docker.io/library/alpine:3 [FROM] s3',
      's1 [COPY --from] s3',
      's2 [ADD --from] s3',
      'i:gcr.io/distroless/static:nonroot [COPY --from] s3',
    ],
  );
  assert.deepEqual(
    graph.nodes.filter((n) => n.kind === 'image').map((n) => n.label),
    ['golang:1.22', 'node:20', 'ghcr.io/acme/assets:2', 'alpine:3', 'gcr.io/distroless/static:nonroot'],
  );
});

test('unnamed stages: labels by index, FROM scratch, --from=N edges', () => {
  const graph = stageGraph(fixturePlan('unnamed'));
  assert.deepEqual(
    graph.nodes.map((n) => `${n.label}|${n.detail}|${n.name ?? '-'}`),
    ['stage 0|FROM debian:12 · ~48 MB|-', 'stage 1|FROM debian:12 · ~48 MB|-', 'stage 2|FROM scratch|-', 'debian:12|image · ~48 MB|-'],
  );
  assert.deepEqual(
    graph.edges.map((e) => e.id),
    ['i:docker.io/library/debian:12->s0', 'i:docker.io/library/debian:12->s1', 's0->s1', 's1->s2'],
  );
});

test('an empty Dockerfile is an empty graph with a sentence, not an error', () => {
  const plan = fixturePlan('empty');
  const graph = stageGraph(plan);
  assert.deepEqual(graph, { nodes: [], edges: [] });
  assert.deepEqual(layoutGraph(graph).nodes, []);
  assert.equal(graphStatus(plan, graph, 'buildkit').summary, 'No stages: this Dockerfile has no FROM yet.');
});

test('groups and the critical path are used when the server sends them, and not needed', () => {
  const plan = fixturePlan('skeleton');
  const graph = stageGraph(plan);
  assert.equal(graphStatus(plan, graph, 'buildkit').nodes.s1.step, undefined);
  assert.deepEqual(graphStatus(plan, graph, 'buildkit').criticalEdges, []);
  const richer: GraphPlan = { ...plan, groups: { buildkit: [[0], [1], [3]], classic: [[0], [1], [2], [3]] }, criticalPath: [0, 1, 3] };
  const buildkit = graphStatus(richer, graph, 'buildkit');
  assert.deepEqual(
    ['s0', 's1', 's2', 's3'].map((id) => buildkit.nodes[id].step),
    [1, 2, undefined, 3],
  );
  assert.deepEqual(buildkit.criticalEdges, ['s0->s1', 's1->s3']);
  const classic = graphStatus(richer, graph, 'classic');
  assert.deepEqual(
    ['s0', 's1', 's2', 's3'].map((id) => classic.nodes[id].step),
    [1, 2, 3, 4],
  );
  assert.deepEqual(classic.criticalEdges, [], 'the critical path is BuildKit’s');
});

test('a plan without edges (an older server) still draws FROM images and dependencies', () => {
  const { edges, ...plan } = fixturePlan('skeleton');
  assert.ok(edges);
  const graph = stageGraph(plan);
  assert.deepEqual(
    graph.edges.map((e) => e.id),
    ['i:docker.io/library/busybox:1.36->s0', 's0->s1', 's0->s2', 'i:docker.io/library/busybox:1.36->s3', 's1->s3'],
  );
});

test('short image names drop Docker Hub defaults only', () => {
  assert.equal(shortImage('docker.io/library/alpine:3'), 'alpine:3');
  assert.equal(shortImage('docker.io/me/app:1'), 'me/app:1');
  assert.equal(shortImage('ghcr.io/acme/app@sha256:abc'), 'ghcr.io/acme/app@sha256:abc');
});

test('the largest graph the webview draws: a chain of stages that all copy from one image', () => {
  const lines = ['FROM alpine:3 AS s0'];
  for (let i = 1; i < MAX_DRAWN_STAGES; i++) lines.push(`FROM s${i - 1} AS s${i}`, 'COPY --from=busybox:1 /bin/true /t');
  const graph = stageGraph(planOf(lines.join('\n')));
  assert.equal(graph.nodes.length, MAX_DRAWN_STAGES + 2);
  const layout = layoutGraph(graph);
  assert.equal(Math.max(...layout.nodes.map((n) => n.layer)), MAX_DRAWN_STAGES);
  assert.equal(layout.crossings, 0);
  assert.equal(layout.nodes.find((n) => n.id === 'i:docker.io/library/busybox:1')!.layer, 1, 'just above its first user, s1');
});

test('sizes from the catalog: image nodes and FROM details show the compressed size; the summary estimates the shipped image', () => {
  const plan = planOf('FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM scratch AS final\nCOPY --from=build /app /app\n');
  const graph = stageGraph(plan);
  assert.equal(graph.nodes.find((n) => n.id === 's0')!.detail, 'FROM golang:1.22 · 316 MB');
  assert.equal(graph.nodes.find((n) => n.kind === 'image')!.detail, 'image · 316 MB');
  assert.match(graphStatus(plan, graph, 'buildkit').summary, /Shipped image: scratch \(0 MB\) plus what the target copies in\.$/);
  const unknown = planOf('FROM example.com/own/image:1 AS app\n');
  assert.equal(stageGraph(unknown).nodes[0].detail, 'FROM example.com/own/image:1', 'no size when the catalog does not know the image');
  assert.match(graphStatus(unknown, stageGraph(unknown), 'buildkit').summary, /size not in the catalog/);
});
