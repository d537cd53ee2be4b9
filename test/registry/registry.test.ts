/**
 * The registry client against real registries on 127.0.0.1 (Debian's docker-registry), with proxies
 * for the slow, bearer-token and cross-host-redirect cases.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImageReference } from '../../server/src/analysis/imageRef';
import { RegistryClient, type RegistrySize } from '../../server/src/registry/client';
import { RegistryError } from '../../server/src/registry/errors';
import type { Credentials } from '../../server/src/registry/auth';
import { ImageSizeService } from '../../server/src/sizes/service';
import {
  HTPASSWD_PASSWORD,
  HTPASSWD_USER,
  forward,
  pushAttestation,
  pushImage,
  putManifest,
  serve,
  startRegistry,
  stopAll,
  type PushedImage,
  type RunningRegistry,
} from './harness';

const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64 = { os: 'linux', architecture: 'arm64' };
const ref = (text: string) => parseImageReference(text);

async function rejects(promise: Promise<unknown>, kind: string): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RegistryError, `not a RegistryError: ${error}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

let open: RunningRegistry;
let locked: RunningRegistry;
let single: PushedImage;
let ociSingle: PushedImage;
let armImage: PushedImage;
let amdImage: PushedImage;
let attestation: PushedImage;
let index: { digest: string };

before(async () => {
  [open, locked] = await Promise.all([startRegistry(), startRegistry({ htpasswd: true })]);
  single = await pushImage(open.host, 'test/app', { layerSizes: [1000, 2345], tag: 'single' });
  ociSingle = await pushImage(open.host, 'test/app', { layerSizes: [4321], tag: 'oci', oci: true });
  // A multi-platform index as BuildKit pushes it: the attestation manifest (unknown/unknown, with
  // the reference-type annotation) comes FIRST, then arm64, then amd64.
  amdImage = await pushImage(open.host, 'test/multi', { layerSizes: [3000, 4000, 500], oci: true });
  armImage = await pushImage(open.host, 'test/multi', { layerSizes: [6000], oci: true, platform: arm64 });
  attestation = await pushAttestation(open.host, 'test/multi', 777);
  const descriptor = (image: PushedImage, platform?: object, annotations?: object) => ({
    mediaType: image.mediaType,
    digest: image.digest,
    size: image.size,
    ...(platform ? { platform } : {}),
    ...(annotations ? { annotations } : {}),
  });
  const attestationDescriptor = descriptor(
    attestation,
    { os: 'unknown', architecture: 'unknown' },
    { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': amdImage.digest },
  );
  index = await putManifest(open.host, 'test/multi', '1', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [attestationDescriptor, descriptor(armImage, arm64), descriptor(amdImage, amd64)],
  });
  // An index offering arm64 only (plus its attestation).
  await putManifest(open.host, 'test/multi', 'arm-only', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [attestationDescriptor, descriptor(armImage, arm64)],
  });
  await pushImage(locked.host, 'private/app', { layerSizes: [1234], tag: '1', auth: { user: HTPASSWD_USER, password: HTPASSWD_PASSWORD } });
});

after(stopAll);

test('a single Docker v2 manifest: the sum of its layer sizes', async () => {
  const size = await new RegistryClient().imageSize(ref(`${open.host}/test/app:single`), amd64);
  assert.equal(size.bytes, single.layerBytes);
  assert.equal(size.bytes, 3345);
  assert.equal(size.layers, 2);
  assert.equal(size.fromIndex, false);
  const oci = await new RegistryClient().imageSize(ref(`${open.host}/test/app:oci`), amd64);
  assert.deepEqual([oci.bytes, oci.layers], [ociSingle.layerBytes, 1]);
});

test("an index with an attestation manifest first: the platform's manifest is chosen, the attestation skipped", async () => {
  const client = new RegistryClient();
  const x86 = await client.imageSize(ref(`${open.host}/test/multi:1`), amd64);
  assert.deepEqual([x86.bytes, x86.layers, x86.platform, x86.manifestDigest, x86.fromIndex], [7500, 3, 'linux/amd64', amdImage.digest, true]);
  const arm = await client.imageSize(ref(`${open.host}/test/multi:1`), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual([arm.bytes, arm.platform, arm.manifestDigest], [6000, 'linux/arm64', armImage.digest]);
  // By digest, the index is verified against it and read the same way.
  const pinned = await client.imageSize(ref(`${open.host}/test/multi@${index.digest}`), amd64);
  assert.equal(pinned.bytes, 7500);
});

test('an index without the platform: a no-platform error that lists what it offers, not the attestation', async () => {
  const error = await rejects(new RegistryClient().imageSize(ref(`${open.host}/test/multi:arm-only`), amd64), 'no-platform');
  assert.match(error.message, /offers linux\/arm64\)/);
  assert.ok(!error.message.includes('unknown'), error.message);
});

test('404: an unknown tag and an unknown repository are not-found errors, not sizes', async () => {
  const tag = await rejects(new RegistryClient().imageSize(ref(`${open.host}/test/app:nope`), amd64), 'not-found');
  assert.match(tag.message, /HTTP 404 MANIFEST_UNKNOWN/);
  await rejects(new RegistryClient().imageSize(ref(`${open.host}/test/missing:1`), amd64), 'not-found');
});

test('a manifest over the size limit is refused, not read', async () => {
  await rejects(new RegistryClient({ maxManifestBytes: 100 }).imageSize(ref(`${open.host}/test/app:single`), amd64), 'too-large');
});

test('slow registry: a request with no answer ends with a timeout error', async () => {
  // Accepts the connection and never answers.
  const slow = await serve(() => undefined);
  const error = await rejects(new RegistryClient({ timeoutMs: 300 }).imageSize(ref(`${slow.host}/test/app:single`), amd64), 'timeout');
  assert.match(error.message, /no answer within 300 ms/);
  // Headers sent, then the body stalls: the deadline covers the body too.
  const stalling = await serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"schemaVersion":');
  });
  await rejects(new RegistryClient({ timeoutMs: 300 }).imageSize(ref(`${stalling.host}/test/app:single`), amd64), 'timeout');
});

test("basic auth (htpasswd): without credentials an unauthorized error; with the Docker config's credentials for that host, the size", async () => {
  const anonymous = await rejects(new RegistryClient().imageSize(ref(`${locked.host}/private/app:1`), amd64), 'unauthorized');
  assert.match(anonymous.message, /no credentials for this host/);
  const asked: string[] = [];
  const credentials = (host: string): Credentials | undefined => {
    asked.push(host);
    return host === locked.host ? { username: HTPASSWD_USER, password: HTPASSWD_PASSWORD } : undefined;
  };
  const size = await new RegistryClient({ credentials }).imageSize(ref(`${locked.host}/private/app:1`), amd64);
  assert.equal(size.bytes, 1234);
  assert.deepEqual([...new Set(asked)], [locked.host]);
  const wrong = await rejects(
    new RegistryClient({ credentials: () => ({ username: HTPASSWD_USER, password: 'wrong-password' }) }).imageSize(ref(`${locked.host}/private/app:1`), amd64),
    'unauthorized',
  );
  assert.ok(!wrong.message.includes('wrong-password'), wrong.message);
});

/** A registry front that demands a bearer token from its /token endpoint (Docker Hub's flow). */
async function tokenFront(options: { realmHost?: string } = {}) {
  const tokenRequests: { url: string; authorization?: string }[] = [];
  const registryRequests: { authorization?: string }[] = [];
  const TOKEN = 'test-token-123';
  const front = await serve((request, response) => {
    const url = new URL(request.url!, 'http://x');
    if (url.pathname === '/token') {
      tokenRequests.push({ url: request.url!, authorization: request.headers.authorization });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
      return;
    }
    registryRequests.push({ authorization: request.headers.authorization });
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      const scope = `repository:${url.pathname.split('/manifests/')[0].slice(4)}:pull`;
      response.writeHead(401, {
        'www-authenticate': `Bearer realm="http://${options.realmHost ?? front.host}/token",service="test-registry",scope="${scope}"`,
        'content-type': 'application/json',
      });
      response.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    forward(open.host, request, response);
  });
  return { front, tokenRequests, registryRequests };
}

test('bearer token flow: challenge -> anonymous token from the realm (service and scope) -> manifest; the token is reused', async () => {
  const { front, tokenRequests } = await tokenFront();
  const client = new RegistryClient();
  const size = await client.imageSize(ref(`${front.host}/test/multi:1`), amd64);
  assert.equal(size.bytes, 7500);
  assert.equal(tokenRequests.length, 1);
  const asked = new URL(tokenRequests[0].url, 'http://x');
  assert.deepEqual([asked.searchParams.get('service'), asked.searchParams.get('scope')], ['test-registry', 'repository:test/multi:pull']);
  assert.equal(tokenRequests[0].authorization, undefined, 'anonymous token request');
  await client.imageSize(ref(`${front.host}/test/multi:1`), arm64);
  assert.equal(tokenRequests.length, 1, 'the cached token was not reused');
});

test("credentials are sent to the registry's own token realm only, never to a realm on another host", async () => {
  const password = 'realm-secret';
  const sameHost = await tokenFront();
  const credentials = () => ({ username: 'user', password });
  await new RegistryClient({ credentials }).imageSize(ref(`${sameHost.front.host}/test/app:single`), amd64);
  assert.match(sameHost.tokenRequests[0].authorization ?? '', /^Basic /);
  // A realm on `localhost:<port>` is another origin than the registry's 127.0.0.1:<port>: no credentials go there.
  const realmHits: string[] = [];
  const realm = await serve((request, response) => {
    realmHits.push(request.headers.authorization ?? 'none');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"token":"test-token-123"}');
  });
  const front = await tokenFront({ realmHost: `localhost:${realm.port}` });
  await new RegistryClient({ credentials }).imageSize(ref(`${front.front.host}/test/app:single`), amd64);
  assert.deepEqual(realmHits, ['none']);
});

test('a redirect to another host never carries the credentials', async () => {
  const password = 'redirect-secret';
  const seenByOther: (string | undefined)[] = [];
  const other = await serve((request, response) => {
    seenByOther.push(request.headers.authorization);
    forward(open.host, request, response);
  });
  const seenByRegistry: (string | undefined)[] = [];
  const registry = await serve((request, response) => {
    seenByRegistry.push(request.headers.authorization);
    if (!request.headers.authorization) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="test"' });
      response.end();
      return;
    }
    response.writeHead(307, { location: `http://localhost:${other.port}${request.url}` });
    response.end();
  });
  const size = await new RegistryClient({ credentials: (host) => (host === registry.host ? { username: 'user', password } : undefined) }).imageSize(
    ref(`${registry.host}/test/app:single`),
    amd64,
  );
  assert.equal(size.bytes, 3345);
  assert.equal(seenByRegistry[0], undefined);
  assert.match(seenByRegistry[1] ?? '', /^Basic /);
  // The manifest, then (a single-platform manifest) its config blob: each redirected, none with credentials.
  assert.deepEqual(seenByOther, [undefined, undefined]);
});

test('offline: the size service makes no connection at all; online it asks the registry', async () => {
  const counting = await serve((request, response) => forward(open.host, request, response));
  const service = new ImageSizeService({ registry: new RegistryClient() });
  const image = ref(`${counting.host}/test/app:single`);
  for (let i = 0; i < 3; i++) assert.deepEqual(service.peek(image, amd64, { offline: true }).registry, { state: 'offline' });
  await service.idle();
  assert.equal(counting.connections(), 0);
  assert.equal(service.peek(image, amd64, { offline: false }).registry.state, 'pending');
  await service.idle();
  assert.ok(counting.connections() > 0);
  const fact = service.peek(image, amd64, { offline: false }).registry;
  assert.equal(fact.state === 'ok' && fact.bytes, 3345);
});

test('the size service: errors are facts with their kind, figures persist on disk for the next session', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-sizes-'));
  try {
    const first = new ImageSizeService({ registry: new RegistryClient(), cacheDir: dir });
    const good = ref(`${open.host}/test/multi:1`);
    const missing = ref(`${open.host}/test/app:nope`);
    first.peek(good, amd64, { offline: false });
    first.peek(missing, amd64, { offline: false });
    await first.idle();
    const error = first.peek(missing, amd64, { offline: false }).registry;
    assert.equal(error.state === 'error' && error.kind, 'not-found');
    first.flush();
    // A new session, offline: the figure comes from disk.
    const second = new ImageSizeService({ registry: new RegistryClient(), cacheDir: dir });
    const fact = second.peek(good, amd64, { offline: true }).registry;
    assert.equal(fact.state === 'ok' && fact.bytes, 7500);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with a digest cache, a tag is checked with HEAD (not counted as a pull on Docker Hub); an unchanged digest needs no GET', async () => {
  const requests: string[] = [];
  const counting = await serve((request, response) => {
    if (request.url!.includes('/manifests/')) requests.push(`${request.method} ${request.url!.split('/manifests/')[1].slice(0, 14)}`);
    forward(open.host, request, response);
  });
  const sizes = new Map<string, RegistrySize>();
  const digestCache = {
    get: (key: string) => sizes.get(key),
    set: (key: string, value: RegistrySize) => {
      sizes.set(key, value);
    },
  };
  const image = ref(`${counting.host}/test/multi:1`);
  const first = await new RegistryClient({ digestCache }).imageSize(image, amd64);
  assert.deepEqual(requests, ['HEAD 1', 'GET 1', `GET ${amdImage.digest.slice(0, 14)}`]);
  assert.equal(first.bytes, 7500);
  assert.ok(sizes.has(`${counting.host}/test/multi@${index.digest} linux/amd64`), [...sizes.keys()].join());
  // Later (the tag's figure expired): one HEAD, the same digest, no GET.
  requests.length = 0;
  const again = await new RegistryClient({ digestCache }).imageSize(image, amd64);
  assert.deepEqual(requests, ['HEAD 1']);
  assert.deepEqual(again, first);
  // The tag moved: HEAD sees a new digest and the manifests are read again.
  await putManifest(open.host, 'test/multi', 'moving', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: amdImage.mediaType, digest: amdImage.digest, size: amdImage.size, platform: amd64 }],
  });
  requests.length = 0;
  await new RegistryClient({ digestCache }).imageSize(ref(`${counting.host}/test/multi:moving`), amd64);
  await putManifest(open.host, 'test/multi', 'moving', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: armImage.mediaType, digest: armImage.digest, size: armImage.size, platform: amd64 }],
  });
  const moved = await new RegistryClient({ digestCache }).imageSize(ref(`${counting.host}/test/multi:moving`), amd64);
  assert.equal(moved.bytes, 6000);
  assert.deepEqual(requests.filter((r) => r.startsWith('GET')).length, 4);
});
