/**
 * The schedule against the real engine: a Dockerfile with two independent stages feeding a final one
 * is built with BuildKit and with the classic builder, and the order of the steps each printed is
 * compared with the model's groups. Only the order of printed events is compared, never durations.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { directDependencies } from '../../server/src/analysis/lookup';
import { interleaved, parseBuildkitPlain, parseClassic, runsOf, type BuildkitEvent } from './progress';
import { startTestEngine, type TestEngine } from './engine';

const context = join(__dirname, '..', 'fixtures', 'engine', 'parallel');
const model = parseDockerfile(readFileSync(join(context, 'Dockerfile'), 'utf8'));
const target = model.defaultTarget!;
const schedule = model.plans[target].schedule;
const name = (index: number) => model.stages[index].name!;

let engine: TestEngine;
/** Images this file made: tags, then the classic builder's untagged stage images (newest first). */
const made: string[] = [];

before(async () => {
  engine = await startTestEngine();
});
after(async () => {
  if (made.length) await engine.docker(['rmi', ...made]);
  engine?.stop();
});

test('the plan: left and right in one BuildKit group, then final; the classic builder one stage at a time', () => {
  assert.equal(model.stages[0].base.kind, 'image');
  assert.deepEqual(
    schedule.buildkit.map((group) => group.map(name)),
    [['left', 'right'], ['final']],
  );
  assert.deepEqual(
    schedule.classic.map((group) => group.map(name)),
    [['left'], ['right'], ['final']],
  );
  assert.deepEqual(schedule.criticalPath.map(name), ['left', 'final']);
});

test('BuildKit: steps of the stages in one group finish interleaved, before either stage is done; final after its inputs', async (t) => {
  const tag = `stagecraft-test/parallel:buildkit-${process.pid}`;
  const result = await engine.build('buildkit', ['--progress=plain', '--no-cache', '-t', tag, context]);
  assert.equal(result.code, 0, result.stderr);
  made.push(tag);
  // Step 1 of every stage is its FROM, which BuildKit shares between stages of the same base.
  const events = parseBuildkitPlain(result.stderr).filter((event) => event.step.step > 1);
  t.diagnostic(`BuildKit order: ${events.map(describe).join(', ')}`);
  assert.ok(
    events.every((event) => event.kind === 'done'),
    'every step ran (--no-cache)',
  );
  assert.deepEqual([...new Set(events.map((event) => event.step.stage))].sort(), model.plans[target].buildkit.map(name).sort());
  const ofStage = (stage: string) => events.filter((event) => event.step.stage === stage);
  for (const stage of model.plans[target].buildkit.map(name)) {
    // Within a stage, steps finish in order.
    assert.deepEqual(
      ofStage(stage).map((event) => event.step.step),
      ofStage(stage)
        .map((event) => event.step.step)
        .sort((a, b) => a - b),
      stage,
    );
  }
  const last = (stage: string) => ofStage(stage).at(-1)!.order;

  for (const group of schedule.buildkit) {
    for (const a of group)
      for (const b of group) {
        if (a >= b) continue;
        // Each stage has a step done before the other stage's last step is done: they ran at the same time.
        assert.ok(interleaved(events, name(a), name(b)), `${name(a)} and ${name(b)} did not interleave: ${events.map(describe).join(', ')}`);
      }
  }
  for (const [g, group] of schedule.buildkit.entries()) {
    if (g === 0) continue;
    for (const stage of group) {
      for (const dependency of directDependencies(model, stage)) {
        // The step reading a dependency finishes after the dependency's last step, and so does the stage.
        const reading = ofStage(name(stage)).filter((event) => event.step.text.includes(`--from=${name(dependency)} `));
        assert.equal(reading.length, 1, `${name(stage)} reads ${name(dependency)} once`);
        assert.ok(reading[0].order > last(name(dependency)), `${describe(reading[0])} after ${name(dependency)}`);
        assert.ok(last(name(stage)) > last(name(dependency)));
      }
    }
  }
  // Groups count whole stages; BuildKit schedules steps: final's RUN, before any COPY --from, needs no
  // other stage and finishes while left and right still run.
  const early = ofStage('final').filter((event) => event.step.text.startsWith('RUN '));
  assert.equal(early.length, 1);
  assert.ok(early[0].order < Math.min(last('left'), last('right')), `${describe(early[0])} before left and right are done`);
});

test('classic builder: one stage after another, in file order', async (t) => {
  const tag = `stagecraft-test/parallel:classic-${process.pid}`;
  const result = await engine.build('classic', ['--no-cache', '-t', tag, context]);
  assert.equal(result.code, 0, result.stderr);
  made.push(tag);
  const steps = parseClassic(result.stdout);
  made.push(
    ...steps
      .filter((step) => !/^FROM /i.test(step.text) && step.image)
      .map((step) => step.image!)
      .reverse(),
  );
  t.diagnostic(`classic order: ${steps.map((step) => `${step.stage} ${step.step}/${step.of}`).join(', ')}`);
  assert.equal(
    steps.length,
    model.stages.reduce((sum, stage) => sum + stage.instructions.length, 0),
    'every instruction is a step',
  );
  assert.deepEqual(
    steps.map((step) => step.step),
    steps.map((_, i) => i + 1),
  );
  // Each stage is one uninterrupted run of steps, and the runs come in the plan's order.
  assert.deepEqual(runsOf(steps.map((step) => step.stage)), schedule.classic.flat().map(name));
});

function describe(event: BuildkitEvent): string {
  return `${event.step.stage} ${event.step.step}/${event.step.of} ${event.kind}`;
}
