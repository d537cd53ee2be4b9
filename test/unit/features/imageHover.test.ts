import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { hover } from '../../../server/src/features/hover';
import { escapeMarkdown, withImageSizes } from '../../../server/src/features/imageHover';
import type { ImageReference } from '../../../server/src/analysis/model';
import type { Platform } from '../../../server/src/registry/platform';
import { RegistryError } from '../../../server/src/registry/errors';
import { ImageSizeService } from '../../../server/src/sizes/service';
import type { StagecraftSettings } from '../../../server/src/settings';
import { contextOf, positionOf, URI } from '../../helpers/context';

/** A registry stand-in that records what it was asked and answers from a table. */
function fakeRegistry(answers: Record<string, number | RegistryError>) {
  const asked: string[] = [];
  return {
    asked,
    imageSize: async (image: ImageReference, platform: Platform) => {
      asked.push(`${image.normalized} ${platform.os}/${platform.architecture}`);
      const answer = answers[image.normalized];
      if (answer === undefined) throw new RegistryError('not-found', `${image.normalized}: HTTP 404`);
      if (answer instanceof RegistryError) throw answer;
      return { bytes: answer, layers: 2, platform: `${platform.os}/${platform.architecture}`, fromIndex: true };
    },
  };
}

const GO_MULTI = `FROM golang:1.27 AS build
RUN go build -o /app .

FROM golang:1.27 AS test
RUN go test ./...

FROM build AS debug

FROM scratch AS final
COPY --from=build /app /app
`;

async function hoverText(
  text: string,
  needle: string,
  service: ImageSizeService,
  settings: Partial<StagecraftSettings> = {},
  occurrence = 0,
): Promise<{ value: string; hover: Hover | null }> {
  const context = contextOf(text, { dockerPath: '', ...settings });
  const result = await withImageSizes(hover, () => service)(context, { textDocument: { uri: URI }, position: positionOf(context, needle, occurrence) });
  const contents = result?.contents;
  return { value: typeof contents === 'string' ? contents : contents ? (contents as MarkupContent).value : '', hover: result };
}

/** Every size figure says whether it is compressed or uncompressed. */
function assertLabelled(value: string): void {
  for (const line of value.split('\n')) {
    if (/\d(?:\.\d)? (?:kB|MB|GB)\b/.test(line)) assert.match(line, /compressed|uncompressed/, line);
  }
}

test('SDK image in a build stage: size, kind, source and date, a build-stage note, merged with the FROM docs', async () => {
  const service = new ImageSizeService({ registry: fakeRegistry({}) });
  const { value, hover: result } = await hoverText(GO_MULTI, 'golang:1.27', service, { imageSizesOffline: true });
  assert.match(value, /\*\*Image size\*\* · `golang:1\.27` · Go toolchain \(Debian\) · \*\*SDK \/ build toolchain\*\*/);
  assert.match(value, /316 MB compressed \(linux\/amd64\) — catalog, Aug–Sep 2026, docker-library\/repo-info/);
  assert.match(value, /Build stage \(used by `debug`, `final`\)/);
  assert.ok(!value.includes('ship on'), value);
  assert.match(value, /Set the `baseImage`/, 'the FROM docs of the baseline hover');
  assert.deepEqual(result!.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 16 } });
  assertLabelled(value);
});

test('SDK image in a shipped stage: the runtime alternatives with sizes and the saving', async () => {
  const service = new ImageSizeService({ registry: fakeRegistry({}) });
  const { value } = await hoverText('FROM golang:1.27\nRUN go build -o /app .\n', 'golang', service, { imageSizesOffline: true });
  assert.match(
    value,
    /SDK image in a shipped stage \(the default target\)\. Keep it in build stages; ship on `gcr\.io\/distroless\/static-debian12` \(~1\.0 MB compressed, catalog, undated, distroless README \(estimate\)\) or `scratch` \(empty\)/,
  );
  assert.match(value, /`gcr\.io\/distroless\/static-debian12` is about 99% smaller than 316 MB \(compressed\)/);
  assertLabelled(value);
  // A stage no other stage uses is shipped too (a target of its own): the `test` stage here.
  const other = await hoverText(GO_MULTI, 'golang:1.27', service, { imageSizesOffline: true }, 1);
  assert.match(other.value, /SDK image in a shipped stage \(a target no other stage uses\)/);
});

test('registry figures: looking up on the first hover, the fetched figure with its age on the next; it wins in the saving', async () => {
  let now = 1_000_000;
  const registry = fakeRegistry({ 'docker.io/library/golang:1.27': 300_000_000 });
  const service = new ImageSizeService({ registry, now: () => now });
  const first = await hoverText('FROM golang:1.27\n', 'golang', service);
  assert.match(first.value, /Registry docker\.io: looking up; hover again to see it/);
  assert.match(first.value, /316 MB compressed .* catalog/, 'the catalog answers at once');
  await service.idle();
  now += 3 * 60_000;
  const second = await hoverText('FROM golang:1.27\n', 'golang', service);
  assert.match(second.value, /\*\*300 MB compressed\*\* \(linux\/amd64, 2 layers\) — registry docker\.io, fetched 3 min ago/);
  assert.match(second.value, /about 99% smaller than 300 MB/);
  assert.deepEqual(registry.asked, ['docker.io/library/golang:1.27 linux/amd64'], 'asked once');
  assertLabelled(second.value);
});

test('registry errors are shown as errors, never as sizes', async () => {
  const service = new ImageSizeService({
    registry: fakeRegistry({
      'docker.io/library/alpine:3': new RegistryError('timeout', 'registry-1.docker.io/v2/library/alpine/manifests/3: no answer within 8000 ms'),
    }),
  });
  await hoverText('FROM alpine:3\n', 'alpine', service);
  await service.idle();
  const { value } = await hoverText('FROM alpine:3\n', 'alpine', service);
  const line = value.split('\n').find((l) => l.includes('Registry lookup failed'));
  assert.equal(
    line,
    "- Registry lookup failed (timeout): registry-1.docker.io/v2/library/alpine/manifests/3: no answer within 8000 ms — just now. Shown instead: the bundled catalog's figure.",
  );
  assert.match(value, /3\.8 MB compressed \(linux\/amd64\) — catalog/);
});

test('a failed lookup stays the word while it is retried, and an image with no other figure says no size is known', async () => {
  let now = 1_000_000;
  const failure = new RegistryError('network', 'registry.example.com/v2/team/api/manifests/1: ENOTFOUND');
  const service = new ImageSizeService({ registry: fakeRegistry({ 'registry.example.com/team/api:1': failure }), now: () => now });
  const first = await hoverText('FROM registry.example.com/team/api:1\n', 'registry', service);
  assert.match(first.value, /- Registry registry\.example\.com: looking up; hover again to see it\n/, 'nothing to show meanwhile');
  await service.idle();
  now += 6 * 60_000; // past the error's time to live: the next hover asks again
  const retry = await hoverText('FROM registry.example.com/team/api:1\n', 'registry', service);
  assert.match(
    retry.value,
    /- Registry lookup failed \(network\): registry\.example\.com\/v2\/team\/api\/manifests\/1: ENOTFOUND — 6 min ago; asking again\. No size is known for this image\./,
  );
  assert.ok(!retry.value.includes('looking up'), retry.value);
});

test('a lookup that never answers ends as a timeout, never "looking up" for good', async () => {
  const hanging = { asked: [] as string[], imageSize: () => new Promise<never>(() => undefined) };
  const service = new ImageSizeService({ registry: hanging, lookupTimeoutMs: 50 });
  const first = await hoverText('FROM golang:1.27\n', 'golang', service);
  assert.match(first.value, /looking up; hover again to see it\. Meanwhile: the bundled catalog's figure/);
  await service.idle();
  const { value } = await hoverText('FROM golang:1.27\n', 'golang', service);
  assert.match(value, /- Registry lookup failed \(timeout\): docker\.io: no answer within 0 s — just now\. Shown instead: the bundled catalog's figure\./);
});

test('offline: the registry is never asked', async () => {
  const registry = fakeRegistry({ 'docker.io/library/node:24-alpine': 1 });
  const service = new ImageSizeService({ registry });
  const { value } = await hoverText('FROM node:24-alpine AS run\n', 'node', service, { imageSizesOffline: true });
  await service.idle();
  assert.deepEqual(registry.asked, []);
  assert.ok(!/registry/i.test(value.split('---')[0]), value);
  assert.match(value, /58\.2 MB compressed .*· \*\*runtime\*\*|runtime/);
});

test('an image not in the catalog, scratch, an unresolved variable', async () => {
  const service = new ImageSizeService({ registry: fakeRegistry({}) });
  const unknown = await hoverText('FROM example.com/team/api:1\n', 'example', service, { imageSizesOffline: true });
  assert.match(unknown.value, /Not in the catalog \(offline: no registry lookup\)/);
  const scratch = await hoverText('FROM scratch\nCOPY a /a\n', 'scratch', service);
  assert.match(scratch.value, /`scratch` · Empty image.* · \*\*empty \(scratch\)\*\*/);
  assert.match(scratch.value, /\*\*0 B\*\*: no layers/);
  const unresolved = await hoverText('ARG VERSION\nFROM golang:${VERSION}\n', 'golang', service);
  assert.match(unresolved.value, /\*\*Image size\*\*: unknown: `VERSION` has no value/);
  // A value from the build args resolves it.
  const resolved = await hoverText('ARG VERSION\nFROM golang:${VERSION}-alpine\n', 'golang', service, {
    imageSizesOffline: true,
    buildArgs: { VERSION: '1.27' },
  });
  assert.match(resolved.value, /`golang:1\.27-alpine` · Go toolchain \(Alpine\)/);
});

test('--platform picks the platform looked up; the catalog says when its figure is for another one', async () => {
  const registry = fakeRegistry({ 'docker.io/library/alpine:3': 3_500_000 });
  const service = new ImageSizeService({ registry });
  const { value } = await hoverText('FROM --platform=linux/arm64 alpine:3\n', 'alpine', service);
  await service.idle();
  assert.deepEqual(registry.asked, ['docker.io/library/alpine:3 linux/arm64']);
  assert.match(value, /· linux\/arm64\n/);
  assert.match(value, /3\.8 MB compressed \(linux\/amd64\) — catalog/);
});

test('elsewhere the hover is unchanged: FROM <stage> keeps the stage hover, the keyword keeps its docs', async () => {
  const service = new ImageSizeService({ registry: fakeRegistry({}) });
  const stage = await hoverText(GO_MULTI, 'build AS debug', service, { imageSizesOffline: true });
  assert.match(stage.value, /\*\*Stage `build`\*\*/);
  assert.ok(!stage.value.includes('Image size'));
  const keyword = await hoverText(GO_MULTI, 'FROM', service, { imageSizesOffline: true });
  assert.ok(!keyword.value.includes('Image size'));
  assert.match(keyword.value, /Set the `baseImage`/);
});

test('the local engine size is labelled uncompressed (a stand-in docker CLI; the image reference is an argument)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-docker-'));
  try {
    const docker = join(dir, 'docker');
    // Prints a size only for the exact argument list `image inspect --format … -- alpine:3`.
    writeFileSync(
      docker,
      '#!/bin/sh\n[ "$1 $2 $3 $5 $6 $#" = "image inspect --format -- alpine:3 6" ] && echo "9876543 linux/amd64" && exit 0\necho "Error: No such image: $6" >&2\nexit 1\n',
    );
    chmodSync(docker, 0o755);
    const service = new ImageSizeService({ registry: fakeRegistry({}) });
    await hoverText('FROM alpine:3\n', 'alpine', service, { imageSizesOffline: true, dockerPath: docker });
    await service.idle();
    const { value } = await hoverText('FROM alpine:3\n', 'alpine', service, { imageSizesOffline: true, dockerPath: docker });
    assert.match(value, /- 9\.9 MB \*\*uncompressed\*\* \(linux\/amd64\) — local image, docker image inspect, just now/);
    assertLabelled(value);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stage hover: the shipped size of the target, base through FROM <stage> chains plus what it copies in', async () => {
  const service = new ImageSizeService({ registry: fakeRegistry({}) });
  const text =
    'FROM golang:1.27-alpine AS base\nCOPY go.mod ./\nFROM base AS build\nCOPY . .\nFROM base AS test\nFROM alpine:3 AS final\nCOPY --from=build /out/server /server\nCOPY --from=nginx:1 /etc/x /x\n';
  const onTest = await hoverText(text, 'test', service, { imageSizesOffline: true }, 0);
  assert.match(onTest.value, /^\*\*Stage `test`\*\*/, 'the stage hover first');
  assert.match(
    onTest.value,
    /\*\*Shipped size\*\* if `test` is the target \(estimate, linux\/amd64\):\n\n- base `golang:1\.27-alpine` \(via `base`\): 71\.4 MB compressed — catalog, Aug–Sep 2026, docker-library\/repo-info\n- plus what it copies in from the build context: known after a build$/,
  );
  const onFinal = await hoverText(text, 'final', service, { imageSizesOffline: true });
  assert.match(onFinal.value, /- base `alpine:3`: 3\.8 MB compressed — catalog/);
  assert.match(onFinal.value, /copies in from stage `build`, image `nginx:1`: known after a build/);
  const scratch = await hoverText('FROM scratch AS out\nCOPY a /a\n', 'out', service, { imageSizesOffline: true });
  assert.match(scratch.value, /- base `scratch`: 0 B/);
});

test('stage hover: the image Stagecraft built for the target, as the client measured it after the build, labelled uncompressed', async () => {
  const service = new ImageSizeService({ registry: fakeRegistry({}) });
  const text = 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM scratch AS final\nCOPY --from=build /app /app\n';
  const context = {
    ...contextOf(text, { imageSizesOffline: true }),
    builds: new Map([['final', { uri: URI, target: 'final', ok: true, finishedAt: service.now() - 120_000, sizeBytes: 4_460_544 }]]),
  };
  const result = await withImageSizes(hover, () => service)(context, { textDocument: { uri: URI }, position: positionOf(context, 'final') });
  const value = (result!.contents as MarkupContent).value;
  assert.match(value, /- built image: 4\.5 MB \*\*uncompressed\*\* — measured after the build, 2 min ago/);
  assertLabelled(value);
  const failed = { ...context, builds: new Map([['final', { uri: URI, target: 'final', ok: false, finishedAt: service.now() }]]) };
  const none = await withImageSizes(hover, () => service)(failed, { textDocument: { uri: URI }, position: positionOf(context, 'final') });
  assert.ok(!/built image/.test((none!.contents as MarkupContent).value), 'a failed build has no size');
});

test('text from a registry shows as text: markdown in an error message is escaped', async () => {
  assert.equal(escapeMarkdown('[click](https://x) `code` *b*'), '\\[click\\]\\(https://x\\) \\`code\\` \\*b\\*');
  const service = new ImageSizeService({
    registry: fakeRegistry({
      'docker.io/library/alpine:3': new RegistryError('no-platform', 'x has no linux/amd64 image (offers [evil](https://example.com))'),
    }),
  });
  await hoverText('FROM alpine:3\n', 'alpine', service);
  await service.idle();
  const { value } = await hoverText('FROM alpine:3\n', 'alpine', service);
  assert.ok(value.includes('offers \\[evil\\]\\(https://example.com\\)\\)'), value);
});

test('untrusted workspace: no registry request and no docker run, whatever the settings say', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-docker-'));
  try {
    const ran = join(dir, 'ran');
    const docker = join(dir, 'docker');
    writeFileSync(docker, `#!/bin/sh\ntouch '${ran}'\necho "9876543 linux/amd64"\n`);
    chmodSync(docker, 0o755);
    const registry = fakeRegistry({ 'docker.io/library/node:24-alpine': 1 });
    const service = new ImageSizeService({ registry });
    const untrusted = { imageSizesOffline: false, dockerPath: docker, workspaceTrusted: false };
    await hoverText('FROM node:24-alpine AS run\n', 'node', service, untrusted);
    await service.idle();
    const { value } = await hoverText('FROM node:24-alpine AS run\n', 'node', service, untrusted);
    assert.deepEqual(registry.asked, [], 'the registry was asked');
    assert.ok(!existsSync(ran), 'docker was run');
    assert.match(value, /58\.2 MB compressed/, 'the catalog still answers');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
