/** `stagecraft plan`: text for both builders, and --json, on a small Dockerfile. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, folder, FIVE_STAGES } from '../../helpers/cli';

const dir = folder({ Dockerfile: FIVE_STAGES });

test('plan (BuildKit): stages run and skipped with the reason, groups, critical path', async () => {
  const { code, out } = await cli(['plan', 'Dockerfile'], dir);
  assert.equal(code, 0);
  assert.equal(
    out,
    [
      'Dockerfile: target final (stage 4, the default target), BuildKit',
      'Runs 3 of 5 stages: deps, build, final',
      'Skipped:',
      '  lint: final does not need it (BuildKit builds only what the target uses)',
      '  test: final does not need it (BuildKit builds only what the target uses)',
      'Groups (the stages of a group can run at the same time):',
      '  1. deps',
      '  2. build',
      '  3. final',
      'Critical path: deps → build → final (3 stages)',
      '',
    ].join('\n'),
  );
});

test('plan --target test --builder classic: every stage up to the target, one at a time, and what it refuses', async () => {
  const { code, out } = await cli(['plan', 'Dockerfile', '--target', 'TEST', '--builder', 'classic'], dir);
  assert.equal(code, 0);
  assert.equal(
    out,
    [
      'Dockerfile: target test (stage 3), classic builder',
      'Runs 4 of 5 stages: deps, build, lint, test',
      'Skipped:',
      '  final: after the target',
      'Run although test does not need them (BuildKit would skip them): lint',
      'One stage at a time, in file order: deps → build → lint → test',
      'Needs BuildKit: line 3, RUN --mount (the classic builder refuses it)',
      '',
    ].join('\n'),
  );
  const parallel = await cli(['plan', 'Dockerfile', '--target', '3'], dir);
  assert.match(parallel.out, /Critical path: deps → build → test \(3 stages\)/);
});

test('plan --json: the buildPlan answer, with the target resolved', async () => {
  const plan = JSON.parse((await cli(['plan', 'Dockerfile', '--json', '--target', 'build'], dir)).out);
  assert.equal(plan.target, 1);
  assert.deepEqual(plan.buildkit, [0, 1]);
  assert.deepEqual(plan.groups.buildkit, [[0], [1]]);
  assert.equal(plan.stages.length, 5);
});
