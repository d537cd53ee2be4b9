import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hover } from '../../../server/src/features/hover';
import { URI, contextOf, fixture, positionOf } from '../../helpers/context';

const textDocument = { uri: URI };

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

test('hover on a stage says when builds use the classic builder, and that it runs a stage BuildKit would skip', () => {
  const context = { ...fixture('stages'), builder: { kind: 'classic' as const, reason: 'stagecraft.build.builder is classic', source: 'setting' as const } };
  const text = (hover(context, { textDocument, position: positionOf(context, 'AS test', 0, 4) })!.contents as { value: string }).value;
  assert.match(
    text,
    /Builds here use the classic builder \(stagecraft\.build\.builder is classic\): it runs every stage up to the target, this one included\./,
  );
  assert.match(text, /BuildKit skips this stage for the default target `final`; the classic builder runs it\./);
  const plain = (hover(fixture('stages'), { textDocument, position: positionOf(context, 'AS test', 0, 4) })!.contents as { value: string }).value;
  assert.doesNotMatch(plain, /Builds here use|the classic builder runs it/);
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
