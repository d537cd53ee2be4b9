import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildPlan, resolveTarget } from '../../../server/src/features/buildPlan';
import { URI, contextOf, expectJson, fixture } from '../../helpers/context';

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
  assert.deepEqual(
    [docs.groups.buildkit, docs.criticalPath],
    [
      [[0], [2]],
      [0, 2],
    ],
  );
  const unknown = buildPlan(fixture('parallel'), { uri: URI, target: 'nosuch' });
  assert.deepEqual([unknown.groups, unknown.criticalPath], [{ buildkit: [], classic: [] }, []]);
});

test('buildPlan edges: every FROM, COPY/ADD --from and RUN --mount from= that names a stage or an image, by kind', () => {
  const short = (plan: ReturnType<typeof buildPlan>) => plan.edges.map((e) => [e.kind, e.stage, e.source ?? e.image, e.range.start.line]);
  assert.deepEqual(short(buildPlan(fixture('stages'), { uri: URI })), [
    ['from', 0, 'docker.io/library/golang:1.22-alpine', 3],
    ['from', 1, 0, 8],
    ['from', 2, 0, 12],
    ['from', 3, 'docker.io/library/alpine:3', 16],
    ['mount', 3, 1, 17],
    ['copy', 4, 1, 20],
    ['copy', 4, 0, 21],
  ]);
  const text = [
    'FROM alpine:3 AS a',
    'COPY --from=nginx:1 /etc/nginx /etc/nginx',
    'COPY --from=a /x /y',
    'COPY --from=later /x /y',
    'COPY --from=7 /x /y',
    'FROM a AS later',
    'ADD --from=A /x /y',
    'RUN --mount=type=cache,target=/c --mount=from=a,target=/a true',
  ].join('\n');
  assert.deepEqual(
    short(buildPlan(contextOf(text), { uri: URI })),
    [
      ['from', 0, 'docker.io/library/alpine:3', 0],
      ['copy', 0, 'docker.io/library/nginx:1', 1],
      ['from', 1, 0, 5],
      ['add', 1, 0, 6],
      ['mount', 1, 0, 7],
    ],
    'the stage itself, a later stage and a bad index are no edges',
  );
});

test('buildPlan names the builder in use (BuildKit when nobody said) and what the classic builder would refuse for the target', () => {
  const plan = buildPlan(fixture('stages'), { uri: URI, target: 'test' });
  assert.deepEqual(plan.builder, { kind: 'buildkit', source: 'default' });
  assert.deepEqual(plan.needsBuildKit, [{ line: 6, feature: 'RUN --mount' }], 'stages 0-2 only: the mount in stage 3 is after the target');
  const classic = { kind: 'classic' as const, reason: 'this docker CLI (28.2.2) has no buildx', source: 'client' as const };
  assert.deepEqual(buildPlan({ ...fixture('stages'), builder: classic }, { uri: URI }).builder, classic);
  assert.deepEqual(buildPlan(fixture('stages'), { uri: URI, target: 'nosuch' }).needsBuildKit, []);
});
