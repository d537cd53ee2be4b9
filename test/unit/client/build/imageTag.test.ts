import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { dockerfilePath, imageTag, type TagInput } from '../../../../client/src/build/imageTag';
import { defaultBuildSettings } from '../../../../client/src/config';
import { isImageTag } from '../../../../client/src/dockerArgs';

const template = defaultBuildSettings.tagTemplate;
const tagOf = (input: Partial<TagInput> & Pick<TagInput, 'dockerfile'>) => {
  const result = imageTag({ template, workspaceFolder: '/work/examples', folderEntries: ['Dockerfile'], stage: 'final', ...input });
  assert.ok('tag' in result, JSON.stringify(result));
  assert.ok(isImageTag(result.tag), result.tag);
  return result.tag;
};

test('the default tag is one per Dockerfile: its folder in the workspace, and the target', () => {
  assert.equal(tagOf({ dockerfile: '/work/examples/go-app/Dockerfile' }), 'examples/go-app:final');
  assert.equal(tagOf({ dockerfile: '/work/examples/busybox-app/Dockerfile' }), 'examples/busybox-app:final');
  assert.equal(tagOf({ dockerfile: '/work/examples/busybox-app/Dockerfile', stage: 'test' }), 'examples/busybox-app:test');
  assert.equal(tagOf({ dockerfile: '/work/examples/services/api/Dockerfile' }), 'examples/services/api:final');
  // The only Dockerfile at the top of the folder keeps the name it always had.
  assert.equal(tagOf({ dockerfile: '/work/examples/Dockerfile' }), 'examples:final');
});

test('a folder holding several Dockerfiles: the file name tells them apart', () => {
  const folderEntries = ['Dockerfile', 'Dockerfile.dev', 'app.Dockerfile', 'Containerfile', '.dockerignore', 'Dockerfile.dockerignore', 'main.go'];
  const tags = ['Dockerfile', 'Dockerfile.dev', 'app.Dockerfile', 'Containerfile'].map((name) =>
    tagOf({ dockerfile: `/work/examples/api/${name}`, folderEntries }),
  );
  assert.deepEqual(tags, [
    'examples/api/dockerfile:final',
    'examples/api/dockerfile.dev:final',
    'examples/api/app.dockerfile:final',
    'examples/api/containerfile:final',
  ]);
  assert.equal(tagOf({ dockerfile: '/work/examples/Dockerfile.dev', folderEntries }), 'examples/dockerfile.dev:final');
  // Other files (a .dockerignore, sources) do not count as Dockerfiles.
  assert.equal(
    tagOf({ dockerfile: '/work/examples/api/Dockerfile', folderEntries: ['Dockerfile', '.dockerignore', 'x.dockerignore', 'go.mod'] }),
    'examples/api:final',
  );
  // A file with another name, opened as a Dockerfile, next to a Dockerfile: its own name too.
  assert.equal(tagOf({ dockerfile: '/work/examples/api/build.txt', folderEntries: ['build.txt', 'Dockerfile'] }), 'examples/api/build.txt:final');
});

test('odd folder names still give a valid reference: spaces, upper case, unicode, leading dots, shell text', () => {
  assert.equal(tagOf({ workspaceFolder: '/w/My Project', dockerfile: '/w/My Project/Web App/Dockerfile' }), 'my-project/web-app:final');
  assert.equal(tagOf({ workspaceFolder: '/w/Café', dockerfile: '/w/Café/Über Service/Dockerfile' }), 'cafe/uber-service:final');
  assert.equal(tagOf({ dockerfile: '/work/examples/.devcontainer/Dockerfile' }), 'examples/devcontainer:final');
  assert.equal(tagOf({ dockerfile: '/work/examples/..hidden../--x--/Dockerfile' }), 'examples/hidden/x:final');
  assert.equal(tagOf({ dockerfile: '/work/examples/a;b $(id) `x`/Dockerfile' }), 'examples/a-b-id-x:final');
  // Nothing an image name can keep: a short stable name, still one per folder.
  const japanese = tagOf({ dockerfile: '/work/examples/日本/Dockerfile' });
  const chinese = tagOf({ dockerfile: '/work/examples/中文/Dockerfile' });
  assert.match(japanese, /^examples\/x[0-9a-f]{8}:final$/);
  assert.notEqual(japanese, chinese);
  assert.equal(japanese, tagOf({ dockerfile: '/work/examples/日本/Dockerfile' }));
  assert.match(tagOf({ workspaceFolder: '/w/日本', dockerfile: '/w/日本/Dockerfile' }), /^x[0-9a-f]{8}:final$/);
});

test('a dot in the first part is no registry host unless the template writes one', () => {
  assert.equal(tagOf({ workspaceFolder: '/w/stagecraft.dev', dockerfile: '/w/stagecraft.dev/app/Dockerfile' }), 'stagecraft-dev/app:final');
  // Alone, a dotted name is a plain repository name: kept.
  assert.equal(tagOf({ workspaceFolder: '/w/stagecraft.dev', dockerfile: '/w/stagecraft.dev/Dockerfile' }), 'stagecraft.dev:final');
  assert.equal(
    tagOf({ template: 'registry.example.com:5000/${dockerfilePath}:${stage}', dockerfile: '/work/examples/go-app/Dockerfile' }),
    'registry.example.com:5000/go-app:final',
  );
  assert.equal(tagOf({ template: '${dockerfilePath}:${stage}', dockerfile: '/work/examples/my.app/sub/Dockerfile' }), 'my-app/sub:final');
});

test('other templates: the old default, the folder name, no workspace folder', () => {
  assert.equal(tagOf({ template: '${workspaceFolderBasename}:${stage}', dockerfile: '/work/examples/go-app/Dockerfile' }), 'examples:final');
  assert.equal(
    tagOf({ template: '${dockerfileFolderBasename}:${stage}-${gitSha}', dockerfile: '/work/examples/go-app/Dockerfile', gitSha: 'abc1234' }),
    'go-app:final-abc1234',
  );
  assert.equal(tagOf({ workspaceFolder: undefined, dockerfile: '/tmp/one-off/Dockerfile' }), 'one-off:final');
  assert.equal(
    tagOf({ workspaceFolder: undefined, dockerfile: '/tmp/one-off/Dockerfile.ci', folderEntries: ['Dockerfile', 'Dockerfile.ci'] }),
    'one-off/dockerfile.ci:final',
  );
  assert.match((imageTag({ template: '${nope}', dockerfile: '/w/Dockerfile', folderEntries: [], stage: 's' }) as { error: string }).error, /unknown variable/);
});

test('dockerfilePath: the folder under the workspace folder, the file name only when it has company', () => {
  assert.equal(dockerfilePath('/w', '/w/Dockerfile', ['Dockerfile']), '');
  assert.equal(dockerfilePath('/w', '/w/a/b/Dockerfile', ['Dockerfile']), 'a/b');
  assert.equal(dockerfilePath('/w', '/w/a/Dockerfile', ['Dockerfile', 'Dockerfile.prod']), 'a/dockerfile');
  // A Dockerfile outside the folder (a linked file): only its file name can tell it apart.
  assert.equal(dockerfilePath('/w', '/elsewhere/Dockerfile', ['Dockerfile']), '');
  assert.equal(dockerfilePath(undefined, '/elsewhere/Dockerfile', []), '');
});
