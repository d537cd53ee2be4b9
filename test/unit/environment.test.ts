/** readEnvironment: the .dockerignore BuildKit would read for a Dockerfile on disk. */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readEnvironment } from '../../server/src/environment';

const root = mkdtempSync(join(tmpdir(), 'stagecraft-env-'));
after(() => rmSync(root, { recursive: true, force: true }));
const uri = (path: string) => pathToFileURL(join(root, path)).href;

test('no .dockerignore: the one a quick fix would create, without text', async () => {
  mkdirSync(join(root, 'none'));
  assert.deepEqual(await readEnvironment(uri('none/Dockerfile')), {
    dockerignore: { contextUri: uri('none'), uri: uri('none/.dockerignore'), text: undefined },
  });
});

test("the context's .dockerignore; a Dockerfile's own <name>.dockerignore comes first", async () => {
  mkdirSync(join(root, 'both'));
  writeFileSync(join(root, 'both/.dockerignore'), 'node_modules\n');
  writeFileSync(join(root, 'both/app.Dockerfile.dockerignore'), '.git\n');
  assert.equal((await readEnvironment(uri('both/Dockerfile'))).dockerignore?.text, 'node_modules\n');
  assert.deepEqual((await readEnvironment(uri('both/app.Dockerfile'))).dockerignore, {
    contextUri: uri('both'),
    uri: uri('both/app.Dockerfile.dockerignore'),
    text: '.git\n',
  });
});

test('a folder named .dockerignore is no file; documents not on disk have no environment', async () => {
  mkdirSync(join(root, 'odd/.dockerignore'), { recursive: true });
  assert.equal((await readEnvironment(uri('odd/Dockerfile'))).dockerignore?.text, undefined);
  assert.deepEqual(await readEnvironment('untitled:Untitled-1'), {});
  assert.deepEqual(await readEnvironment('file://remote-host/share/Dockerfile'), {}, 'a file: URI with a host is no local path');
});

test('another context folder: its .dockerignore, after the Dockerfile’s own <name>.dockerignore', async () => {
  mkdirSync(join(root, 'ws/app'), { recursive: true });
  writeFileSync(join(root, 'ws/.dockerignore'), 'secrets/\n');
  assert.deepEqual((await readEnvironment(uri('ws/app/Dockerfile'), join(root, 'ws'))).dockerignore, {
    contextUri: uri('ws'),
    uri: uri('ws/.dockerignore'),
    text: 'secrets/\n',
  });
  writeFileSync(join(root, 'ws/app/Dockerfile.dockerignore'), '.git\n');
  assert.equal((await readEnvironment(uri('ws/app/Dockerfile'), join(root, 'ws'))).dockerignore?.uri, uri('ws/app/Dockerfile.dockerignore'));
});
