import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BuildResults } from '../../../server/src/wiring/buildResults';
import type { BuildResultParams } from '../../../server/src/protocol';

test('the last build of each target is kept per document, by target in lower case', () => {
  const builds = new BuildResults();
  assert.equal(builds.record({ uri: 'file:///a', target: 'Build', ok: false, finishedAt: 1, failedLine: 3 }), true);
  assert.equal(builds.record({ uri: 'file:///a', target: 'build', ok: true, finishedAt: 2, sizeBytes: 10, platform: 'linux/arm/v7' }), true);
  assert.equal(builds.record({ uri: 'file:///a', ok: true, finishedAt: 3 }), true);
  assert.equal(builds.size, 1);
  assert.deepEqual(builds.of('file:///a')?.get('build'), {
    uri: 'file:///a',
    target: 'build',
    ok: true,
    finishedAt: 2,
    sizeBytes: 10,
    platform: 'linux/arm/v7',
    failedLine: undefined,
  });
  assert.equal(builds.of('file:///a')?.get('')?.finishedAt, 3);
  assert.equal(builds.of('file:///b'), undefined);
});

test('a malformed result is dropped, and unknown fields are not kept', () => {
  const builds = new BuildResults();
  assert.equal(builds.record({ uri: 'file:///a', ok: 'yes', finishedAt: 1 } as unknown as BuildResultParams), false);
  assert.equal(builds.record(null as unknown as BuildResultParams), false);
  assert.equal(builds.size, 0);
  builds.record({ uri: 'file:///a', ok: true, finishedAt: 1, sizeBytes: '5', platform: 'linux amd64; x', extra: 1 } as unknown as BuildResultParams);
  assert.deepEqual(builds.of('file:///a')?.get(''), {
    uri: 'file:///a',
    target: undefined,
    ok: true,
    finishedAt: 1,
    sizeBytes: undefined,
    platform: undefined,
    failedLine: undefined,
  });
});
