import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseImageReference } from '../../../server/src/analysis/imageRef';
import { apiHost, checkReference, defaultScheme } from '../../../server/src/registry/client';
import { RegistryError } from '../../../server/src/registry/errors';

const parts = (text: string) => {
  const ref = parseImageReference(text);
  return [ref.registry, ref.path, ref.tag, ref.digest];
};

test('reference edge cases: ports without tags, tags with ports, IPv6, uppercase first part, both tag and digest', () => {
  assert.deepEqual(parts('127.0.0.1:5000/test/app'), ['127.0.0.1:5000', 'test/app', undefined, undefined]);
  assert.deepEqual(parts('127.0.0.1:5000/test/app:1.2'), ['127.0.0.1:5000', 'test/app', '1.2', undefined]);
  assert.deepEqual(parts('[::1]:5000/app:1'), ['[::1]:5000', 'app', '1', undefined]);
  assert.deepEqual(parts('localhost/app'), ['localhost', 'app', undefined, undefined]);
  assert.deepEqual(parts('Registry/app'), ['Registry', 'app', undefined, undefined]);
  assert.deepEqual(parts('golang:1.22-alpine@sha256:abc'), ['docker.io', 'library/golang', '1.22-alpine', 'sha256:abc']);
  assert.deepEqual(parts('registry-1.docker.io/library/node:24'), ['docker.io', 'library/node', '24', undefined]);
  assert.deepEqual(parts('ghcr.io/owner/repo/sub:v1'), ['ghcr.io', 'owner/repo/sub', 'v1', undefined]);
  assert.deepEqual(parts('mcr.microsoft.com/dotnet/sdk:10.0'), ['mcr.microsoft.com', 'dotnet/sdk', '10.0', undefined]);
});

test('only references Docker accepts reach a URL', () => {
  for (const good of ['golang:1.22-alpine', 'ghcr.io/a/b_c__d-e:v1', '127.0.0.1:5000/x/y@sha256:0123abcd', 'my.registry:443/a.b/c'])
    assert.doesNotThrow(() => checkReference(parseImageReference(good)), good);
  for (const bad of ['Golang:1', 'golang:bad tag', 'golang:-x', 'ex ample.com/a:1', 'a/../b:1', 'a/b?c=d:1', 'a/b#x:1', 'golang@nodigest']) {
    assert.throws(
      () => checkReference(parseImageReference(bad)),
      (error: unknown) => error instanceof RegistryError && error.kind === 'invalid-reference',
      bad,
    );
  }
});

test('API hosts and schemes: Docker Hub is registry-1.docker.io; loopback registries speak plain HTTP, others HTTPS', () => {
  assert.equal(apiHost('docker.io'), 'registry-1.docker.io');
  assert.equal(apiHost('ghcr.io'), 'ghcr.io');
  assert.equal(defaultScheme('127.0.0.1:5000'), 'http');
  assert.equal(defaultScheme('localhost:5000'), 'http');
  assert.equal(defaultScheme('[::1]:5000'), 'http');
  assert.equal(defaultScheme('localhost.example.com'), 'https');
  assert.equal(defaultScheme('127.0.0.1.nip.io'), 'https');
  assert.equal(defaultScheme('myregistry.azurecr.io'), 'https');
});
