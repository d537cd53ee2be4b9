import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { builderLine, decideBuilder, needsBuildKitMessage, whereBuilt, type DockerFacts } from '../../../../client/src/build/builder';
import { parseVersion } from '../../../../client/src/preflight';

const v = (text: string) => parseVersion(text)!;
const docker28 = { client: v('28.2.2'), hasBuildx: false, engine: v('20.10.24'), engineOs: 'linux', context: 'default' };
const docker28buildx = { ...docker28, hasBuildx: true };
const debian20 = { client: v('20.10.24'), hasBuildx: false, engine: v('20.10.24'), engineOs: 'linux', context: 'default' };

/** [builder, DOCKER_BUILDKIT set for the process, problem, reason]. */
const row = (setting: 'auto' | 'buildkit' | 'classic', facts: DockerFacts, inherited?: string) => {
  const d = decideBuilder(setting, facts, inherited);
  return [d.builder, d.env.DOCKER_BUILDKIT ?? '', d.problem ?? '', d.reason];
};

test('auto: what each CLI really does, with and without buildx, DOCKER_BUILDKIT and the engine', () => {
  const table: [string, ReturnType<typeof row>, (string | undefined)[]][] = [
    ['28 without buildx', row('auto', docker28), ['classic', '', '', 'this docker CLI (28.2.2) has no buildx']],
    ['28 without buildx, DOCKER_BUILDKIT=1', row('auto', docker28, '1'), ['buildkit', '', 'needs-buildx', 'DOCKER_BUILDKIT=1 in the environment']],
    ['28 with buildx', row('auto', docker28buildx), ['buildkit', '', '', "docker 28.2.2's default, through buildx"]],
    ['28 with buildx, DOCKER_BUILDKIT=0', row('auto', docker28buildx, '0'), ['classic', '', '', 'DOCKER_BUILDKIT=0 in the environment']],
    ['28 with buildx, DOCKER_BUILDKIT=false', row('auto', docker28buildx, 'false'), ['classic', '', '', 'DOCKER_BUILDKIT=0 in the environment']],
    ['20.10 on a 20.10 engine', row('auto', debian20), ['classic', '', '', 'docker 20.10.24 with engine 20.10.24 uses it without DOCKER_BUILDKIT=1']],
    ['20.10, DOCKER_BUILDKIT=1', row('auto', debian20, '1'), ['buildkit', '', '', 'DOCKER_BUILDKIT=1 in the environment']],
    ['20.10, DOCKER_BUILDKIT=true', row('auto', debian20, ' TRUE '), ['buildkit', '', '', 'DOCKER_BUILDKIT=1 in the environment']],
    ['20.10 on a 24 engine', row('auto', { ...debian20, engine: v('24.0.7') }), ['buildkit', '', '', 'engine 24.0.7 makes it the default']],
    [
      '20.10, engine not reached',
      row('auto', { ...debian20, engine: undefined }),
      ['classic', '', '', 'docker 20.10.24 uses it without DOCKER_BUILDKIT=1 (the engine did not answer)'],
    ],
    ['28 with buildx, Windows engine', row('auto', { ...docker28buildx, engineOs: 'windows' }), ['classic', '', '', 'the engine runs Windows containers']],
    ['unknown CLI', row('auto', { hasBuildx: false }), ['classic', '', '', 'this docker CLI uses it without DOCKER_BUILDKIT=1 (the engine did not answer)']],
  ];
  for (const [name, actual, expected] of table) assert.deepEqual(actual, expected, name);
});

test('a builder the setting names: set for the process, chosen, and BuildKit refused where this CLI cannot do it', () => {
  assert.deepEqual(row('classic', docker28buildx), ['classic', '0', '', 'stagecraft.build.builder is classic']);
  assert.deepEqual(row('classic', debian20, '1'), ['classic', '0', '', 'stagecraft.build.builder is classic']);
  assert.deepEqual(row('buildkit', debian20), ['buildkit', '1', '', 'stagecraft.build.builder is buildkit']);
  assert.deepEqual(row('buildkit', docker28buildx), ['buildkit', '1', '', 'stagecraft.build.builder is buildkit']);
  assert.deepEqual(row('buildkit', docker28), ['buildkit', '1', 'needs-buildx', 'stagecraft.build.builder is buildkit']);
  assert.equal(decideBuilder('classic', docker28).chosen, true);
  assert.equal(decideBuilder('auto', docker28).chosen, false);
});

test('the terminal line names the builder, why, the context and the engine', () => {
  assert.equal(
    builderLine(decideBuilder('auto', docker28), docker28),
    'builder: the classic builder, because this docker CLI (28.2.2) has no buildx (context default, engine 20.10.24, docker CLI 28.2.2)',
  );
  assert.equal(whereBuilt({ ...docker28buildx, context: 'remote', engine: undefined }), 'context remote, engine not reached, docker CLI 28.2.2 with buildx');
  assert.equal(whereBuilt({ hasBuildx: false, engine: v('24.0.7'), engineOs: 'windows' }), 'context default, engine 24.0.7 (windows)');
});

test('needsBuildKitMessage: what the file uses, why classic, and the three ways out', () => {
  const uses = [
    { line: 6, feature: 'RUN --mount' },
    { line: 9, feature: 'COPY --link' },
    { line: 12, feature: 'a heredoc (<<EOF)' },
    { line: 20, feature: 'RUN --mount' },
  ];
  const text = needsBuildKitMessage('Dockerfile', uses, decideBuilder('auto', docker28));
  assert.match(
    text,
    /^Dockerfile needs BuildKit \(RUN --mount on line 7, COPY --link on line 10, a heredoc \(<<EOF\) on line 13 and 1 more\), but this build would use the classic builder: this docker CLI \(28\.2\.2\) has no buildx\. /,
  );
  assert.match(text, /Install the buildx plugin .*point stagecraft\.docker\.path at a docker CLI that has BuildKit, or build with the classic builder anyway/);
});
