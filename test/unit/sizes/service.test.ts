import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseImageReference } from '../../../server/src/analysis/imageRef';
import { RegistryError } from '../../../server/src/registry/errors';
import { defaultCacheDir, ImageSizeService } from '../../../server/src/sizes/service';

const amd64 = { os: 'linux', architecture: 'amd64' };
const online = { offline: false };

test('one lookup per image and platform however often it is asked; answers wait for nothing', async () => {
  let calls = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const service = new ImageSizeService({
    registry: {
      imageSize: async () => {
        calls++;
        await gate;
        return { bytes: 42, layers: 1, platform: 'linux/amd64', fromIndex: false };
      },
    },
  });
  const image = parseImageReference('alpine:3');
  for (let i = 0; i < 5; i++) assert.equal(service.peek(image, amd64, online).registry.state, 'pending');
  assert.equal(calls, 0, 'the lookup starts after the asking request has answered');
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(calls, 1);
  release();
  await service.idle();
  const fact = service.peek(image, amd64, online).registry;
  assert.equal(fact.state === 'ok' && fact.bytes, 42);
  service.peek(image, { os: 'linux', architecture: 'arm64' }, online);
  await service.idle();
  assert.equal(calls, 2, 'another platform is another lookup');
});

test('at most N lookups run at once; the rest wait their turn', async () => {
  let running = 0;
  let peak = 0;
  const service = new ImageSizeService({
    maxConcurrent: 2,
    registry: {
      imageSize: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        return { bytes: 1, layers: 1, platform: 'linux/amd64', fromIndex: false };
      },
    },
  });
  for (const name of ['a', 'b', 'c', 'd', 'e']) service.peek(parseImageReference(`${name}:1`), amd64, online);
  await service.idle();
  assert.equal(peak, 2);
  for (const name of ['a', 'b', 'c', 'd', 'e']) assert.equal(service.peek(parseImageReference(`${name}:1`), amd64, online).registry.state, 'ok');
});

test('figures live for the TTL, errors for the shorter error TTL; then the registry is asked again', async () => {
  let now = 0;
  let calls = 0;
  let fail = true;
  const service = new ImageSizeService({
    now: () => now,
    ttlMs: 10_000,
    errorTtlMs: 1_000,
    registry: {
      imageSize: async () => {
        calls++;
        if (fail) throw new RegistryError('network', 'registry-1.docker.io/v2/: ENOTFOUND');
        return { bytes: 7, layers: 1, platform: 'linux/amd64', fromIndex: false };
      },
    },
  });
  const image = parseImageReference('busybox');
  service.peek(image, amd64, online);
  await service.idle();
  now = 999;
  assert.equal(service.peek(image, amd64, online).registry.state, 'error');
  assert.equal(calls, 1);
  fail = false;
  now = 1_000;
  assert.equal(service.peek(image, amd64, online).registry.state, 'pending');
  await service.idle();
  now = 10_999;
  assert.equal(service.peek(image, amd64, online).registry.state, 'ok');
  now = 11_000;
  assert.equal(service.peek(image, amd64, online).registry.state, 'pending');
  await service.idle();
  assert.equal(calls, 3);
});

test('an unexpected failure in the registry client is an error fact, not a crash', async () => {
  const service = new ImageSizeService({
    registry: {
      imageSize: async () => {
        throw new TypeError('boom');
      },
    },
  });
  const image = parseImageReference('alpine');
  service.peek(image, amd64, online);
  await service.idle();
  const fact = service.peek(image, amd64, online).registry;
  assert.equal(fact.state, 'error');
  assert.equal(fact.state === 'error' && fact.message, 'lookup failed: boom');
});

test('no docker path: the local engine is not asked; a missing CLI is remembered as unavailable', async () => {
  const service = new ImageSizeService({ registry: { imageSize: async () => ({ bytes: 1, layers: 1, platform: 'linux/amd64', fromIndex: false }) } });
  const image = parseImageReference('alpine:3');
  assert.equal(service.peek(image, amd64, { offline: true }).local, undefined);
  assert.deepEqual(service.peek(image, amd64, { offline: true, dockerPath: '/nonexistent/docker' }).local, { state: 'pending' });
  await service.idle();
  assert.equal(service.peek(parseImageReference('node:24'), amd64, { offline: true, dockerPath: '/nonexistent/docker' }).local?.state, 'unavailable');
});

test("without a storage folder from the client, the cache goes to the user's cache folder", () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u'), '/x/cache/stagecraft');
  assert.equal(defaultCacheDir({}, '/home/u'), '/home/u/.cache/stagecraft');
  assert.match(defaultCacheDir({}, ''), /stagecraft-/);
});
