import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { definition } from '../../../server/src/features/definition';
import { references } from '../../../server/src/features/references';
import { prepareRename, rename } from '../../../server/src/features/rename';
import { documentHighlight } from '../../../server/src/features/documentHighlight';
import { hover } from '../../../server/src/features/hover';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, contextOf, expectJson, fixture, positionOf } from './context';

const textDocument = { uri: URI };

test('go to definition from --from=BUILD, FROM base and mount from=build lands on the AS name', () => {
  const context = fixture('stages');
  const buildName = positionOf(context, 'AS Build', 0, 3);
  for (const [needle, occurrence] of [
    ['--from=BUILD', 0],
    ['from=build', 0],
  ] as const) {
    const location = definition(context, { textDocument, position: positionOf(context, needle, occurrence, needle.indexOf('=') + 2) });
    assert.deepEqual(location?.range.start, buildName, needle);
  }
  const toBase = definition(context, { textDocument, position: positionOf(context, 'FROM base', 0, 6) });
  assert.deepEqual(toBase?.range.start, positionOf(context, 'AS base', 0, 3));
  const toIndex = definition(context, { textDocument, position: positionOf(context, '--from=0', 0, 7) });
  assert.deepEqual(toIndex?.range.start, positionOf(context, 'AS base', 0, 3));
});

test('references of a stage: its name and every reference, whatever the case', () => {
  const context = fixture('stages');
  const found = references(context, { textDocument, position: positionOf(context, 'AS Build', 0, 4), context: { includeDeclaration: true } });
  expectJson('stages', 'references-Build', found);
  assert.deepEqual(
    found.map((l) => context.document.getText(l.range)),
    ['Build', 'build', 'BUILD'],
  );
  const withoutDeclaration = references(context, { textDocument, position: positionOf(context, 'AS Build', 0, 4), context: { includeDeclaration: false } });
  assert.equal(withoutDeclaration.length, 2);
});

test('rename a stage everywhere; --from=0 keeps its index', () => {
  const context = fixture('stages');
  const position = positionOf(context, 'FROM base AS Build', 0, 6);
  assert.equal(context.document.getText(prepareRename(context, { textDocument, position })!), 'base');
  const edit = rename(context, { textDocument, position, newName: 'deps' })!;
  expectJson('stages', 'rename-base-to-deps', edit);
  const after = TextDocument.applyEdits(context.document, edit.changes![URI]);
  assert.match(after, /AS deps\n/);
  assert.match(after, /FROM deps AS Build/);
  assert.match(after, /FROM deps AS test/);
  assert.match(after, /--from=0 /);
  assert.equal(prepareRename(context, { textDocument, position: positionOf(context, '--from=0', 0, 7) }), null);
});

test('rename refuses invalid names and names of other stages', () => {
  const context = fixture('stages');
  const position = positionOf(context, 'AS test', 0, 4);
  assert.throws(() => rename(context, { textDocument, position, newName: 'a b' }), /not a valid stage name/);
  assert.throws(() => rename(context, { textDocument, position, newName: 'FINAL' }), /already exists/);
});

test('highlight marks the declaration as write and references as read', () => {
  const context = fixture('stages');
  const highlights = documentHighlight(context, { textDocument, position: positionOf(context, '--from=BUILD', 0, 8) });
  assert.deepEqual(
    highlights.map((h) => h.kind),
    [3, 2, 2],
  );
});

test('hover on a stage tells its base, dependencies and the targets that build it', () => {
  const context = fixture('stages');
  const result = hover(context, { textDocument, position: positionOf(context, 'AS test', 0, 4) });
  const text = (result!.contents as { value: string }).value;
  assert.match(text, /\*\*Stage `test`\*\* \(index 2\) · FROM `base`/);
  assert.match(text, /Depends on: `base`/);
  assert.match(text, /Built by targets under BuildKit: `test`\n/);
  assert.match(text, /classic builder: `test`, `stage 3`, `final`/);
  assert.match(text, /BuildKit skips this stage for the default target `final`/);
});

test('hover on a stage tells when the default target runs it: in parallel with whom, the critical path, the classic order', () => {
  const context = fixture('parallel');
  const text = (name: string) => (hover(context, { textDocument, position: positionOf(context, `AS ${name}`, 0, 4) })!.contents as { value: string }).value;
  assert.match(
    text('lint'),
    /Runs in parallel with `docs` under BuildKit \(group 2 of 3 for the default target `final`\) · on the critical path `base` → `lint` → `final`\./,
  );
  assert.match(text('docs'), /Runs in parallel with `lint` under BuildKit \(group 2 of 3 .*\) · not on the critical path `base` → `lint` → `final`\./);
  assert.match(text('base'), /Runs in parallel with `assets` under BuildKit \(group 1 of 3/);
  assert.match(text('final'), /Runs with no other stage at the same time under BuildKit \(group 3 of 3 .*\) · on the critical path/);
  assert.match(text('docs'), /The classic builder runs one stage at a time: this one as number 3 of 5 for the default target\./);
  const three = contextOf(
    'FROM a AS base\nFROM base AS lint\nFROM base AS docs\nFROM base AS test\nFROM base AS final\nCOPY --from=lint / /\nCOPY --from=docs / /\nCOPY --from=test / /\n',
  );
  const value = (hover(three, { textDocument, position: positionOf(three, 'AS test', 0, 4) })!.contents as { value: string }).value;
  assert.match(value, /Runs in parallel with `lint` and `docs` under BuildKit/);
  // A stage the default target skips says so and nothing about its group.
  // With the stage as --target: how many stages each builder builds.
  assert.match(text('final'), /As the target: BuildKit builds 5 stages in 3 groups \(up to 2 in parallel\); the classic builder 5, one at a time\./);
  assert.match(text('docs'), /As the target: BuildKit builds 2 stages, one after another; the classic builder 3, one at a time\./);
  assert.match(text('base'), /As the target: BuildKit builds 1 stage; the classic builder 1\./);
  // Long lists are cut: a generated file's hover stays short.
  const wide = contextOf(
    [
      'FROM a AS s0',
      ...Array.from({ length: 11 }, (_, i) => `FROM s${i} AS s${i + 1}`),
      ...Array.from({ length: 10 }, (_, i) => `FROM a AS w${i}`),
      'FROM s11 AS last',
      ...Array.from({ length: 10 }, (_, i) => `COPY --from=w${i} / /`),
    ].join('\n'),
  );
  const cut = (hover(wide, { textDocument, position: positionOf(wide, 'AS w0', 0, 4) })!.contents as { value: string }).value;
  assert.match(cut, /Runs in parallel with `s0`, `w1`, .*, `w7` and 2 more under BuildKit \(group 1 of 13/);
  assert.match(cut, /not on the critical path `s0` → `s1` → `s2` → … 7 more … → `s10` → `s11` → `last`\./);
  const stages = fixture('stages');
  const skipped = (hover(stages, { textDocument, position: positionOf(stages, 'AS test', 0, 4) })!.contents as { value: string }).value;
  assert.match(skipped, /BuildKit skips this stage/);
  assert.doesNotMatch(skipped, /Runs |critical path/);
});

test('hover elsewhere falls back to the instruction docs', () => {
  const context = fixture('stages');
  const result = hover(context, { textDocument, position: positionOf(context, 'WORKDIR', 0, 1) });
  assert.match(JSON.stringify(result?.contents), /WORKDIR/i);
});

test('hover on a stage says who builds it outside the file: as the target, or for a target that needs it', () => {
  const context = { ...fixture('stages'), env: { builds: [{ target: 'test', label: 'Compose service `tests`' }, { label: 'Dev Container' }] } };
  const text = (needle: string) => (hover(context, { textDocument, position: positionOf(context, needle, 0, 4) })!.contents as { value: string }).value;
  assert.match(text('AS test'), /\n\nTarget of Compose service `tests`\.$/);
  assert.match(text('AS final'), /\n\nTarget of Dev Container\.$/);
  assert.match(text('AS base'), /\n\nBuilt for Compose service `tests`, Dev Container \(their targets need it\)\.$/);
  assert.match(text('AS Build'), /\n\nBuilt for Dev Container \(their targets need it\)\.$/);
  const alone = { ...context, env: { builds: [{ target: 'test', label: 'CI' }] } };
  assert.doesNotMatch(
    (hover(alone, { textDocument, position: positionOf(alone, 'AS Build', 0, 4) })!.contents as { value: string }).value,
    /Target of|Built for/,
  );
});

test('references and rename of a stage include the Compose, Dev Container and CI files that build it', () => {
  const at = (uri: string, line: number, character: number, length: number) => ({
    uri,
    range: { start: { line, character }, end: { line, character: character + length } },
  });
  const builds = [
    { target: 'TEST', label: 'Compose service `t`', at: at('file:///work/compose.yaml', 5, 14, 4) },
    { target: 'test', label: 'Compose service `u`', at: at('file:///work/compose.yaml', 5, 14, 4) }, // extends the same base
    { target: 'test', label: 'CI', at: at('file:///work/.github/workflows/ci.yml', 7, 17, 4) },
    { target: 'test', label: 'interpolated' },
    { target: 'final', label: 'Dev Container', at: at('file:///work/.devcontainer/devcontainer.json', 3, 15, 5) },
  ];
  const context = { ...fixture('stages'), env: { builds } };
  const position = positionOf(context, 'AS test', 0, 4);
  const found = references(context, { textDocument, position, context: { includeDeclaration: false } });
  assert.deepEqual(
    found.map((l) => `${l.uri.replace('file:///work/', '')}:${l.range.start.line}`),
    ['compose.yaml:5', '.github/workflows/ci.yml:7'],
  );
  const edit = rename(context, { textDocument, position, newName: 'check' })!;
  assert.deepEqual(Object.keys(edit.changes!), [URI, 'file:///work/compose.yaml', 'file:///work/.github/workflows/ci.yml']);
  assert.deepEqual(edit.changes!['file:///work/compose.yaml'], [{ range: builds[0].at!.range, newText: 'check' }]);
});
