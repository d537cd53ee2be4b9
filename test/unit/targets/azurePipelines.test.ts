import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildFlags, readAzurePipelines } from '../../../server/src/targets/azurePipelines';

const FILE = '/ws/azure-pipelines.yml';

describe('azurePipelines', () => {
  it('finds --target and -f/--file in a command line, with their offsets', () => {
    const line = 'docker build --file=a/Dockerfile --target "dev" .';
    const flags = buildFlags(line);
    assert.deepEqual(flags.file && [flags.file.value, line.slice(flags.file.start, flags.file.end)], ['a/Dockerfile', 'a/Dockerfile']);
    assert.deepEqual(flags.target && [flags.target.value, line.slice(flags.target.start, flags.target.end)], ['dev', 'dev']);
    assert.deepEqual(buildFlags('docker build --target-platform x .'), {});
  });

  it('reads Docker@2 tasks and AzureCLI scripts, in stages and jobs', () => {
    const text = [
      'stages:',
      '  - stage: s',
      '    jobs:',
      '      - job: j',
      '        steps:',
      '          - task: Docker@2',
      '            displayName: img',
      '            inputs:',
      '              Dockerfile: app/Dockerfile',
      '              arguments: --target prod',
      '          - task: AzureCLI@2',
      '            inputs:',
      '              inlineScript: |',
      '                az acr build -r reg -f Dockerfile --target test .',
      '          - task: AzureCLI@2',
      '            inputs:',
      '              inlineScript: echo --target nothing',
      '          - task: Docker@2',
      '            inputs:',
      '              Dockerfile: "**/Dockerfile"',
      '',
    ].join('\n');
    const { refs } = readAzurePipelines(FILE, text, '/ws');
    assert.deepEqual(
      refs.map((ref) => [ref.label, ref.dockerfile, ref.target, ref.targetRange?.start.line, ref.targetRange?.start.character]),
      [
        ['CI: Docker task `img` in `azure-pipelines.yml`', '/ws/app/Dockerfile', 'prod', 9, 34],
        ['CI: AzureCLI task in `azure-pipelines.yml`', '/ws/Dockerfile', 'test', 13, 59],
        ['CI: Docker task in `azure-pipelines.yml`', undefined, undefined, undefined, undefined],
      ],
    );
  });

  it('reports broken YAML', () => {
    assert.match(readAzurePipelines(FILE, 'steps:\n  - task: [\n', '/ws').problems[0].message, /^azure-pipelines\.yml is not valid YAML/);
  });
});
