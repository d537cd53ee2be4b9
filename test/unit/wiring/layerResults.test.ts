import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { LayerResults, checkLayerParams } from '../../../server/src/wiring/layerResults';
import type { LayerHistoryParams } from '../../../server/src/protocol';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'layers');
const text = readFileSync(join(fixtures, 'sample', 'Dockerfile'), 'utf8');
const model = parseDockerfile(text);
const recorded = JSON.parse(readFileSync(join(fixtures, 'sample.buildkit.json'), 'utf8'));
const params = (extra: Partial<LayerHistoryParams> = {}): LayerHistoryParams => ({
  uri: 'file:///a/Dockerfile',
  tag: 'app:final',
  finishedAt: 1,
  planVersion: 3,
  ...recorded,
  ...extra,
});

test('a build arriving for an open document is mapped at once; the previous mapped build of the target is kept', () => {
  const layers = new LayerResults();
  assert.equal(layers.record(params(), { model, version: 3 }), true);
  const first = layers.of('file:///a/Dockerfile', model)!.get('')!;
  assert.equal(first.mapping.mapped, true);
  assert.equal(first.staleReason, undefined);
  assert.equal(first.previous, undefined);
  layers.record(params({ finishedAt: 2, target: 'Final' }), { model, version: 3 });
  layers.record(params({ finishedAt: 3, target: 'final' }), { model, version: 3 });
  const byTarget = layers.of('file:///a/Dockerfile', model)!;
  assert.deepEqual([...byTarget.keys()], ['', 'final']);
  assert.equal(byTarget.get('final')!.finishedAt, 3);
  assert.equal(byTarget.get('final')!.previous!.finishedAt, 2);
  assert.equal(byTarget.get('final')!.previous!.previous, undefined, 'only one build back is kept');
  assert.equal(layers.of('file:///b/Dockerfile', model), undefined);
});

test('a build of a document not open is mapped on the first model a feature asks with', () => {
  const layers = new LayerResults();
  assert.equal(layers.record(params()), true);
  const build = layers.of('file:///a/Dockerfile', model)!.get('')!;
  assert.equal(build.mapping.mapped, true);
  assert.equal(layers.of('file:///a/Dockerfile', parseDockerfile('FROM scratch\n'))!.get(''), build, 'mapped once');
});

test('edited during the build or built from an unsaved editor: stale from the start', () => {
  const layers = new LayerResults();
  layers.record(params(), { model, version: 4 });
  assert.equal(layers.of('file:///a/Dockerfile', model)!.get('')!.staleReason, 'the file was edited during the build');
  layers.record(params({ unsaved: true, target: 'final' }), { model, version: 3 });
  assert.match(layers.of('file:///a/Dockerfile', model)!.get('final')!.staleReason!, /not been saved/);
});

test('malformed notifications are dropped; unknown fields are not kept', () => {
  const layers = new LayerResults();
  for (const bad of [
    null,
    { ...params(), builder: 'kaniko' },
    { ...params(), history: [{ createdBy: 1, size: 2 }] },
    { ...params(), history: 'x' },
    { ...params(), size: '5' },
    { ...params(), baseHistory: [{}] },
    { ...params(), uri: 5 },
  ])
    assert.equal(layers.record(bad as unknown as LayerHistoryParams), false, JSON.stringify(bad)?.slice(0, 80));
  assert.equal(layers.of('file:///a/Dockerfile', model), undefined);
  const kept = checkLayerParams({ ...params(), extra: 1, history: [{ createdBy: 'RUN x', size: 1, more: 2 }] } as unknown as LayerHistoryParams)!;
  assert.equal('extra' in kept, false);
  assert.deepEqual(kept.history, [{ createdBy: 'RUN x', size: 1 }]);
});

test('a target the document does not have is unmapped, with the reason', () => {
  const layers = new LayerResults();
  layers.record(params({ target: 'nosuch' }), { model, version: 3 });
  const build = layers.of('file:///a/Dockerfile', model)!.get('nosuch')!;
  assert.deepEqual(build.mapping, { mapped: false, reason: 'the Dockerfile has no stage nosuch', total: recorded.size });
});
