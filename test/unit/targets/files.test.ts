import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { findTargetFiles, folderOf, kindOf, mayBeTargetsFile } from '../../../server/src/targets/files';
import { targetFixtures } from '../../helpers/targets';
import { TARGET_FILE_GLOBS } from '../../../server/src/protocol';

describe('files', () => {
  it('knows each kind by name and place', () => {
    const cases: [string, string | undefined][] = [
      ['compose.yaml', 'compose'],
      ['sub/docker-compose.override.yml', 'compose'],
      ['compose.json', undefined],
      ['my-compose.yml', undefined],
      ['.devcontainer/devcontainer.json', 'devcontainer'],
      ['.devcontainer/py/devcontainer.json', 'devcontainer'],
      ['.devcontainer.json', 'devcontainer'],
      ['devcontainer.json', undefined],
      ['.github/workflows/ci.yaml', 'github'],
      ['sub/.github/workflows/ci.yaml', undefined],
      ['azure-pipelines.yml', 'azure'],
      ['ci/azure-pipelines.release.yaml', 'azure'],
      ['.azure-pipelines/build.yml', 'azure'],
      ['Dockerfile', undefined],
      ['compose.YAML', 'compose'],
      ['.github/workflows/CI.YML', 'github'],
    ];
    for (const [path, kind] of cases) {
      assert.equal(kindOf(join('/ws', path), '/ws'), kind, path);
      // The cheap name test lets every targets file through (and keeps Dockerfiles out).
      if (kind) assert.ok(mayBeTargetsFile(`file:///ws/${path}`), path);
    }
    assert.equal(kindOf('/other/compose.yaml', '/ws'), undefined);
    for (const name of ['Dockerfile', 'build.Dockerfile', 'Dockerfile.dev', 'Containerfile']) assert.equal(mayBeTargetsFile(`file:///ws/${name}`), false, name);
  });

  it('walks a workspace, skipping dependency folders, and counts what it read', async () => {
    const app = join(targetFixtures, 'app');
    const seen = { entries: 0 };
    const files = await findTargetFiles(app, seen);
    assert.deepEqual(
      files.map((file) => relative(app, file)),
      [
        '.devcontainer/devcontainer.json',
        '.devcontainer/python/devcontainer.json',
        '.github/workflows/ci.yml',
        'azure-pipelines.yml',
        'broken/compose.yml',
        'compose.yaml',
        'ops/docker-compose.prod.yml',
      ],
    );
    assert.ok(seen.entries > 0 && seen.entries < 40, `${seen.entries}`);
    assert.deepEqual(await findTargetFiles(join(app, 'no-such-folder')), []);
  });

  it('finds the innermost workspace folder of a path', () => {
    assert.equal(folderOf('/ws/a/b', ['/ws', '/ws/a']), '/ws/a');
    assert.equal(folderOf('/wsx/a', ['/ws']), undefined);
  });
});

describe('TARGET_FILE_GLOBS', () => {
  it('name the files the index reads (a sample of each)', () => {
    const samples = [
      'compose.yaml',
      'a/docker-compose.dev.yml',
      '.devcontainer/devcontainer.json',
      '.devcontainer/py/devcontainer.json',
      '.devcontainer.json',
      '.github/workflows/ci.yml',
      'azure-pipelines.yml',
      '.azure-pipelines/build.yaml',
    ];
    // Each glob, as a regular expression: `**/` any folders, `*` within a name, `{a,b}` either.
    const toRegex = (glob: string) => {
      let source = '';
      for (let i = 0; i < glob.length; i++) {
        if (glob.startsWith('**/', i)) {
          source += '(.*/)?';
          i += 2;
        } else if (glob[i] === '*') source += '[^/]*';
        else if (glob[i] === '{') source += '(';
        else if (glob[i] === '}') source += ')';
        else if (glob[i] === ',') source += '|';
        else source += glob[i].replace(/[.+^$()|[\]\\?]/g, '\\$&');
      }
      return new RegExp(`^${source}$`);
    };
    for (const sample of samples) {
      assert.ok(
        TARGET_FILE_GLOBS.some((glob) => toRegex(glob).test(sample)),
        sample,
      );
      assert.ok(kindOf(join('/ws', sample), '/ws'), sample);
      assert.ok(mayBeTargetsFile(join('/ws', sample)), sample);
    }
  });
});
