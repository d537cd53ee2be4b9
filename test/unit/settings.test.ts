import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { SettingsStore, defaultSettings, folderOf, normalizeSettings } from '../../server/src/settings';

test('normalizeSettings keeps string build args and stringifies scalars', () => {
  assert.deepEqual(normalizeSettings({ buildArgs: { GO_VERSION: '1.22', DEBUG: true, N: 3 } }), {
    ...defaultSettings,
    buildArgs: { GO_VERSION: '1.22', DEBUG: 'true', N: '3' },
  });
  assert.equal(normalizeSettings({ codeLens: { enable: false } }).codeLensEnable, false);
  assert.equal(normalizeSettings({ codeLens: { enable: 'no' } }).codeLensEnable, true);
});

test('normalizeSettings drops values of the wrong shape instead of throwing', () => {
  assert.deepEqual(normalizeSettings({ buildArgs: { A: { nested: 1 }, B: null, C: ['x'] } }), defaultSettings);
  assert.deepEqual(normalizeSettings({ buildArgs: ['A=1'] }), defaultSettings);
  for (const raw of [undefined, null, 42, 'text', []]) assert.deepEqual(normalizeSettings(raw), defaultSettings);
});

test('diagnostics severities: valid values kept, wrong ones fall back with a warning naming the setting', () => {
  const warnings: string[] = [];
  const settings = normalizeSettings({ diagnostics: { 'unknown-stage': 'error', 'no-such-rule': 'error' } }, (w) => warnings.push(w));
  assert.deepEqual(settings.diagnostics, { 'unknown-stage': 'error' });
  assert.deepEqual(warnings, []);
  const later: string[] = [];
  const bad = normalizeSettings({ diagnostics: { 'unknown-stage': 'loud' } }, (w) => later.push(w));
  assert.deepEqual(bad.diagnostics, {});
  assert.equal(later.length, 1);
  assert.match(later[0], /stagecraft\.diagnostics\.unknown-stage/);
});

test('a setting of the wrong type falls back to its default with a warning that names it', () => {
  const warnings: string[] = [];
  const settings = normalizeSettings({ buildArgs: ['A=1'], codeLens: { enable: 'no' } }, (w) => warnings.push(w));
  assert.deepEqual([settings.buildArgs, settings.codeLensEnable], [{}, true]);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^stagecraft\.buildArgs:/);
  assert.match(warnings[1], /^stagecraft\.codeLens\.enable:/);
});

test('stagecraft.layerSizes.enabled: on by default, false turns it off, a wrong type warns and keeps it on', () => {
  assert.equal(defaultSettings.layerSizesEnabled, true);
  assert.equal(normalizeSettings({ layerSizes: { enabled: false } }).layerSizesEnabled, false);
  const warnings: string[] = [];
  assert.equal(normalizeSettings({ layerSizes: { enabled: 'off' } }, (w) => warnings.push(w)).layerSizesEnabled, true);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^stagecraft\.layerSizes\.enabled:/);
});

test('imageSizes.offline and docker.path: booleans and non-empty strings kept, anything else falls back', () => {
  assert.equal(defaultSettings.imageSizesOffline, false);
  assert.equal(defaultSettings.dockerPath, 'docker');
  const set = normalizeSettings({ imageSizes: { offline: true }, docker: { path: ' /usr/bin/docker ' } });
  assert.deepEqual([set.imageSizesOffline, set.dockerPath], [true, '/usr/bin/docker']);
  const warnings: string[] = [];
  const wrong = normalizeSettings({ imageSizes: { offline: 'yes' }, docker: { path: '   ' } }, (w) => warnings.push(w));
  assert.deepEqual([wrong.imageSizesOffline, wrong.dockerPath], [false, 'docker']);
  assert.deepEqual(warnings, ['stagecraft.imageSizes.offline: "yes" is not true or false; using false.']);
  normalizeSettings({ docker: { path: 42 } }, (w) => warnings.push(w));
  assert.match(warnings[1], /^stagecraft\.docker\.path: 42 is not a string/);
});

test("folderOf: the longest workspace folder a document sits in, '' outside every folder", () => {
  const folders = ['file:///w/app', 'file:///w/app/sub', 'file:///w/other/'];
  assert.equal(folderOf('file:///w/app/Dockerfile', folders), 'file:///w/app');
  assert.equal(folderOf('file:///w/app/sub/Dockerfile', folders), 'file:///w/app/sub');
  assert.equal(folderOf('file:///w/other/x/Dockerfile', folders), 'file:///w/other/');
  assert.equal(folderOf('file:///w/application/Dockerfile', folders), '', 'a prefix of the name is not the folder');
  assert.equal(folderOf('untitled:Untitled-1', folders), '');
});

test('settings are asked once per workspace folder, and again after a change or new folders', async () => {
  const asked: string[] = [];
  const connection = {
    workspace: {
      getConfiguration: async (item: { scopeUri: string }) => {
        asked.push(item.scopeUri);
        return item.scopeUri.startsWith('file:///b') ? { codeLens: { enable: false } } : {};
      },
    },
    sendNotification: async () => undefined,
  } as unknown as Connection;
  const store = new SettingsStore(connection, true);
  store.setFolders(['file:///a', 'file:///b']);
  assert.equal((await store.get('file:///a/Dockerfile')).codeLensEnable, true);
  assert.equal((await store.get('file:///a/x/Dockerfile.prod')).codeLensEnable, true);
  assert.equal((await store.get('file:///b/Dockerfile')).codeLensEnable, false, 'folder b has its own settings');
  assert.equal((await store.get('file:///elsewhere/Dockerfile')).codeLensEnable, true);
  await store.get('file:///elsewhere/two/Dockerfile');
  assert.deepEqual(asked, ['file:///a', 'file:///b', 'file:///elsewhere/Dockerfile']);
  store.clear();
  await store.get('file:///a/Dockerfile');
  store.setFolders(['file:///a']);
  await store.get('file:///a/Dockerfile');
  assert.deepEqual(asked.slice(3), ['file:///a', 'file:///a']);
});

test("build.platform: the target platform of builds (invalid-base-image-platform); empty or not a string is the engine's", () => {
  assert.equal(defaultSettings.buildPlatform, '');
  assert.equal(normalizeSettings({ build: { platform: ' linux/arm64 ' } }).buildPlatform, 'linux/arm64');
  const warnings: string[] = [];
  assert.equal(normalizeSettings({ build: { platform: 7 } }, (w) => warnings.push(w)).buildPlatform, '');
  assert.match(warnings[0], /^stagecraft\.build\.platform: 7 is not a string/);
});

test('build.builder: auto by default, buildkit or classic as set; anything else is auto with a warning', () => {
  assert.equal(defaultSettings.buildBuilder, 'auto');
  assert.equal(normalizeSettings({ build: { builder: 'classic' } }).buildBuilder, 'classic');
  assert.equal(normalizeSettings({ build: { builder: 'buildkit' } }).buildBuilder, 'buildkit');
  const warnings: string[] = [];
  assert.equal(normalizeSettings({ build: { builder: 'Classic' } }, (w) => warnings.push(w)).buildBuilder, 'auto');
  assert.match(warnings[0], /^stagecraft\.build\.builder: "Classic" is not one of auto, buildkit, classic; using auto\.$/);
});

test('build.context: the folder builds send, for the context-size hovers; anything else is the Dockerfile folder', () => {
  assert.equal(defaultSettings.buildContext, 'dockerfileFolder');
  assert.equal(normalizeSettings({ build: { context: 'workspaceFolder' } }).buildContext, 'workspaceFolder');
  const warnings: string[] = [];
  assert.equal(normalizeSettings({ build: { context: '../elsewhere' } }, (w) => warnings.push(w)).buildContext, 'dockerfileFolder');
  assert.match(warnings[0], /^stagecraft\.build\.context: "\.\.\/elsewhere" is not dockerfileFolder or workspaceFolder/);
});

test('a client that cannot be asked pushes settings in didChangeConfiguration; a pulling server ignores pushes', async () => {
  const warnings: string[] = [];
  const connection = {
    workspace: { getConfiguration: async () => ({ codeLens: { enable: true } }) },
    sendNotification: async (_method: string, params: { message: string }) => {
      warnings.push(params.message);
    },
  } as unknown as Connection;
  const pushOnly = new SettingsStore(connection);
  assert.deepEqual(await pushOnly.get('file:///a/Dockerfile'), defaultSettings, 'defaults before any push');
  pushOnly.push({ stagecraft: { codeLens: { enable: false }, buildArgs: [] } });
  assert.equal((await pushOnly.get('file:///a/Dockerfile')).codeLensEnable, false);
  assert.equal((await pushOnly.get('file:///b/Dockerfile')).codeLensEnable, false, 'pushed settings apply everywhere');
  assert.deepEqual(warnings, ['Stagecraft: stagecraft.buildArgs: expected an object of NAME: value pairs, got []; using {}.']);
  pushOnly.push(null);
  assert.deepEqual(await pushOnly.get('file:///a/Dockerfile'), defaultSettings, 'a push without settings is the defaults');
  const pulling = new SettingsStore(connection, true);
  pulling.push({ stagecraft: { codeLens: { enable: false } } });
  assert.equal((await pulling.get('file:///a/Dockerfile')).codeLensEnable, true, 'pulled settings win');
});
