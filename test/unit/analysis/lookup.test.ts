/** Stage lookups the navigation features share: occurrences, dependencies, targets, labels. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import {
  boundedClosure,
  contains,
  describeBase,
  directDependencies,
  directDependents,
  stageLabel,
  stageOccurrenceAt,
  stageOccurrences,
  targetsBuilding,
} from '../../../server/src/analysis/lookup';

const model = parseDockerfile(
  'FROM alpine AS base\nFROM base AS build\nRUN x\nFROM scratch AS test\nCOPY --from=build / /\nFROM base\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n',
);

test('occurrences of a stage: its name first, then every reference in file order', () => {
  assert.deepEqual(
    stageOccurrences(model, 1).map((occurrence) => [occurrence.kind, occurrence.range.start.line, occurrence.range.start.character]),
    [
      ['declaration', 1, 13],
      ['reference', 4, 12],
      ['reference', 6, 12],
    ],
  );
  assert.deepEqual(stageOccurrenceAt(model, { line: 4, character: 13 }), {
    stageIndex: 1,
    kind: 'reference',
    range: { start: { line: 4, character: 12 }, end: { line: 4, character: 17 } },
  });
  assert.equal(stageOccurrenceAt(model, { line: 2, character: 4 }), undefined);
});

test('contains: a range holds its end position, not the one after', () => {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
  assert.equal(contains(range, { line: 1, character: 5 }), true);
  assert.equal(contains(range, { line: 1, character: 6 }), false);
  assert.equal(contains(range, { line: 0, character: 3 }), false);
});

test('dependencies, dependents and the targets that build a stage', () => {
  assert.deepEqual(directDependencies(model, 3), [0, 1]);
  assert.deepEqual(directDependents(model, 0), [1, 3]);
  assert.deepEqual(targetsBuilding(model, 1), [1, 2, 3]);
  assert.deepEqual(boundedClosure(model, 3, 10), { stages: [0, 1, 3], complete: true });
  assert.equal(boundedClosure(model, 3, 2).complete, false, 'the walk stops at the limit and says so');
});

test('labels and bases as a person reads them', () => {
  assert.equal(stageLabel(model.stages[0]), 'base');
  assert.equal(stageLabel(model.stages[3]), 'stage 3');
  assert.equal(describeBase(model, model.stages[0]), 'alpine');
  assert.equal(describeBase(model, model.stages[1]), 'base');
  assert.equal(describeBase(model, model.stages[2]), 'scratch');
});
