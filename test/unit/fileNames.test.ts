/** Which file names are Dockerfiles: the same names package.json gives the dockerfile language. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDockerfileName } from '../../server/src/fileNames';

const root = join(__dirname, '..', '..');

test('the Dockerfile names are those package.json gives the dockerfile language', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');
  assert.deepEqual(language.filenames, ['Dockerfile', 'Containerfile']);
  assert.deepEqual(language.filenamePatterns, ['Dockerfile.*', 'Containerfile.*', '*.dockerfile', '*.Dockerfile']);
  assert.deepEqual(language.extensions, ['.dockerfile', '.containerfile']);
  for (const name of ['Dockerfile', 'Containerfile', 'Dockerfile.dev', 'Containerfile.base', 'app.dockerfile', 'app.Dockerfile', 'app.containerfile'])
    assert.ok(isDockerfileName(name), name);
  for (const name of ['dockerfile', 'Dockerfile_windows', 'MyDockerfile', 'Dockerfile.dockerignore', '.dockerignore', 'docker-compose.yml', '.dockerfile'])
    assert.ok(!isDockerfileName(name), name);
});
