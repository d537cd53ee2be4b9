import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Builders, builderFromSetting } from '../../../server/src/wiring/builders';
import type { BuilderChangedParams } from '../../../server/src/protocol';

const auto = { buildBuilder: 'auto' as const };

test('no report and an auto setting: BuildKit, as before (other editors, the CLI)', () => {
  assert.deepEqual(new Builders().of('file:///w/Dockerfile', auto), { kind: 'buildkit', source: 'default' });
});

test("a folder's report applies to its documents (the innermost folder), not to other folders'", () => {
  const builders = new Builders();
  assert.equal(builders.record({ folderUri: 'file:///w', builder: 'classic', reason: 'this docker CLI (28.2.2) has no buildx' }), true);
  assert.equal(builders.record({ folderUri: 'file:///w/inner', builder: 'buildkit', reason: 'DOCKER_BUILDKIT=1 in the environment' }), true);
  assert.deepEqual(builders.of('file:///w/app/Dockerfile', auto), { kind: 'classic', reason: 'this docker CLI (28.2.2) has no buildx', source: 'client' });
  assert.equal(builders.of('file:///w/inner/Dockerfile', auto).kind, 'buildkit');
  assert.equal(builders.of('file:///work2/Dockerfile', auto).source, 'default', 'a folder whose name starts the same is another folder');
  assert.equal(builders.record({ folderUri: '', builder: 'classic', reason: 'x' }), true);
  assert.equal(builders.of('file:///elsewhere/Dockerfile', auto).kind, 'classic', "'' is for documents outside every folder");
});

test('stagecraft.build.builder naming a builder wins over reports', () => {
  const builders = new Builders();
  builders.record({ folderUri: 'file:///w', builder: 'buildkit', reason: 'r' });
  assert.deepEqual(builders.of('file:///w/Dockerfile', { buildBuilder: 'classic' }), {
    kind: 'classic',
    reason: 'stagecraft.build.builder is classic',
    source: 'setting',
  });
  assert.equal(builderFromSetting('auto'), undefined);
});

test('malformed reports are dropped; the same report twice is nothing new; long reasons are cut', () => {
  const builders = new Builders();
  for (const bad of [null, {}, { folderUri: 1, builder: 'classic' }, { folderUri: 'file:///w', builder: 'kaniko' }] as unknown as BuilderChangedParams[])
    assert.equal(builders.record(bad), false);
  assert.equal(builders.of('file:///w/Dockerfile', auto).source, 'default');
  assert.equal(builders.record({ folderUri: 'file:///w', builder: 'classic', reason: 'r' }), true);
  assert.equal(builders.record({ folderUri: 'file:///w', builder: 'classic', reason: 'r' }), false);
  builders.record({ folderUri: 'file:///w', builder: 'classic', reason: 'x'.repeat(500) });
  assert.equal(builders.of('file:///w/Dockerfile', auto).reason!.length, 200);
});
