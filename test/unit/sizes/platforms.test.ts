/**
 * The size service records the platforms an image offers while it looks up sizes (for the rule
 * invalid-base-image-platform): an index's list, a single manifest's config platform, the local
 * engine's image. A small registry on 127.0.0.1 (node:http, the distribution API's manifest and blob
 * GETs) and a fake docker CLI (a shell script) stand in for the real ones.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImageReference } from '../../../server/src/analysis/imageRef';
import { RegistryClient } from '../../../server/src/registry/client';
import { ImageSizeService } from '../../../server/src/sizes/service';

const amd64 = { os: 'linux', architecture: 'amd64' };
const online = { offline: false };
const digestOf = (body: string) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

/** Content by `/v2/<repo>/manifests/<ref>` or `/v2/<repo>/blobs/<digest>`; everything else 404. */
const content = new Map<string, { type: string; body: string }>();
const requests: string[] = [];
const server = http.createServer((request, response) => {
  requests.push(`${request.method} ${request.url}`);
  const item = content.get(request.url ?? '');
  if (!item) {
    response.writeHead(404, { 'Content-Type': 'application/json' });
    response.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    return;
  }
  response.writeHead(200, { 'Content-Type': item.type, 'Docker-Content-Digest': digestOf(item.body), 'Content-Length': Buffer.byteLength(item.body) });
  response.end(request.method === 'HEAD' ? undefined : item.body);
});
const listening = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
const folder = mkdtempSync(join(tmpdir(), 'stagecraft-platforms-'));
after(() => {
  server.close();
  rmSync(folder, { recursive: true, force: true });
});

function put(path: string, type: string, value: object): { digest: string; size: number; mediaType: string } {
  const body = JSON.stringify(value);
  content.set(path, { type, body });
  return { digest: digestOf(body), size: Buffer.byteLength(body), mediaType: type };
}

/** A single OCI image manifest whose config states `platform`; stored by digest (and by `tag`). */
function image(repo: string, platform: object, tag?: string) {
  const configBody = JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [] }, config: {} });
  const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(configBody), size: configBody.length };
  content.set(`/v2/${repo}/blobs/${config.digest}`, { type: 'application/octet-stream', body: configBody });
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config,
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'1'.repeat(64)}`, size: 100 }],
  };
  const stored = put(`/v2/${repo}/manifests/${digestOf(JSON.stringify(manifest))}`, manifest.mediaType, manifest);
  if (tag) put(`/v2/${repo}/manifests/${tag}`, manifest.mediaType, manifest);
  return stored;
}

test("a single manifest: the platform its config states is recorded (and shown as the size's platform)", async () => {
  const host = await listening;
  image('test/arm', { os: 'linux', architecture: 'arm64', variant: 'v8' }, '1');
  const service = new ImageSizeService({ registry: new RegistryClient() });
  const ref = parseImageReference(`${host}/test/arm:1`);
  assert.equal(service.knownPlatforms(ref), undefined, 'nothing is known before a lookup');
  const learnt: string[] = [];
  service.onPlatforms((name) => learnt.push(name));
  service.peek(ref, amd64, online);
  await service.idle();
  assert.deepEqual(service.knownPlatforms(ref), { registry: { single: { os: 'linux', architecture: 'arm64', variant: 'v8' } } });
  const fact = service.peek(ref, amd64, online).registry;
  assert.equal(fact.state === 'ok' && fact.platform, 'linux/arm64', 'the hover names the platform the image has, not the one asked for');
  assert.deepEqual(learnt, [ref.normalized]);
  assert.ok(
    requests.some((r) => r.startsWith('GET /v2/test/arm/blobs/sha256:')),
    'the config blob was read',
  );
});

test('an index: its platforms are recorded, attestations left out, also when it lacks the one asked for', async () => {
  const host = await listening;
  const arm = image('test/multi', { os: 'linux', architecture: 'arm64' });
  const win = image('test/multi', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.4171' });
  const attestation = image('test/multi', { os: 'unknown', architecture: 'unknown' });
  put('/v2/test/multi/manifests/1', 'application/vnd.oci.image.index.v1+json', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { ...attestation, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      { ...arm, platform: { os: 'linux', architecture: 'arm64' } },
      { ...win, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.4171' } },
    ],
  });
  const service = new ImageSizeService({ registry: new RegistryClient() });
  const ref = parseImageReference(`${host}/test/multi:1`);
  service.peek(ref, amd64, online);
  await service.idle();
  assert.equal(service.peek(ref, amd64, online).registry.state, 'error', 'no linux/amd64 entry: a no-platform error');
  const offered = {
    index: [
      { os: 'linux', architecture: 'arm64' },
      { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.4171' },
    ],
  };
  assert.deepEqual(service.knownPlatforms(ref), { registry: offered });
  service.peek(ref, { os: 'linux', architecture: 'arm64' }, online);
  await service.idle();
  assert.equal(service.peek(ref, { os: 'linux', architecture: 'arm64' }, online).registry.state, 'ok');
  assert.deepEqual(service.knownPlatforms(ref), { registry: offered });
});

test('platforms persist on disk with the sizes: the next session knows them without a lookup', async () => {
  const host = await listening;
  image('test/persist', { os: 'linux', architecture: 's390x' }, 'v1');
  const cacheDir = join(folder, 'cache');
  const first = new ImageSizeService({ registry: new RegistryClient(), cacheDir });
  const ref = parseImageReference(`${host}/test/persist:v1`);
  first.peek(ref, amd64, online);
  await first.idle();
  first.flush();
  const second = new ImageSizeService({
    registry: {
      imageSize: async () => {
        throw new Error('no lookup expected');
      },
    },
    cacheDir,
  });
  assert.deepEqual(second.knownPlatforms(ref), { registry: { single: { os: 'linux', architecture: 's390x' } } });
});

test("the local engine: docker image inspect's Os/Architecture/Variant are recorded for that CLI", async () => {
  const docker = join(folder, 'docker');
  // The fake CLI answers what `docker image inspect --format '{{.Size}} {{.Os}}/{{.Architecture}} {{.Variant}}'` prints.
  writeFileSync(docker, '#!/bin/sh\ncase "$*" in *arm-image*) echo "1234 linux/arm v7";; *) echo "99 linux/amd64 ";; esac\n');
  chmodSync(docker, 0o755);
  const service = new ImageSizeService({
    registry: {
      imageSize: async () => {
        throw new Error('offline');
      },
    },
  });
  const armRef = parseImageReference('example.com/arm-image:1');
  const amdRef = parseImageReference('example.com/amd-image:1');
  const learnt: string[] = [];
  service.onPlatforms((name) => learnt.push(name));
  service.peek(armRef, amd64, { offline: true, dockerPath: docker });
  service.peek(amdRef, amd64, { offline: true, dockerPath: docker });
  await service.idle();
  assert.deepEqual(service.knownPlatforms(armRef, docker), { local: { os: 'linux', architecture: 'arm', variant: 'v7' } });
  assert.deepEqual(service.knownPlatforms(amdRef, docker), { local: { os: 'linux', architecture: 'amd64' } });
  assert.equal(service.knownPlatforms(armRef), undefined, 'without the CLI the local answer does not count');
  assert.deepEqual(learnt.sort(), [amdRef.normalized, armRef.normalized]);
  const local = service.peek(armRef, amd64, { offline: true, dockerPath: docker }).local;
  assert.equal(local?.state === 'present' && local.platform, 'linux/arm/v7');
});
