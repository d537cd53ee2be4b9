/**
 * Names that are also what every JavaScript object inherits (`constructor`, `__proto__`, `prototype`,
 * `toString`, `hasOwnProperty`, `valueOf`), as stage names, ARG names, images, `--from` values,
 * build args and targets (issue #21). Every feature treats them as ordinary names. BuildKit is the
 * truth: it lower-cases a stage name and accepts `^[a-z][a-z0-9-_.]*$`, so `__proto__` is no valid
 * stage name (the baseline says so) while the others are; any of them is a valid ARG name.
 * The tests marked "(was a bug)" failed before their fix; the others guard features that already
 * kept these names in a Map.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { documentSymbols } from '../../../server/src/features/documentSymbol';
import { codeLenses } from '../../../server/src/features/codeLens';
import { hover } from '../../../server/src/features/hover';
import { rename } from '../../../server/src/features/rename';
import { buildPlan } from '../../../server/src/features/buildPlan';
import { normalizeSettings } from '../../../server/src/settings';
import { TtlCache } from '../../../server/src/sizes/cache';
import type { BuildResultParams } from '../../../server/src/protocol';
import { ArgumentError, buildArgs, expandTag } from '../../../client/src/dockerArgs';
import { readBuildSettings } from '../../../client/src/config';
import { graphStatus, stageGraph } from '../../../client/src/graph/graph';
import { planOf } from '../../helpers/plan';
import { URI, contextOf, positionOf } from '../../helpers/context';

const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const textDocument = { uri: URI };

/** A diagnostic's message as text (the type allows Markdown too). */
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

/** Rule findings as `code: message`; a rule that throws fails the test (it would be dropped silently). */
function findings(text: string, settings = {}): string[] {
  const all = ruleDiagnostics(contextOf(text, settings), {}, (rule, error) => {
    throw new Error(`rule ${rule} threw: ${(error as Error)?.stack ?? error}`);
  });
  return all.map((d) => `${d.code}: ${messageOf(d)}`);
}

const codes = (text: string) => findings(text).map((f) => f.slice(0, f.indexOf(':')));

test('reserved-stage-name: no stage name is reserved for being a property of every object (was a bug)', () => {
  for (const name of HOSTILE) {
    const reported = findings(`FROM alpine:3.20 AS ${name}\nRUN true\n`).filter((f) => f.startsWith('reserved-stage-name'));
    assert.deepEqual(reported, [], name);
  }
  assert.equal(codes('FROM alpine:3.20 AS scratch\n').filter((c) => c === 'reserved-stage-name').length, 1, 'the reserved words still are');
});

test('undefined-var on a stage FROM an image named like an object property: the rule runs and reports (was a bug)', () => {
  // `FROM constructor` is an image: looking up its ENV in a plain-object table threw, and the rule's findings were lost.
  for (const image of ['constructor', 'me/constructor:1', 'valueOf', 'toString']) {
    const reported = findings(`FROM ${image}\nENV APP_HOME=/app\nWORKDIR $APP_HOMEE\n`);
    assert.ok(
      reported.some((f) => f.startsWith('undefined-var') && f.includes('(did you mean $APP_HOME?)')),
      `${image}: ${reported.join(' | ')}`,
    );
  }
});

test('stage and ARG names: unknown-stage, duplicate-stage-name, undefined-var and global ARGs read them as names (reserved-stage-name was a bug)', () => {
  const count = (text: string, code: string) => findings(text).filter((f) => f.startsWith(`${code}:`)).length;
  for (const name of HOSTILE) {
    const reported = findings(`FROM alpine:3.20 AS ${name}\nFROM scratch\nCOPY --from=${name} / /\nRUN --mount=from=${name},target=/t true\n`);
    assert.deepEqual(
      reported.filter((f) => /^(unknown-stage|reserved-stage-name|later-stage-reference|self-reference):/.test(f)),
      [],
      `${name}: --from and from= resolve to the stage`,
    );
    assert.equal(count(`ARG ${name}=1\nFROM alpine:3.20\nRUN echo $${name}\n`, 'global-arg-not-redeclared'), 1, `${name}: a global ARG used in a RUN`);
    assert.equal(count(`ARG ${name}=1\nFROM alpine:3.20\nARG ${name}\nRUN echo $${name}\n`, 'global-arg-not-redeclared'), 0, `${name}: declared again`);
    assert.equal(count(`FROM scratch\nWORKDIR /$${name}\n`, 'undefined-var'), 1, `${name}: nothing declares it`);
    assert.equal(count(`FROM scratch\nENV ${name}=x\nWORKDIR /$${name}\n`, 'undefined-var'), 0, `${name}: ENV declares it`);
    assert.equal(count(`FROM alpine:$${name}\n`, 'undefined-arg-in-from'), 1, `${name}: no global ARG declares it`);
    assert.equal(count(`ARG ${name}=3.20\nFROM alpine:$${name}\n`, 'undefined-arg-in-from'), 0, `${name}: a global ARG declares it`);
  }
  const typo = findings('FROM alpine:3.20 AS constructor\nFROM scratch\nCOPY --from=construtcor / /\n');
  assert.ok(
    typo.includes(
      'unknown-stage: COPY --from `construtcor`: no earlier stage has this name, so BuildKit pulls an image named `construtcor`. Did you mean `constructor`?',
    ),
    typo.join(' | '),
  );
  const twice = findings('FROM alpine:3.20 AS constructor\nFROM alpine:3.20 AS Constructor\n').filter((f) => f.startsWith('duplicate-stage-name'));
  assert.equal(twice.length, 1, twice.join(' | '));
  assert.equal(twice[0], 'duplicate-stage-name: Duplicate stage name "constructor", stage names should be unique');
});

test('a build arg named `__proto__` from the settings resolves its FROM, like any other (was a bug)', () => {
  const settings = normalizeSettings({ buildArgs: JSON.parse('{"__proto__": "3.20", "constructor": "edge"}') });
  assert.deepEqual(Object.entries(settings.buildArgs), [
    ['__proto__', '3.20'],
    ['constructor', 'edge'],
  ]);
  const { model } = contextOf('ARG __proto__=x\nARG constructor=y\nFROM alpine:${__proto__} AS a\nFROM alpine:${constructor} AS b\n', settings);
  assert.deepEqual(
    model.stages.map((s) => (s.base.kind === 'image' ? s.base.image.raw : s.base.kind)),
    ['alpine:3.20', 'alpine:edge'],
  );
});

/** Hostile stage names beside a misspelt instruction (a syntax error). */
const syntaxFile = (name: string) => `FROM alpine:3.20 AS ${name}\nRUNN true\nFROM alpine:3.20 AS constructor\nCOPY --from=${name} / /\n`;

test('syntax errors and duplicate names are reported beside stages named `constructor` or `__proto__` (the retired baseline lost them all)', () => {
  for (const name of ['constructor', '__proto__', 'prototype']) {
    const reported = findings(syntaxFile(name));
    assert.ok(
      reported.some((f) => /^syntax: .*RUNN/.test(f)),
      `${name}: ${reported.join(' | ')}`,
    );
    if (name === 'constructor') assert.equal(reported.filter((f) => f.startsWith('duplicate-stage-name:')).length, 1, reported.join(' | '));
    if (name === '__proto__')
      assert.ok(
        reported.includes('syntax: invalid name for build stage: "__proto__", name can\'t start with a number or contain symbols'),
        reported.join(' | '),
      );
  }
  // A large file: every stage still read, the errors past line 400 kept.
  const filler = Array.from({ length: 420 }, (_, i) => `RUN echo ${i}`).join('\n');
  const reported = findings(`FROM alpine:3.20 AS constructor\n${filler}\nFROM alpine:3.20 AS constructor\nRUNN true\n`);
  assert.ok(
    reported.some((f) => /^syntax: .*RUNN/.test(f)),
    reported.join(' | '),
  );
  assert.equal(reported.filter((f) => f.startsWith('duplicate-stage-name:')).length, 1, reported.join(' | '));
});

const stagesFile =
  'FROM alpine:3.20 AS constructor\nRUN true\nFROM alpine:3.20 AS unused\nFROM constructor AS toString\nCOPY --from=constructor / /\nFROM alpine:3.20 AS __proto__\nCOPY --from=toString / /\nFROM alpine:3.20 AS valueOf\n';

test('outline, code lenses and hover name these stages', () => {
  const context = contextOf(stagesFile);
  assert.deepEqual(
    documentSymbols(context).map((s) => s.name),
    ['constructor', 'unused', 'toString', '__proto__', 'valueOf'],
  );
  const builds = new Map<string, BuildResultParams>([['constructor', { uri: URI, target: 'constructor', ok: true, finishedAt: 1_000 }]]);
  const titles = codeLenses({ ...context, builds, now: 61_000 }).map((lens) => lens.command!.title);
  for (const title of ['Build target constructor', 'Build target toString', 'Build (default target)', 'built 1 min ago'])
    assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
  assert.ok(!titles.includes('Build target __proto__'), 'no Build lens for a name BuildKit refuses');
  const onReference = hover(context, { textDocument, position: positionOf(context, '--from=constructor', 0, 8) });
  assert.match((onReference!.contents as { value: string }).value, /^\*\*Stage `constructor`\*\* \(index 0\)/);
  assert.match((onReference!.contents as { value: string }).value, /Used by: `toString`/);
});

test('renaming the stage `constructor` renames its declaration and every reference', () => {
  const context = contextOf(stagesFile);
  const edit = rename(context, { textDocument, position: positionOf(context, 'AS constructor', 0, 4), newName: 'builder' })!;
  assert.deepEqual(
    edit.changes![URI].map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`),
    ['0:20 builder', '3:5 builder', '4:12 builder'],
  );
  assert.throws(() => rename(context, { textDocument, position: positionOf(context, 'AS unused', 0, 4), newName: 'Constructor' }), /already exists/);
});

test('build plan and stage graph: target `__proto__` or `toString` builds that stage and what it needs', () => {
  const context = contextOf(stagesFile);
  const proto = buildPlan(context, { uri: URI, target: '__proto__' });
  assert.deepEqual([proto.target, proto.buildkit, proto.classic], [3, [0, 2, 3], [0, 1, 2, 3]]);
  assert.deepEqual(buildPlan(context, { uri: URI, target: 'tostring' }).buildkit, [0, 2]);
  assert.deepEqual(buildPlan(context, { uri: URI, target: 'hasOwnProperty' }).target, undefined, 'no such stage');
  const plan = planOf(stagesFile, '__proto__');
  const graph = stageGraph(plan);
  const status = graphStatus(plan, graph, 'buildkit');
  assert.deepEqual(
    graph.nodes.filter((n) => n.kind === 'stage').map((n) => `${n.label}:${status.nodes[n.id].state}`),
    ['constructor:built', 'unused:skipped', 'toString:built', '__proto__:built', 'valueOf:after-target'],
  );
  assert.equal(status.summary.split('.')[0], 'BuildKit builds 3 of 5 stages for __proto__: constructor, toString, __proto__');
});

test('the build command line: target `constructor` reaches docker as an argument; `__proto__`, which BuildKit refuses, does not', () => {
  const spec = { dockerfile: '/w/app/Dockerfile', tag: 'app:1', context: '/w/app' };
  for (const target of ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
    const args = buildArgs({ ...spec, target });
    assert.deepEqual(args.slice(args.indexOf('--target'), args.indexOf('--target') + 2), ['--target', target]);
  }
  assert.throws(() => buildArgs({ ...spec, target: '__proto__' }), ArgumentError);
});

test('build args named like object properties reach docker from the settings (was a bug)', () => {
  const settings = readBuildSettings((key) => (key === 'buildArgs' ? JSON.parse('{"__proto__": "1", "constructor": "2", "toString": "3"}') : undefined));
  const args = buildArgs({ dockerfile: '/w/Dockerfile', tag: 'app:1', context: '/w', buildArgs: settings.buildArgs });
  assert.deepEqual(
    args.filter((_, i) => args[i - 1] === '--build-arg'),
    ['__proto__=1', 'constructor=2', 'toString=3'],
  );
});

test('the tag template: `${constructor}` is an unknown variable; a stage named `constructor` is a tag (was a bug)', () => {
  const vars = { workspaceFolderBasename: 'w', dockerfileFolderBasename: 'd', stage: 'constructor', gitSha: 'abc' };
  for (const name of HOSTILE)
    assert.match((expandTag(`app:\${${name}}`, vars) as { error: string }).error ?? '', new RegExp(`^unknown variable \\$\\{${name}\\}`), name);
  assert.deepEqual(expandTag('${stage}:${gitSha}', vars), { tag: 'constructor:abc' });
});

test('the size cache on disk keeps a key named `__proto__` (was a bug)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-hostile-'));
  try {
    const file = join(dir, 'sizes.json');
    const first = new TtlCache<number>({ ttlMs: 60_000, file });
    for (const [i, key] of HOSTILE.entries()) first.set(key, i);
    first.flush();
    const second = new TtlCache<number>({ ttlMs: 60_000, file });
    assert.deepEqual(
      HOSTILE.map((key) => second.get(key)?.value),
      [0, 1, 2, 3, 4, 5],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
