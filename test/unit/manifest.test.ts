import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../server/src/protocol';
import { defaultSettings } from '../../server/src/settings';
import { rules } from '../../server/src/features/rules';
import { CLIENT_SETTING_KEYS, RESTRICTED_KEYS } from '../../client/src/config';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const commandTable = readFileSync(join(root, 'client', 'src', 'commands.ts'), 'utf8');

test('the command table and package.json list the same commands', () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...commandTable.matchAll(/^\s*'(stagecraft\.[\w.]+)':/gm)].map((m) => m[1]).sort();
  assert.deepEqual(registered, contributed);
  for (const id of Object.values(Commands)) assert.ok(contributed.includes(id), `${id} is used by the server but not contributed`);
});

test('every typed setting has a contributed setting, and the reverse', () => {
  const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
  const typed: Record<string, string> = {
    buildArgs: 'stagecraft.buildArgs',
    codeLensEnable: 'stagecraft.codeLens.enable',
    imageSizesOffline: 'stagecraft.imageSizes.offline',
    dockerPath: 'stagecraft.docker.path',
    buildPlatform: 'stagecraft.build.platform',
    buildBuilder: 'stagecraft.build.builder',
    layerSizesEnabled: 'stagecraft.layerSizes.enabled',
    buildContext: 'stagecraft.build.context',
  };
  for (const key of Object.keys(defaultSettings))
    if (key !== 'diagnostics' && key !== 'workspaceTrusted') assert.ok(contributed.includes(typed[key]), `setting ${key} has no contribution`);
  // workspaceTrusted is no user setting: the client adds it to the section in untrusted workspaces.
  const ruleSettings = rules.map((rule) => `stagecraft.diagnostics.${rule.id}`);
  const clientOnly = ['stagecraft.trace.server', ...Object.values(CLIENT_SETTING_KEYS).map((key) => `stagecraft.${key}`)];
  assert.deepEqual(contributed, [...new Set([...Object.values(typed), ...ruleSettings, ...clientOnly])].sort());
});

test('the manifest activates on Dockerfiles (and Compose and devcontainer files) and points at the bundles', () => {
  assert.deepEqual(manifest.activationEvents, [
    'onLanguage:dockerfile',
    'onLanguage:dockercompose',
    'workspaceContains:**/{compose,docker-compose}*.{yml,yaml}',
    'workspaceContains:.devcontainer/**/devcontainer.json',
    'workspaceContains:.devcontainer.json',
  ]);
  assert.equal(manifest.main, './dist/extension.js');
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/, 'engines.vscode must be a ^ range, or newer VS Code refuses the extension');
  assert.equal(manifest.bin['stagecraft-language-server'], './dist/server.js');
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');
  assert.ok(language.filenames.includes('Containerfile') && language.filenamePatterns.includes('Dockerfile.*'));
});

test('commands that run programs are off in untrusted workspaces; executable settings are restricted', () => {
  const running = [
    'stagecraft.buildTarget',
    'stagecraft.buildDefault',
    'stagecraft.rebuildLast',
    'stagecraft.runTarget',
    'stagecraft.acrBuild',
    'stagecraft.cleanUp',
    'stagecraft.chooseDestination',
    'stagecraft.buildForPlatforms',
  ];
  for (const id of running) {
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === id);
    assert.ok(command, `${id} is not contributed`);
    assert.equal(command.category, 'Stagecraft');
    assert.equal(command.enablement, 'isWorkspaceTrusted', id);
    const palette = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === id);
    assert.match(palette.when, /isWorkspaceTrusted/, id);
  }
  assert.deepEqual(
    manifest.capabilities.untrustedWorkspaces.restrictedConfigurations,
    RESTRICTED_KEYS.map((key) => `stagecraft.${key}`),
  );
  for (const key of RESTRICTED_KEYS)
    assert.match(manifest.contributes.configuration.properties[`stagecraft.${key}`].scope, /^(machine|machine-overridable|resource)$/);
});

test('the stagecraft task type declares what the task provider reads', () => {
  const definition = manifest.contributes.taskDefinitions.find((t: { type: string }) => t.type === 'stagecraft');
  assert.deepEqual(Object.keys(definition.properties).sort(), ['buildArgs', 'builder', 'context', 'dockerfile', 'tag', 'target']);
  assert.deepEqual(definition.required, ['dockerfile']);
});
