/** RegistryError: why a lookup gave no size, with its kind, HTTP status and, for no-platform, what is offered. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RegistryError } from '../../../server/src/registry/errors';

test('a RegistryError is an Error named RegistryError with its kind, status and offered platforms', () => {
  const error = new RegistryError('rate-limited', 'docker.io: too many requests', 429);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'RegistryError');
  assert.equal(error.kind, 'rate-limited');
  assert.equal(error.status, 429);
  assert.equal(error.offered, undefined);
  assert.match(String(error), /^RegistryError: docker.io: too many requests$/);
  const offered = { index: [{ os: 'linux', architecture: 'amd64' }] };
  assert.equal(new RegistryError('no-platform', 'no linux/arm64', undefined, offered).offered, offered);
});
