import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildPlan, resolveTarget } from '../../../server/src/features/buildPlan';
import { URI, expectJson, fixture } from './context';

test('buildPlan for the default target: BuildKit builds the target and its dependencies', () => {
  const plan = buildPlan(fixture('stages'), { uri: URI });
  expectJson('stages', 'buildPlan', plan);
  assert.equal(plan.target, 4);
  assert.deepEqual(plan.buildkit, [0, 1, 4]);
  assert.deepEqual(plan.classic, [0, 1, 2, 3, 4]);
});

test('targets by name (any case, last stage of that name) or index; unknown targets resolve to nothing', () => {
  const context = fixture('stages');
  assert.deepEqual(buildPlan(context, { uri: URI, target: 'TEST' }).buildkit, [0, 2]);
  assert.equal(resolveTarget(context.model, 'build'), 1);
  assert.equal(resolveTarget(context.model, 3), 3);
  assert.equal(resolveTarget(context.model, '3'), 3);
  assert.equal(resolveTarget(context.model, 'nosuch'), undefined);
  assert.equal(resolveTarget(context.model, 9), undefined);
  const unknown = buildPlan(context, { uri: URI, target: 'nosuch' });
  assert.deepEqual([unknown.target, unknown.buildkit, unknown.classic], [undefined, [], []]);
});

test('buildPlan tells when stages run: BuildKit groups, classic one at a time, the critical path', () => {
  const plan = buildPlan(fixture('parallel'), { uri: URI });
  expectJson('parallel', 'buildPlan', plan);
  assert.deepEqual(plan.groups, { buildkit: [[0, 3], [1, 2], [4]], classic: [[0], [1], [2], [3], [4]] });
  assert.deepEqual(plan.criticalPath, [0, 1, 4]);
  const docs = buildPlan(fixture('parallel'), { uri: URI, target: 'docs' });
  assert.deepEqual([docs.groups.buildkit, docs.criticalPath], [[[0], [2]], [0, 2]]);
  const unknown = buildPlan(fixture('parallel'), { uri: URI, target: 'nosuch' });
  assert.deepEqual([unknown.groups, unknown.criticalPath], [{ buildkit: [], classic: [] }, []]);
});
