import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  formatPlatform,
  hostPlatform,
  isAttestation,
  offeredPlatforms,
  parsePlatform,
  selectManifest,
  type Descriptor,
} from '../../../server/src/registry/platform';

const d = (digest: string, os: string, architecture: string, variant?: string, annotations?: Record<string, string>): Descriptor => ({
  digest,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
  ...(annotations ? { annotations } : {}),
});
const attestation = (digest: string, subject: string) =>
  d(digest, 'unknown', 'unknown', undefined, { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': subject });

test('platform text: parsed, normalised like Docker, formatted back', () => {
  assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64', variant: undefined });
  assert.equal(formatPlatform(parsePlatform('linux/arm64/v8')!), 'linux/arm64');
  assert.equal(formatPlatform(parsePlatform('linux/aarch64')!), 'linux/arm64');
  assert.equal(formatPlatform(parsePlatform('linux/arm')!), 'linux/arm/v7');
  assert.equal(formatPlatform(parsePlatform('Linux/X86_64')!), 'linux/amd64');
  assert.equal(parsePlatform('$BUILDPLATFORM'), undefined);
  assert.equal(parsePlatform('linux'), undefined);
  assert.equal(formatPlatform(hostPlatform('x64')), 'linux/amd64');
  assert.equal(formatPlatform(hostPlatform('arm64')), 'linux/arm64');
});

test("an index with attestation manifests first: they are skipped, the platform's image chosen", () => {
  const manifests = [
    attestation('sha256:att1', 'sha256:amd'),
    attestation('sha256:att2', 'sha256:arm'),
    d('sha256:arm', 'linux', 'arm64', 'v8'),
    d('sha256:amd', 'linux', 'amd64'),
  ];
  assert.equal(selectManifest(manifests, { os: 'linux', architecture: 'amd64' })?.digest, 'sha256:amd');
  assert.equal(selectManifest(manifests, { os: 'linux', architecture: 'arm64' })?.digest, 'sha256:arm');
  assert.equal(selectManifest(manifests, { os: 'linux', architecture: 's390x' }), undefined);
  assert.deepEqual(offeredPlatforms(manifests), ['linux/arm64', 'linux/amd64']);
});

test('attestations are recognised by the annotation or by an unknown / missing platform', () => {
  assert.ok(isAttestation(attestation('a', 'b')));
  assert.ok(
    isAttestation({ digest: 'x', platform: { os: 'linux', architecture: 'amd64' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }),
  );
  assert.ok(isAttestation({ digest: 'x', platform: { os: 'unknown', architecture: 'unknown' } }));
  assert.ok(isAttestation({ digest: 'x' }));
  assert.ok(!isAttestation(d('x', 'linux', 'amd64')));
  // Even when an attestation claims the platform asked for, it is never chosen.
  const tricky = [
    { digest: 'sha256:att', platform: { os: 'linux', architecture: 'amd64' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    d('sha256:img', 'linux', 'amd64'),
  ];
  assert.equal(selectManifest(tricky, { os: 'linux', architecture: 'amd64' })?.digest, 'sha256:img');
});

test('variants: exact first, arm64 v8 equals no variant, arm defaults to v7, amd64 without variant prefers the plain entry', () => {
  const arms = [d('sha256:v6', 'linux', 'arm', 'v6'), d('sha256:v7', 'linux', 'arm', 'v7')];
  assert.equal(selectManifest(arms, { os: 'linux', architecture: 'arm' })?.digest, 'sha256:v7');
  assert.equal(selectManifest(arms, { os: 'linux', architecture: 'arm', variant: 'v6' })?.digest, 'sha256:v6');
  assert.equal(selectManifest([d('sha256:a', 'linux', 'arm64')], { os: 'linux', architecture: 'arm64', variant: 'v8' })?.digest, 'sha256:a');
  const amd = [d('sha256:v3', 'linux', 'amd64', 'v3'), d('sha256:plain', 'linux', 'amd64')];
  assert.equal(selectManifest(amd, { os: 'linux', architecture: 'amd64' })?.digest, 'sha256:plain');
  assert.equal(selectManifest(amd, { os: 'linux', architecture: 'amd64', variant: 'v3' })?.digest, 'sha256:v3');
  assert.equal(selectManifest([d('sha256:w', 'windows', 'amd64')], { os: 'linux', architecture: 'amd64' }), undefined);
});
