import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildResultTitle, codeLenses } from '../../../server/src/features/codeLens';
import { contextOf, expectJson, fixture } from './context';

test('lenses above every FROM: build, run and what the target needs; skipped stages say so', () => {
  const lenses = codeLenses(fixture('stages'));
  expectJson('stages', 'codeLens', lenses);
  const titles = lenses.map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(titles, [
    '3: Build (default target `final`)',
    '3: Build target `base`',
    '3: Run',
    '3: BuildKit builds 1 of 5 stages',
    '8: Build target `Build`',
    '8: Run',
    '8: needs base · BuildKit builds 2 of 5 stages',
    '12: Build target `test`',
    '12: Run',
    '12: skipped by BuildKit for the default target',
    '16: skipped by BuildKit for the default target',
    '19: Build target `final`',
    '19: Run',
    '19: needs base, Build · BuildKit builds 3 of 5 stages',
  ]);
});

test('a target whose stages BuildKit can run at the same time says how many at most', () => {
  const lenses = codeLenses(fixture('parallel'));
  expectJson('parallel', 'codeLens', lenses);
  const summaries = lenses.filter((lens) => !lens.command!.command).map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(summaries, [
    '0: BuildKit builds 1 of 5 stages',
    '3: needs base · BuildKit builds 2 of 5 stages',
    '6: needs base · BuildKit builds 2 of 5 stages',
    '9: BuildKit builds 1 of 5 stages',
    '12: needs base, lint, docs, assets · BuildKit builds 5 of 5 stages, up to 2 in parallel',
  ]);
});

test('lenses pass only stage names, as command arguments', () => {
  for (const lens of codeLenses(fixture('stages'))) {
    if (!lens.command!.command) continue;
    assert.deepEqual(Object.keys(lens.command!.arguments![0]).sort(), lens.command!.arguments![0].target ? ['target', 'uri'] : ['uri']);
  }
});

test('an unnamed last stage is built without --target; odd names get no build lens', () => {
  const lenses = codeLenses(contextOf('FROM alpine AS 1bad\nRUN true\nFROM scratch\n'));
  const commands = lenses.filter((lens) => lens.command!.command).map((lens) => [lens.command!.title, lens.command!.arguments![0].target]);
  assert.deepEqual(commands, [
    ['Build (default target `stage 1`)', undefined],
    ['Build', undefined],
    ['Run', undefined],
  ]);
});

test('stagecraft.codeLens.enable = false turns lenses off', () => {
  assert.deepEqual(codeLenses(contextOf('FROM alpine AS a\n', { codeLensEnable: false })), []);
});

test('the last build of a target shows in its stage: built 2 min ago · size, or where it failed', () => {
  const now = Date.UTC(2026, 10, 26, 10, 0, 0);
  const uri = 'file:///work/Dockerfile';
  const builds = new Map([
    ['build', { uri, target: 'Build', ok: true, finishedAt: now - 125_000, sizeBytes: 4_460_544 }],
    ['test', { uri, target: 'test', ok: false, finishedAt: now - 10_000, failedLine: 13 }],
    ['', { uri, ok: true, finishedAt: now - 3_600_000, sizeBytes: 585_080_606 }],
  ]);
  const lenses = codeLenses({ ...fixture('stages'), builds, now });
  const titles = lenses.filter((l) => /built|failed/.test(l.command!.title)).map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(titles, ['8: built 2 min ago · 4.5 MB', '12: build failed just now at line 14', '19: built 1 h ago · 585 MB']);
  assert.equal(buildResultTitle({ uri, ok: true, finishedAt: now }, now), 'built just now');
});

test('a stage that a Compose service, a Dev Container or a CI step builds says who', () => {
  const context = fixture('stages');
  const builds = [
    { target: 'test', label: 'Compose service `tests`' },
    { target: 'TEST', label: 'CI: build-push-action in `ci.yml`, job `b`' },
    { label: 'Dev Container' },
    { target: 'gone', label: 'Compose service `old`' },
  ];
  const titles = codeLenses({ ...context, env: { builds } })
    .filter((lens) => lens.command!.title.startsWith('target of'))
    .map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(titles, ['12: target of Compose service `tests`, CI: build-push-action in `ci.yml`, job `b`', '19: target of Dev Container']);
});
