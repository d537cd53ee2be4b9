import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { familiarImageName, parseImageReference } from '../../../server/src/analysis/imageRef';

test('Docker Hub defaults: docker.io/library/ and latest', () => {
  const ref = parseImageReference('alpine');
  assert.deepEqual([ref.registry, ref.path, ref.tag, ref.normalized], ['docker.io', 'library/alpine', undefined, 'docker.io/library/alpine:latest']);
  assert.equal(parseImageReference('bitnami/redis:7').normalized, 'docker.io/bitnami/redis:7');
  assert.equal(parseImageReference('index.docker.io/library/node:24').normalized, 'docker.io/library/node:24');
});

test('registries, ports, tags and digests', () => {
  const acr = parseImageReference('myregistry.azurecr.io/team/api:1.2.3');
  assert.deepEqual([acr.registry, acr.path, acr.tag], ['myregistry.azurecr.io', 'team/api', '1.2.3']);
  const local = parseImageReference('localhost:5000/img');
  assert.deepEqual([local.registry, local.path, local.normalized], ['localhost:5000', 'img', 'localhost:5000/img:latest']);
  const pinned = parseImageReference('mcr.microsoft.com/dotnet/aspnet:10.0@sha256:abc');
  assert.deepEqual([pinned.tag, pinned.digest, pinned.normalized], ['10.0', 'sha256:abc', 'mcr.microsoft.com/dotnet/aspnet:10.0@sha256:abc']);
  assert.equal(parseImageReference('golang@sha256:def').normalized, 'docker.io/library/golang@sha256:def');
});

test('familiar names: Docker Hub prefixes left out, as docker prints them', () => {
  assert.deepEqual(['docker.io/library/busybox:1.36', 'docker.io/bitnami/redis:7', 'ghcr.io/o/app:1', 'local/busybox:1'].map(familiarImageName), [
    'busybox:1.36',
    'bitnami/redis:7',
    'ghcr.io/o/app:1',
    'local/busybox:1',
  ]);
});
