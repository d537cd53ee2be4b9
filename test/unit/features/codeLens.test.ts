import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildResultTitle, codeLenses, stagesWithCommand } from '../../../server/src/features/codeLens';
import { URI, contextOf, expectJson, fixture } from '../../helpers/context';

test('lenses above every FROM: build, what the target needs; the default target built and run on its own FROM', () => {
  const lenses = codeLenses(fixture('stages'));
  expectJson('stages', 'codeLens', lenses);
  const titles = lenses.map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(titles, [
    '3: Build target base',
    '3: BuildKit builds 1 of 5 stages',
    '8: Build target Build',
    '8: needs base · BuildKit builds 2 of 5 stages',
    '12: Build target test',
    '12: skipped by BuildKit for the default target',
    '16: skipped by BuildKit for the default target',
    '19: Build (default target)',
    '19: Run',
    '19: needs base, Build · BuildKit builds 3 of 5 stages',
  ]);
  // The default target's lenses build and run it without --target.
  assert.deepEqual(
    lenses.filter((lens) => lens.range.start.line === 19 && lens.command!.command).map((lens) => lens.command!.arguments),
    [[{ uri: URI }], [{ uri: URI }]],
  );
});

test('lens titles are plain text: no Markdown backticks, whatever the stage names', () => {
  for (const context of [fixture('stages'), fixture('parallel'), contextOf('FROM alpine AS a_b\nCMD x\nFROM a_b AS c\nFROM scratch\n')])
    for (const lens of codeLenses(context)) assert.doesNotMatch(lens.command!.title, /`/, lens.command!.title);
});

test('Run only on stages with a command to run: the default target, and CMD or ENTRYPOINT of their own or from a parent stage', () => {
  const text = [
    'FROM alpine AS deps', // no command: no Run
    'RUN true',
    'FROM deps AS server',
    'CMD ["serve"]', // its own CMD
    'FROM server AS debug', // inherits server's CMD
    'RUN true',
    'FROM alpine AS tool',
    'ENTRYPOINT ["tool"]', // its own ENTRYPOINT
    'FROM deps AS test', // its parent has none
    'RUN make test',
    'FROM scratch AS final', // the default target: Run whatever it has
    'COPY --from=server / /',
    '',
  ].join('\n');
  const lenses = codeLenses(contextOf(text));
  const runs = lenses.filter((lens) => lens.command!.title === 'Run').map((lens) => lens.command!.arguments![0].target ?? '(default)');
  assert.deepEqual(runs, ['server', 'debug', 'tool', '(default)']);
  assert.deepEqual(stagesWithCommand(contextOf(text).model.stages), [false, true, true, true, false, false]);
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

test('when builds use the classic builder, the lenses describe its plan and why: every stage up to the target, none skipped', () => {
  const context = { ...fixture('stages'), builder: { kind: 'classic' as const, reason: 'this docker CLI (28.2.2) has no buildx', source: 'client' as const } };
  const summaries = codeLenses(context)
    .filter((lens) => !lens.command!.command)
    .map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(summaries, [
    '3: classic builder builds 1 of 5 stages: this docker CLI (28.2.2) has no buildx',
    '8: classic builder builds 2 of 5 stages: this docker CLI (28.2.2) has no buildx',
    '12: classic builder builds 3 of 5 stages: this docker CLI (28.2.2) has no buildx',
    '16: classic builder builds 4 of 5 stages: this docker CLI (28.2.2) has no buildx',
    '19: classic builder builds 5 of 5 stages: this docker CLI (28.2.2) has no buildx',
  ]);
  // A BuildKit report reads as before; so does no report at all.
  const buildkit = {
    ...fixture('stages'),
    builder: { kind: 'buildkit' as const, reason: "docker 28.2.2's default, through buildx", source: 'client' as const },
  };
  assert.deepEqual(
    codeLenses(buildkit).map((lens) => lens.command!.title),
    codeLenses(fixture('stages')).map((lens) => lens.command!.title),
  );
});

test('lenses pass only stage names, as command arguments', () => {
  for (const lens of codeLenses(fixture('stages'))) {
    if (!lens.command!.command) continue;
    assert.deepEqual(Object.keys(lens.command!.arguments![0]).sort(), lens.command!.arguments![0].target ? ['target', 'uri'] : ['uri']);
  }
});

test('an unnamed last stage is built without --target; odd names get no build lens', () => {
  const lenses = codeLenses(contextOf('FROM alpine AS 1bad\nCMD true\nFROM scratch\n'));
  const commands = lenses
    .filter((lens) => lens.command!.command)
    .map((lens) => [lens.range.start.line, lens.command!.title, lens.command!.arguments![0].target]);
  assert.deepEqual(commands, [
    [2, 'Build (default target)', undefined],
    [2, 'Run', undefined],
  ]);
});

test('a single-stage file: one Build and one Run lens on its FROM', () => {
  const lenses = codeLenses(contextOf('FROM alpine AS app\nRUN true\n'));
  assert.deepEqual(
    lenses.map((lens) => lens.command!.title),
    ['Build (default target)', 'Run', 'BuildKit builds 1 of 1 stage'],
  );
});

test('stagecraft.codeLens.enable = false turns lenses off', () => {
  assert.deepEqual(codeLenses(contextOf('FROM alpine AS a\n', { codeLensEnable: false })), []);
});

test('the last build of a target shows in its stage: built 2 min ago · size · platform, or where it failed', () => {
  const now = Date.UTC(2026, 10, 26, 10, 0, 0);
  const uri = 'file:///work/Dockerfile';
  const builds = new Map([
    ['build', { uri, target: 'Build', ok: true, finishedAt: now - 125_000, sizeBytes: 4_460_544, platform: 'linux/arm64' }],
    ['test', { uri, target: 'test', ok: false, finishedAt: now - 10_000, failedLine: 13 }],
    ['', { uri, ok: true, finishedAt: now - 3_600_000, sizeBytes: 585_080_606 }],
  ]);
  const lenses = codeLenses({ ...fixture('stages'), builds, now });
  const titles = lenses.filter((l) => /built|failed/.test(l.command!.title)).map((lens) => `${lens.range.start.line}: ${lens.command!.title}`);
  assert.deepEqual(titles, ['8: built 2 min ago · 4.5 MB · linux/arm64', '12: build failed just now at line 14', '19: built 1 h ago · 585 MB']);
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
  assert.deepEqual(titles, ['12: target of Compose service tests, CI: build-push-action in ci.yml, job b', '19: target of Dev Container']);
});
