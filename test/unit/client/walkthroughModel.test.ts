import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseImages, dockerProblem, explainPlan, majorVersion, megabytes, sizeReport, testStage } from '../../../client/src/walkthroughModel';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import type { BuildPlanResult, PlanStage } from '../../../server/src/protocol';

/** A plan shaped like the server's, for the skeleton: base, build (from base), test (from base), final (from image, copies build). */
function skeletonPlan(image = 'busybox:1.36'): BuildPlanResult {
  const stage = (index: number, name: string, baseKind: PlanStage['baseKind'], dependsOn: number[], base: string): PlanStage => ({
    index,
    name,
    label: name,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    baseText: base,
    baseKind,
    image: baseKind === 'image' ? base : undefined,
    dependsOn,
    instructionLines: [],
  });
  return {
    uri: 'file:///p/Dockerfile',
    version: 1,
    defaultTarget: 3,
    target: 3,
    stages: [
      stage(0, 'base', 'image', [], image),
      stage(1, 'build', 'stage', [0], 'base'),
      stage(2, 'test', 'stage', [0], 'base'),
      stage(3, 'final', 'image', [1], image),
    ],
    buildkit: [0, 1, 3],
    classic: [0, 1, 2, 3],
    groups: { buildkit: [[0], [1], [3]], classic: [[0], [1], [2], [3]] },
    criticalPath: [0, 1, 3],
    edges: [],
    instructionLines: [],
  };
}

test('dockerProblem tells a missing CLI from an engine that does not answer, and says what to do', () => {
  const missing = dockerProblem('/opt/docker', { code: 'ENOENT' });
  assert.equal(missing.kind, 'not-found');
  assert.match(missing.message, /docker not found: "\/opt\/docker"/);
  assert.match(missing.message, /stagecraft\.docker\.path/);
  const down = dockerProblem('docker', { code: 1 }, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
  assert.equal(down.kind, 'no-engine');
  assert.match(down.message, /engine not running/);
  assert.match(down.message, /DOCKER_HOST/);
  assert.equal(
    dockerProblem(
      'docker',
      { code: 1 },
      'error during connect: Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/version": open //./pipe/docker_engine: The system cannot find the file specified.',
    ).kind,
    'no-engine',
  );
  const other = dockerProblem('docker', { code: 125 }, 'unknown flag: --nope\nSee docker --help');
  assert.equal(other.kind, 'failed');
  assert.equal(other.message, 'docker failed (exit 125): unknown flag: --nope.');
});

test('majorVersion reads Debian and upstream CLI versions', () => {
  assert.equal(majorVersion('20.10.24+dfsg1'), 20);
  assert.equal(majorVersion('28.2.2\n'), 28);
  assert.equal(majorVersion('dev'), undefined);
});

test('baseImages: the images the target’s stages start from, with the stages using each; stages and scratch are not images', () => {
  assert.deepEqual(baseImages(skeletonPlan()), [{ image: 'busybox:1.36', stages: ['base', 'final'] }]);
  const plan = skeletonPlan();
  plan.stages[3] = { ...plan.stages[3], baseKind: 'scratch', image: undefined, baseText: 'scratch' };
  plan.stages[0] = { ...plan.stages[0], image: 'golang:1.22' };
  assert.deepEqual(baseImages(plan), [{ image: 'golang:1.22', stages: ['base'] }]);
  // Only stages the target builds count: a test stage's image is not a base of the default target.
  plan.stages[2] = { ...plan.stages[2], baseKind: 'image', image: 'tester:1' };
  assert.deepEqual(
    baseImages(plan).map((b) => b.image),
    ['golang:1.22'],
  );
});

test('megabytes: decimal MB like docker images', () => {
  assert.equal(megabytes(585_080_606), '585 MB');
  assert.equal(megabytes(4_460_544), '4.5 MB');
  assert.equal(megabytes(2_000), '0.002 MB');
});

test('sizeReport: final against the largest base image, with the percentage smaller or larger', () => {
  assert.equal(
    sizeReport({ ref: 'stagecraft/go-app:latest', size: 4_460_544 }, [{ image: 'golang:1.22', stages: ['base'], size: 585_080_606 }]),
    'final stagecraft/go-app:latest: 4.5 MB; base image golang:1.22 (base): 585 MB (99% smaller). Uncompressed local sizes.',
  );
  assert.equal(
    sizeReport({ ref: 'f', size: 2_200_000 }, [
      { image: 'busybox', stages: ['base', 'final'], size: 2_000_000 },
      { image: 'gone:1', stages: ['x'] },
    ]),
    'final f: 2.2 MB; base image busybox (base, final): 2.0 MB (10% larger); gone:1: not in the local engine. Uncompressed local sizes.',
  );
  assert.match(sizeReport({ ref: 'f', size: 1 }, []), /no base image to compare with/);
  // Image names as written: the server's normalized docker.io/library/ prefix is dropped.
  assert.match(
    sizeReport({ ref: 'f', size: 1 }, [
      { image: 'docker.io/library/golang:1.22', stages: ['build'], size: 2 },
      { image: 'docker.io/local/busybox:1', stages: ['final'], size: 1 },
    ]),
    /base image golang:1\.22 \(build\): .*; local\/busybox:1 \(final\)/,
  );
});

test('explainPlan says what the default target needs, what BuildKit skips and what the classic builder builds', () => {
  assert.equal(
    explainPlan(skeletonPlan()),
    'The default target is final (the last stage); it needs base and build. BuildKit builds 3 of 4 stages and skips test: nothing final needs uses it. The classic builder builds every stage up to the target: 4 of 4.',
  );
  assert.match(explainPlan({ stages: [], buildkit: [], classic: [], target: undefined }), /no stages/);
  assert.equal(
    explainPlan({ ...skeletonPlan(), builder: { kind: 'buildkit', reason: "docker 28.2.2's default, through buildx", source: 'client' } }),
    explainPlan(skeletonPlan()),
  );
});

test('explainPlan, when builds here use the classic builder: that first, and why; what BuildKit would skip after', () => {
  assert.equal(
    explainPlan({ ...skeletonPlan(), builder: { kind: 'classic', reason: 'this docker CLI (28.2.2) has no buildx', source: 'client' } }),
    'The default target is final (the last stage); it needs base and build. Builds here use the classic builder (this docker CLI (28.2.2) has no buildx): it builds every stage up to the target, 4 of 4. BuildKit would build 3 of 4 and skip test: nothing final needs uses it.',
  );
});

test('testStage finds the stage named test, case-insensitively', () => {
  assert.equal(testStage(skeletonPlan()), 'test');
  assert.equal(testStage({ stages: [{ ...skeletonPlan().stages[0], name: 'Test' }] }), 'Test');
  assert.equal(testStage({ stages: [skeletonPlan().stages[0]] }), undefined);
});

test('the example the walkthrough writes is examples/skeleton without the syntax directive (no frontend pull)', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = join(__dirname, '..', '..', '..');
  const strip = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
  const shipped = readFileSync(join(root, 'media', 'example', 'Dockerfile'), 'utf8');
  assert.doesNotMatch(shipped, /^#\s*syntax\s*=/im);
  assert.equal(strip(shipped), strip(readFileSync(join(root, 'examples', 'skeleton', 'Dockerfile'), 'utf8')));
  for (const file of ['app.sh', 'test.sh'])
    assert.equal(readFileSync(join(root, 'media', 'example', file), 'utf8'), readFileSync(join(root, 'examples', 'skeleton', file), 'utf8'));
  assert.deepEqual(
    parseDockerfile(shipped).stages.map((s) => s.name),
    ['base', 'build', 'test', 'final'],
  );
});
