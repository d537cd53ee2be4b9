import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_PATTERN, failureSummary, findFailure, problemLine, stagesRun } from '../../../client/src/buildOutput';
import { buildPlan } from '../../../server/src/features/buildPlan';
import { contextOf } from '../../helpers/context';

const dir = join(__dirname, '..', '..', 'fixtures', 'build-output');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const planOf = (dockerfile: string) => buildPlan(contextOf(dockerfile), { uri: 'file:///w/Dockerfile' });
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

const failing = planOf(read('failing.Dockerfile'));

test('BuildKit 0.8 (docker 20.10): the failing step of a stage maps to its line', () => {
  // `[build 1/1] RUN echo hi && false`: stage build is FROM base (not a step), so step 1 is line 6.
  assert.deepEqual(findFailure(read('buildkit-0.8-failure.txt'), failing), {
    line: 5,
    message: 'executor failed running [/bin/sh -c echo hi &&     false]: exit code: 1',
    step: 'RUN echo hi && false',
  });
  // An unnamed FROM scratch stage (`stage-1`): COPY is step 1, RUN false step 2 (line 5).
  assert.deepEqual(findFailure(read('buildkit-0.8-unnamed-failure.txt'), planOf(read('unnamed.Dockerfile'))), {
    line: 4,
    message: 'executor failed running [/bin/sh -c false]: exit code: 1',
    step: 'RUN false',
  });
});

test('the classic builder: the last Step N/M counts every instruction of the file', () => {
  assert.deepEqual(findFailure(read('classic-failure.txt'), failing), {
    line: 5,
    message: "The command '/bin/sh -c echo hi &&     false' returned a non-zero code: 1",
    step: 'RUN echo hi && false',
  });
  // With --label (every Stagecraft build) the classic builder appends a LABEL step: 8 steps for 7 instructions.
  assert.match(read('classic-failure-with-label.txt'), /^Step 5\/8 : /m);
  assert.deepEqual(findFailure(read('classic-failure-with-label.txt'), failing), {
    line: 5,
    message: "The command '/bin/sh -c echo hi &&     false' returned a non-zero code: 1",
    step: 'RUN echo hi && false',
  });
});

test('buildx (BuildKit 0.10+): `Dockerfile:6` above the excerpt and `ERROR: failed to solve`', () => {
  assert.deepEqual(findFailure(read('buildx-failure.txt'), undefined), {
    line: 5,
    message: 'failed to solve: process "/bin/sh -c echo hi &&     false" did not complete successfully: exit code: 1',
    step: 'RUN echo hi && false', // the excerpt's `>>>` lines, the continuation joined
  });
});

test('the last line of a failed build: the step and the line, else what failed there, else where to look', () => {
  const plan = planOf(read('parse-error.Dockerfile'));
  assert.equal(
    failureSummary('app/Dockerfile', 1, findFailure(read('buildx-failure.txt'), undefined)),
    'Build failed: step RUN echo hi && false at app/Dockerfile:6 (exit code 1)',
  );
  assert.equal(
    failureSummary('Dockerfile', 1, findFailure(read('classic-failure-with-label.txt'), failing)),
    'Build failed: step RUN echo hi && false at Dockerfile:6 (exit code 1)',
  );
  assert.equal(
    failureSummary('Dockerfile', 1, findFailure(read('buildkit-0.8-parse-error.txt'), plan)),
    'Build failed at Dockerfile:2 (exit code 1): dockerfile parse error: unknown instruction: FOO',
  );
  assert.equal(failureSummary('Dockerfile', 125, undefined), "Build failed (exit code 125); docker's output above says why.");
  const long = failureSummary('Dockerfile', 2, { line: 0, message: 'x', step: `RUN ${'a'.repeat(200)}` });
  assert.match(long, /^Build failed: step RUN a{95}… at Dockerfile:1 \(exit code 2\)$/);
});

test('parse errors name their line under both builders', () => {
  const plan = planOf(read('parse-error.Dockerfile'));
  assert.deepEqual(findFailure(read('buildkit-0.8-parse-error.txt'), plan), { line: 1, message: 'dockerfile parse error: unknown instruction: FOO' });
  assert.deepEqual(findFailure(read('classic-parse-error.txt'), plan), { line: 1, message: 'dockerfile parse error: unknown instruction: FOO' });
});

test('output that names no line gives no failure; a plan that does not fit the output is not guessed from', () => {
  assert.equal(findFailure('Cannot connect to the Docker daemon\n', failing), undefined);
  assert.equal(findFailure(read('classic-failure.txt'), planOf('FROM a\nRUN b\n')), undefined);
});

test('the problem line matches the problem matcher contributed in package.json', () => {
  const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'stagecraft');
  assert.equal(matcher.pattern.regexp, PROBLEM_PATTERN);
  const line = problemLine('/w/my app/Dockerfile', { line: 5, message: 'exit code: 1\nmore' });
  const match = new RegExp(PROBLEM_PATTERN).exec(line)!;
  assert.deepEqual(
    [match[matcher.pattern.severity], match[matcher.pattern.file], match[matcher.pattern.line], match[matcher.pattern.message]],
    ['error', '/w/my app/Dockerfile', '6', 'exit code: 1 more'],
  );
});

test('stagesRun: BuildKit skipped the test stage for the default target; the classic builder ran it', () => {
  // This real output shows the shared `FROM local/busybox:1` step as `[right 1/4]`: another
  // project's stage that loaded the image first on the same engine. FROM steps are not counted.
  assert.match(read('buildkit-0.8-default-target.txt'), /\[right 1\/4\] FROM docker\.io\/local\/busybox:1/);
  assert.deepEqual(stagesRun(read('buildkit-0.8-default-target.txt')), ['base', 'build', 'final']);
  assert.deepEqual(stagesRun(read('classic-default-target.txt')), ['base', 'build', 'test', 'final']);
  // The plan says the same.
  const plan = buildPlan(contextOf(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'busybox-app', 'Dockerfile'), 'utf8')), {
    uri: 'file:///w/Dockerfile',
  });
  assert.deepEqual(
    plan.buildkit.map((i) => plan.stages[i].name),
    ['base', 'build', 'final'],
  );
  assert.deepEqual(
    plan.classic.map((i) => plan.stages[i].name),
    ['base', 'build', 'test', 'final'],
  );
});
