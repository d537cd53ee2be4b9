/**
 * Schedules: for every target, BuildKit's groups (stages that can run at the same time), the classic
 * builder's one-at-a-time order, and the critical path. Expected JSON next to each fixture, written as
 * `a | b, c | d` (groups) and `a → b → d` (path) so a diff reads like the plan.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { stageLabel } from '../../../server/src/analysis/lookup';
import type { DockerfileModel } from '../../../server/src/analysis/model';
import { expectJsonAt } from '../../helpers/context';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'schedule');
const corpus = join(__dirname, '..', '..', 'corpus');

export function summarizeSchedules(model: DockerfileModel) {
  const label = (i: number) => stageLabel(model.stages[i]);
  const groups = (list: number[][]) => list.map((group) => group.map(label).join(', ')).join(' | ');
  return Object.fromEntries(
    model.plans.map((plan) => [
      label(plan.target),
      {
        buildkit: groups(plan.schedule.buildkit),
        classic: groups(plan.schedule.classic),
        criticalPath: plan.schedule.criticalPath.map(label).join(' → '),
      },
    ]),
  );
}

for (const file of readdirSync(fixtures)
  .filter((f) => f.endsWith('.Dockerfile'))
  .sort()) {
  const name = file.replace(/\.Dockerfile$/, '');
  test(`schedules of ${name}`, () => {
    const model = parseDockerfile(readFileSync(join(fixtures, file), 'utf8'));
    expectJsonAt(join(fixtures, `${name}.expected.json`), summarizeSchedules(model));
    for (const plan of model.plans) checkSchedule(model, plan.target);
  });
}

/** What every schedule must satisfy, whatever the file. */
function checkSchedule(model: DockerfileModel, target: number, where = '') {
  const plan = model.plans[target];
  const { buildkit, classic, criticalPath } = plan.schedule;
  const at = `${where} target ${target}`;
  // BuildKit's groups hold exactly the stages it builds, each once, each group non-empty and in file order.
  assert.deepEqual(
    buildkit.flat().sort((a, b) => a - b),
    plan.buildkit,
    at,
  );
  for (const group of buildkit) assert.ok(group.length > 0 && group.every((s, i) => i === 0 || group[i - 1] < s), at);
  // A stage's dependencies are all in earlier groups, and one of them is in the group just before.
  const groupOf = new Map(buildkit.flatMap((group, g) => group.map((s) => [s, g] as const)));
  for (const [stage, g] of groupOf) {
    const deps = dependencies(model, stage);
    for (const dep of deps) assert.ok(groupOf.get(dep)! < g, `${at}: ${dep} before ${stage}`);
    if (g > 0)
      assert.ok(
        deps.some((dep) => groupOf.get(dep) === g - 1),
        `${at}: ${stage} could run earlier`,
      );
  }
  // The classic builder: one stage at a time, 0..target.
  assert.deepEqual(
    classic,
    plan.classic.map((s) => [s]),
    at,
  );
  // The critical path: a chain of direct dependencies ending at the target, one stage per group.
  assert.equal(criticalPath.length, buildkit.length, at);
  assert.equal(criticalPath[criticalPath.length - 1], target, at);
  criticalPath.forEach((stage, i) => {
    assert.equal(groupOf.get(stage), i, at);
    if (i > 0) assert.ok(dependencies(model, stage).includes(criticalPath[i - 1]), `${at}: ${criticalPath[i - 1]} -> ${stage}`);
  });
}

function dependencies(model: DockerfileModel, stage: number): number[] {
  return model.references.filter((r) => r.fromStage === stage && r.target.kind === 'stage').map((r) => (r.target as { stageIndex: number }).stageIndex);
}

test('ties on the critical path go to the earliest stage in the file', () => {
  const model = parseDockerfile('FROM a AS x\nFROM b AS y\nFROM c AS z\nCOPY --from=y /y /\nCOPY --from=x /x /\n');
  assert.deepEqual(model.plans[2].schedule, { buildkit: [[0, 1], [2]], classic: [[0], [1], [2]], criticalPath: [0, 2] });
});

test('schedules are computed when first read and then kept', () => {
  const model = parseDockerfile('FROM a AS x\nFROM x AS y\n');
  assert.equal(model.plans[1].schedule, model.plans[1].schedule);
  assert.deepEqual(JSON.parse(JSON.stringify(model.plans[1])).schedule.criticalPath, [0, 1]);
});

test('every corpus target has a consistent schedule', () => {
  const files = readdirSync(join(corpus, 'files')).sort();
  let parallel = 0;
  for (const file of files) {
    const model = parseDockerfile(readFileSync(join(corpus, 'files', file), 'utf8'));
    for (const plan of model.plans) {
      checkSchedule(model, plan.target, file);
      if (plan.schedule.buildkit.some((group) => group.length > 1)) parallel++;
    }
  }
  assert.ok(parallel > 0, 'some corpus target has stages BuildKit can run in parallel');
});

test("a 50k-line file: the default target's schedule is one pass", () => {
  const model = parseDockerfile(readFileSync(join(corpus, 'large', 'large_50k.Dockerfile'), 'utf8'));
  const schedule = model.plans[model.defaultTarget!].schedule;
  assert.equal(schedule.criticalPath.length, schedule.buildkit.length);
  assert.equal(schedule.classic.length, model.stages.length);
});
