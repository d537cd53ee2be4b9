/** contextForFile: the one Dockerfile `plan` and `graph` read, as the server would see it, or a usage error. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contextForFile } from '../../../server/src/cli/single';
import { UsageError, processIO } from '../../../server/src/cli/io';
import { defaultSettings } from '../../../server/src/settings';
import { folder } from '../../helpers/cli';

const root = folder({ Dockerfile: 'ARG BASE=alpine\nFROM ${BASE} AS app\n', 'sub/Dockerfile.dev': 'FROM scratch\n' });
const io = { ...processIO(), cwd: root };

test('a path relative to the folder: its document (a file: URI) and its model, parsed with the build args', () => {
  const context = contextForFile('Dockerfile', io, { ...defaultSettings, buildArgs: { BASE: 'debian:12' } });
  assert.equal(context.document.uri, pathToFileURL(join(root, 'Dockerfile')).href);
  assert.equal(context.document.getText(), 'ARG BASE=alpine\nFROM ${BASE} AS app\n');
  const base = context.model.stages[0].base;
  assert.equal(base.kind === 'image' && base.image.normalized, 'docker.io/library/debian:12');
  assert.equal(contextForFile('sub/Dockerfile.dev', io, defaultSettings).model.stages[0].base.kind, 'scratch');
});

test('no path, or a file that cannot be read, is a usage error naming it', () => {
  assert.throws(
    () => contextForFile(undefined, io, defaultSettings),
    (error: Error) => error instanceof UsageError && /a path is required/.test(error.message),
  );
  assert.throws(
    () => contextForFile('missing/Dockerfile', io, defaultSettings),
    (error: Error) => error instanceof UsageError && error.message === 'missing/Dockerfile: no such file',
  );
  assert.throws(
    () => contextForFile('sub', io, defaultSettings),
    (error: Error) => error instanceof UsageError && error.message === 'sub: not a file',
  );
});
