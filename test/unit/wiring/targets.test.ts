import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTargetIndex, folderPaths, knownBuilds, targetsFilePath, uriPath } from '../../../server/src/wiring/targets';
import { targetFixtures } from '../../helpers/targets';

const app = join(targetFixtures, 'app');

describe('wiring/targets', () => {
  it('indexes file: folders only', () => {
    assert.equal(uriPath('file:///ws/a%20b/compose.yaml'), '/ws/a b/compose.yaml');
    assert.equal(uriPath('untitled:Untitled-1'), undefined);
    assert.equal(uriPath('file://host/%'), undefined);
    assert.deepEqual(folderPaths(['file:///ws', 'vscode-vfs://github/o/r']), ['/ws']);
  });

  it('gives a targets file’s path, and nothing for a Dockerfile, a file outside the folders or another scheme', () => {
    const index = createTargetIndex(
      () => [],
      () => undefined,
    );
    index.setFolders([app]);
    const compose = join(app, 'compose.yaml');
    assert.equal(targetsFilePath(index, pathToFileURL(compose).href), compose);
    const workflow = join(app, '.github', 'workflows', 'CI.YML');
    assert.equal(targetsFilePath(index, pathToFileURL(workflow).href), workflow);
    assert.equal(targetsFilePath(index, pathToFileURL(join(app, 'Dockerfile')).href), undefined);
    assert.equal(targetsFilePath(index, pathToFileURL(join(app, 'notes.yaml')).href), undefined);
    assert.equal(targetsFilePath(index, pathToFileURL('/elsewhere/compose.yaml').href), undefined);
    assert.equal(targetsFilePath(index, 'untitled:compose.yaml'), undefined);
  });

  it('gives a Dockerfile’s builds as the rules get them, and reads an open file’s unsaved text', async () => {
    const composeUri = pathToFileURL(join(app, 'compose.yaml')).href;
    const open = TextDocument.create(composeUri, 'dockercompose', 7, 'services:\n  only:\n    build:\n      target: test\n');
    let changes = 0;
    const index = createTargetIndex(
      () => [open],
      () => changes++,
    );
    index.setFolders([app]);
    const dockerfile = pathToFileURL(join(app, 'Dockerfile')).href;
    assert.equal(knownBuilds(index, dockerfile), undefined, 'not known before the first refresh');
    await index.all();
    assert.equal(changes, 1);
    const builds = knownBuilds(index, dockerfile)!;
    const at = (file: string, line: number, character: number, length: number) => ({
      uri: pathToFileURL(join(app, file)).href,
      range: { start: { line, character }, end: { line, character: character + length } },
    });
    assert.deepEqual(
      builds.filter((build) => build.label.startsWith('Compose')),
      [
        { target: 'test', label: 'Compose service `only`', at: at('compose.yaml', 3, 14, 4) },
        { target: 'prod', label: 'Compose service `ops`', at: at('ops/docker-compose.prod.yml', 4, 14, 4) },
      ],
    );
    assert.deepEqual(
      builds.find((build) => build.label === 'Dev Container'),
      { target: 'dev', label: 'Dev Container', at: at('.devcontainer/devcontainer.json', 7, 15, 3) },
    );
    assert.deepEqual(
      builds.find((build) => !build.target),
      { label: 'CI: build-push-action in `ci.yml`, job `default`' },
      'a build of the default target: nothing to rename there',
    );
    assert.equal(knownBuilds(index, 'untitled:Untitled-1'), undefined);
  });
});
