import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import catalogData from '../../../server/src/analysis/imageCatalog.json';
import { globMatch, imageCatalog, loadCatalog } from '../../../server/src/analysis/imageCatalog';
import { parseImageReference } from '../../../server/src/analysis/imageRef';

const match = (text: string, platform?: string) => imageCatalog().match(text === 'scratch' ? 'scratch' : parseImageReference(text), platform);

test('glob patterns: * matches any run, the rest literally', () => {
  assert.ok(globMatch('*', ''));
  assert.ok(globMatch('1.*-alpine*', '1.22-alpine3.20'));
  assert.ok(globMatch('*alpine*', 'alpine'));
  assert.ok(!globMatch('1.*-alpine*', '1.22-bookworm'));
  assert.ok(!globMatch('a*a', 'a'));
  assert.ok(globMatch('gcr.io/distroless/static*', 'gcr.io/distroless/static-debian12'));
  assert.ok(!globMatch('x.y', 'xzy'), 'a dot is literal');
});

test('the catalog file loads: every entry has a kind, a linux/amd64 size and a known source', () => {
  const entries = loadCatalog(catalogData);
  assert.ok(entries.length >= 30);
  for (const entry of entries)
    assert.ok(
      entry.figures.some((f) => f.platform === 'linux/amd64'),
      entry.repository,
    );
  assert.throws(
    () => loadCatalog({ sources: {}, images: [{ repository: 'x', tags: ['*'], title: 't', kind: 'weird', measured: 'x', sizes: {} }] }),
    /unknown kind/,
  );
  assert.throws(
    () =>
      loadCatalog({
        sources: {},
        images: [{ repository: 'x', tags: ['*'], title: 't', kind: 'sdk', measured: 'x', sizes: { 'linux/amd64': { mb: 1, source: 'nowhere', date: null } } }],
      }),
    /unknown source/,
  );
});

test('every alternative named in the catalog is itself in the catalog', () => {
  for (const entry of imageCatalog().entries) {
    for (const alternative of imageCatalog().alternatives(entry)) assert.ok(alternative.match, `${entry.repository}: ${alternative.reference}`);
  }
});

test('lookups by repository and tag pattern: the specific pattern wins over the catch-all', () => {
  assert.equal(match('golang:1.22-alpine')?.entry.title, 'Go toolchain (Alpine)');
  assert.equal(match('golang:1.22-alpine')?.figure?.bytes, 71_400_000);
  assert.equal(match('golang:1.27')?.figure?.bytes, 316_200_000);
  assert.equal(match('golang')?.entry.kind, 'sdk'); // latest
  assert.equal(match('docker.io/library/golang:1.27-bookworm')?.entry.title, 'Go toolchain (Debian)');
  assert.equal(match('node:24-alpine')?.entry.kind, 'runtime');
  assert.equal(match('node:24')?.entry.kind, 'sdk');
  assert.equal(match('python:3.13-slim')?.figure?.bytes, 43_000_000);
  assert.equal(match('eclipse-temurin:21-jre-alpine')?.entry.kind, 'runtime');
  assert.equal(match('eclipse-temurin:21-jdk')?.entry.kind, 'sdk');
  assert.equal(match('mcr.microsoft.com/dotnet/sdk:10.0')?.figure?.estimate, true);
  assert.equal(match('mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled')?.figure?.bytes, 52_800_000);
  assert.equal(match('mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine')?.entry.kind, 'minimal');
  assert.equal(match('gcr.io/distroless/static-debian12:nonroot')?.entry.kind, 'minimal');
  assert.equal(match('gcr.io/distroless/static-debian12:nonroot')?.figure?.estimate, true);
  assert.equal(match('scratch')?.entry.kind, 'scratch');
  assert.equal(match('scratch')?.figure?.bytes, 0);
});

test('not in the catalog: other repositories, other registries, a Hub user repo with an official name', () => {
  assert.equal(match('myregistry.azurecr.io/team/api:1'), undefined);
  assert.equal(match('bitnami/golang:1.22'), undefined);
  assert.equal(match('ghcr.io/library/golang:1.22'), undefined);
});

test('a digest-only reference matches only a catch-all tag pattern', () => {
  assert.equal(match('golang@sha256:0123')?.entry.title, 'Go toolchain (Debian)');
  assert.equal(match('node@sha256:0123')?.entry.kind, 'sdk');
});

test('a platform the catalog lacks falls back to the linux/amd64 figure, which says so', () => {
  const figure = match('alpine:3', 'linux/arm64')?.figure;
  assert.equal(figure?.platform, 'linux/amd64');
  assert.equal(figure?.bytes, 3_800_000);
});

test('SDK images name runtime alternatives; the Go ones include distroless static and scratch', () => {
  const go = match('golang:1.27')!;
  assert.deepEqual(go.entry.alternatives.slice(0, 2), ['gcr.io/distroless/static-debian12', 'scratch']);
  for (const entry of imageCatalog().entries.filter((e) => e.kind === 'sdk')) assert.ok(entry.alternatives.length > 0, entry.repository);
});
