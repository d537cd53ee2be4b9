/** Where a Dockerfile's build context is, and which context folder a COPY/ADD source names. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { contextRequest, sourceFolder } from '../../../server/src/context/location';

test("the Dockerfile's folder by default, the workspace folder when set; none for other schemes or the disk's root", () => {
  assert.deepEqual(contextRequest('file:///w/app/Dockerfile', 'dockerfileFolder', 'file:///w'), { dockerfile: '/w/app/Dockerfile', contextDir: '/w/app' });
  assert.deepEqual(contextRequest('file:///w/app/Dockerfile', 'workspaceFolder', 'file:///w'), { dockerfile: '/w/app/Dockerfile', contextDir: '/w' });
  assert.deepEqual(contextRequest('file:///w/app/Dockerfile', 'workspaceFolder', ''), { dockerfile: '/w/app/Dockerfile', contextDir: '/w/app' });
  assert.equal(contextRequest('untitled:Untitled-1', 'dockerfileFolder', ''), undefined);
  assert.equal(contextRequest('file:///Dockerfile', 'dockerfileFolder', ''), undefined);
});

test('sources: the context root, a folder (cleaned), or nothing to measure', () => {
  for (const root of ['.', './', '*', './*', '"."', '/']) assert.equal(sourceFolder(root), '', root);
  assert.equal(sourceFolder('./src/'), 'src');
  assert.equal(sourceFolder('a/./b/../c'), 'a/c');
  for (const other of ['$APP', 'src/*.go', '<<EOF', 'https://x/y.tar', 'git@github.com:a/b.git', '../up', ''])
    assert.equal(sourceFolder(other), undefined, other);
});
