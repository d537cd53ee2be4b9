/** server/src/registry/http.ts: what a failed connection says in the hover. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { get, networkWords } from '../../../server/src/registry/http';
import { RegistryError } from '../../../server/src/registry/errors';

test('socket errors read as words, with their code', () => {
  const url = new URL('https://registry-1.docker.io/v2/library/alpine/manifests/3');
  const error = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(networkWords(error('ENOTFOUND'), url), 'registry-1.docker.io could not be resolved, no network or DNS (ENOTFOUND)');
  assert.equal(networkWords(error('ECONNREFUSED'), url), 'registry-1.docker.io refused the connection (ECONNREFUSED)');
  assert.equal(networkWords(error('EPIPE'), url), 'EPIPE');
});

test('a host that does not resolve fails as a network error that says so', async () => {
  // `.invalid` never resolves (RFC 2606), with or without a network.
  const failure = await get(new URL('https://registry.stagecraft.invalid/v2/'), { timeoutMs: 10_000, maxBytes: 1024 }).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(failure instanceof RegistryError, String(failure));
  assert.equal(failure.kind, 'network');
  assert.match(
    failure.message,
    /^registry\.stagecraft\.invalid\/v2\/: registry\.stagecraft\.invalid could not be resolved, no network or DNS \((ENOTFOUND|EAI_AGAIN)\)$/,
  );
});
