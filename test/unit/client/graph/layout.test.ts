import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stageGraph } from '../../../../client/src/graph/graph';
import { layoutGraph, SIZES } from '../../../../client/src/graph/layout';
import { planOf } from '../../../helpers/plan';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'graph');
const names = readdirSync(fixtures)
  .filter((f) => f.endsWith('.Dockerfile'))
  .map((f) => f.slice(0, -'.Dockerfile'.length))
  .sort();

const fixturePlan = (name: string, target?: string | number) => planOf(readFileSync(join(fixtures, `${name}.Dockerfile`), 'utf8'), target);

test('layout: layers by longest path, images just above their first user, edges point down, nodes of a layer do not overlap', () => {
  for (const name of names) {
    const graph = stageGraph(fixturePlan(name));
    const layout = layoutGraph(graph);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const edge of layout.edges) {
      assert.ok(byId.get(edge.from)!.layer < byId.get(edge.to)!.layer, `${name}: ${edge.id} goes down`);
      for (let i = 1; i < edge.points.length; i++) assert.ok(edge.points[i].y > edge.points[i - 1].y, `${name}: ${edge.id} point ${i}`);
      assert.equal(edge.points.length, byId.get(edge.to)!.layer - byId.get(edge.from)!.layer + 1, `${name}: one point per layer crossed`);
    }
    for (const a of layout.nodes) {
      for (const b of layout.nodes)
        if (a !== b && a.layer === b.layer && a.order < b.order) assert.ok(a.x + a.width + SIZES.nodeGap <= b.x, `${name}: ${a.id} left of ${b.id}`);
      assert.ok(a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height, `${name}: ${a.id} inside`);
    }
  }
  const skeleton = layoutGraph(stageGraph(fixturePlan('skeleton')));
  assert.deepEqual(
    skeleton.nodes.map((n) => `${n.id}@${n.layer}`),
    ['i:docker.io/library/busybox:1.36@0', 's0@1', 's1@2', 's2@2', 's3@3'],
  );
  const kinds = layoutGraph(stageGraph(fixturePlan('kinds')));
  const layerOf = (id: string) => kinds.nodes.find((n) => n.id === id)!.layer;
  assert.equal(layerOf('i:gcr.io/distroless/static:nonroot'), layerOf('s3') - 1, 'an image used only by the last stage sits just above it');
});

test('layout: barycentric ordering removes the crossing that file order makes', () => {
  const layout = layoutGraph(stageGraph(fixturePlan('crossing')));
  assert.equal(layout.crossings, 0);
  const layer2 = layout.nodes.filter((n) => n.layer === 2).map((n) => n.id);
  assert.deepEqual(layer2, ['s3', 's2'], 'd (uses a) comes before c (uses b)');
});
