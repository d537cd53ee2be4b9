/**
 * The context walks wired to the connection: which clients can watch a folder for us, the watcher
 * registered for each context folder walked, watched-file URIs turned into paths, and
 * stagecraft/contextSize refusing what is no file (a fake connection records what is sent).
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { canWatchFolders, ContextWalks } from '../../../server/src/wiring/contextWalks';
import { LensRefresh } from '../../../server/src/wiring/lensRefresh';
import { SettingsStore } from '../../../server/src/settings';
import { makeContextFixture } from '../../helpers/contextFixture';

const fixture = makeContextFixture();
after(() => fixture.remove());

function harness() {
  const registered: unknown[] = [];
  let refreshes = 0;
  const connection = { client: { register: async (_type: unknown, options: unknown) => registered.push(options) } } as unknown as Connection;
  const lenses = new LensRefresh(() => refreshes++);
  lenses.enable(true);
  const walks = new ContextWalks(connection, lenses);
  return { walks, registered, refreshes: () => refreshes };
}

test('a client watches folders for us only with dynamic registration and relative patterns', () => {
  assert.equal(canWatchFolders({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } }), true);
  assert.equal(canWatchFolders({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }), false);
  assert.equal(canWatchFolders({}), false);
});

test('each walked context folder is watched once; a watched change drops the walk and asks for lenses again', async () => {
  const { walks, registered, refreshes } = harness();
  walks.enable({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
  assert.equal(walks.sizes.maxAgeMs, Infinity);
  const settings = new SettingsStore({} as Connection);
  const uri = pathToFileURL(join(fixture.context, 'Dockerfile')).href;
  const first = await walks.contextSize(uri, undefined, settings);
  assert.equal(first?.files, 37);
  assert.equal(refreshes(), 1, 'a finished walk asks for lenses again');
  await walks.contextSize(uri, pathToFileURL(fixture.context).href, settings);
  assert.deepEqual(registered, [{ watchers: [{ globPattern: { baseUri: pathToFileURL(fixture.context).href, pattern: '**/*' } }] }]);
  walks.changed(['untitled:x', 'file:///elsewhere/a', pathToFileURL(join(fixture.context, 'assets', 'new.png')).href]);
  assert.equal(refreshes(), 2);
  assert.equal(walks.sizes.peek({ dockerfile: join(fixture.context, 'Dockerfile'), contextDir: fixture.context }), undefined);
  walks.dispose();
});

test('without folder watching a walk is kept 30 s; what is no file gets null', async () => {
  const { walks, registered } = harness();
  walks.enable({});
  assert.equal(walks.sizes.maxAgeMs, 30_000);
  const settings = new SettingsStore({} as Connection);
  assert.equal(await walks.contextSize('untitled:Untitled-1', undefined, settings), null);
  assert.equal(await walks.contextSize(pathToFileURL(join(fixture.context, 'Dockerfile')).href, 'https://example.com/ctx.tar', settings), null);
  assert.equal(await walks.contextSize(42 as unknown as string, undefined, settings), null);
  const missing = await walks.contextSize(pathToFileURL(join(fixture.base, 'nope', 'Dockerfile')).href, undefined, settings);
  assert.match(missing?.summary ?? '', /cannot be read: the folder does not exist/);
  assert.deepEqual(registered, []);
  walks.dispose();
});
