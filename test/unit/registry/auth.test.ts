import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicAuthorization, configKeyHost, dockerConfigPath, parseChallenge, readDockerCredentials } from '../../../server/src/registry/auth';

test('WWW-Authenticate challenges: Docker Hub, GHCR, quoted commas, basic', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/golang:pull"'), {
    scheme: 'bearer',
    params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/golang:pull' },
  });
  assert.deepEqual(
    parseChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull,push"')?.params.scope,
    'repository:a/b:pull,push',
  );
  assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), { scheme: 'basic', params: { realm: 'Registry Realm' } });
  assert.equal(parseChallenge(['Negotiate', 'Bearer realm="https://x/token"'])?.params.realm, 'https://x/token');
  assert.equal(parseChallenge(undefined), undefined);
  assert.equal(parseChallenge('Digest realm="x"'), undefined);
});

test('Docker config: auths keys become hosts; auth or username/password; helpers and broken entries give nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-docker-config-'));
  try {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        auths: {
          'myregistry.azurecr.io': { auth: Buffer.from('00000000-0000-0000-0000-000000000000:refresh:token:with:colons').toString('base64') },
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
          'localhost:5000': { username: 'u', password: 'p' },
          'helper.example.com': {},
          'broken.example.com': { auth: 'bm9jb2xvbg==' },
        },
        credsStore: 'desktop',
      }),
    );
    const credentials = readDockerCredentials(file);
    assert.deepEqual(credentials.get('myregistry.azurecr.io'), { username: '00000000-0000-0000-0000-000000000000', password: 'refresh:token:with:colons' });
    assert.deepEqual(credentials.get('index.docker.io'), { username: 'hubuser', password: 'hubpass' });
    assert.deepEqual(credentials.get('localhost:5000'), { username: 'u', password: 'p' });
    assert.equal(credentials.get('helper.example.com'), undefined);
    assert.equal(credentials.get('broken.example.com'), undefined);
    assert.equal(readDockerCredentials(join(dir, 'missing.json')).size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config keys, config path, basic header', () => {
  assert.equal(configKeyHost('https://MyRegistry.azurecr.io/v2/'), 'myregistry.azurecr.io');
  assert.equal(configKeyHost('127.0.0.1:5000'), '127.0.0.1:5000');
  assert.equal(dockerConfigPath({ DOCKER_CONFIG: '/cfg' }), '/cfg/config.json');
  assert.match(dockerConfigPath({}), /\.docker\/config\.json$/);
  assert.equal(basicAuthorization({ username: 'a', password: 'b:c' }), `Basic ${Buffer.from('a:b:c').toString('base64')}`);
});
