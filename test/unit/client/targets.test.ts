import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetItems } from '../../../client/src/targets';
import { buildPlan } from '../../../server/src/features/buildPlan';
import { contextOf, fixture } from '../../helpers/context';

test('the target picker: default target first, each stage with what it needs', () => {
  const plan = buildPlan(contextOf(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'busybox-app', 'Dockerfile'), 'utf8')), {
    uri: 'file:///w/Dockerfile',
  });
  assert.deepEqual(targetItems(plan), [
    { label: 'final', description: 'FROM scratch', detail: 'default target · needs base, build · BuildKit builds 3 of 4', target: 'final' },
    { label: 'test', description: 'FROM base', detail: 'needs base · BuildKit builds 2 of 4', target: 'test' },
    { label: 'build', description: 'FROM base', detail: 'needs base · BuildKit builds 2 of 4', target: 'build' },
    { label: 'base', description: 'FROM local/busybox:1', detail: 'needs no other stage · BuildKit builds 1 of 4', target: 'base' },
  ]);
});

test('an unnamed default target is built without --target; unnamed or odd stages are not offered', () => {
  const plan = buildPlan(contextOf('FROM alpine AS 1bad\nRUN true\nFROM alpine AS ok\nFROM scratch\nCOPY --from=ok /a /a\n'), { uri: 'file:///w/Dockerfile' });
  assert.deepEqual(
    targetItems(plan).map((i) => [i.label, i.target, i.detail]),
    [
      ['stage 2', undefined, 'default target · needs ok · BuildKit builds 2 of 3'],
      ['ok', 'ok', 'needs no other stage · BuildKit builds 1 of 3'],
    ],
  );
  assert.equal(targetItems(buildPlan(fixture('stages'), { uri: 'file:///w/Dockerfile' }))[0].detail.startsWith('default target'), true);
});
