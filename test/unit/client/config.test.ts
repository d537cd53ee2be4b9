import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultBuildSettings, readBuildSettings } from '../../../client/src/config';

const read = (values: Record<string, unknown>) => {
  const warnings: string[] = [];
  const settings = readBuildSettings(
    (key) => values[key],
    (m) => warnings.push(m),
  );
  return { settings, warnings };
};

test('defaults when nothing is set', () => {
  assert.deepEqual(read({}), { settings: defaultBuildSettings, warnings: [] });
  assert.equal(defaultBuildSettings.tagTemplate, '${workspaceFolderBasename}/${dockerfilePath}:${stage}');
});

test('every setting is read with its type', () => {
  const { settings, warnings } = read({
    'docker.path': '/usr/bin/docker',
    'az.path': '/opt/az',
    'build.context': 'workspaceFolder',
    'build.tag': 'x:${gitSha}',
    buildArgs: { GO_VERSION: '1.22', N: 3 },
    'build.extraArgs': ['--no-cache'],
    'build.builder': 'classic',
    'build.platform': 'linux/arm64',
    'acr.registry': 'myregistry',
    'run.ports': ['8080:80'],
    'run.args': ['--port', '80'],
    'terminal.reuse': 'new',
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(settings, {
    dockerPath: '/usr/bin/docker',
    azPath: '/opt/az',
    context: 'workspaceFolder',
    tagTemplate: 'x:${gitSha}',
    buildArgs: { GO_VERSION: '1.22', N: '3' },
    extraArgs: ['--no-cache'],
    builder: 'classic',
    platform: 'linux/arm64',
    acrRegistry: 'myregistry',
    runPorts: ['8080:80'],
    runArgs: ['--port', '80'],
    terminalReuse: 'new',
  });
});

test('wrong values fall back to the default, with a warning', () => {
  const { settings, warnings } = read({
    'docker.path': '',
    'build.builder': 'fast',
    'build.extraArgs': '--no-cache',
    'run.ports': ['80; rm -rf /'],
    'build.platform': 'linux amd64; id',
    buildArgs: { 'BAD NAME': 'x', OK: 'y' },
    'terminal.reuse': 7,
  });
  assert.deepEqual(
    [settings.dockerPath, settings.builder, settings.extraArgs, settings.runPorts, settings.platform, settings.buildArgs, settings.terminalReuse],
    ['docker', 'auto', [], [], '', { OK: 'y' }, 'perDockerfile'],
  );
  assert.equal(warnings.length, 7, warnings.join('\n'));
});
