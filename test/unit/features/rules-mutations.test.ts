/**
 * Recall on real files: the corpus is mostly correct, so the stage and build-arg rules report little
 * there. These tests seed one known mistake at a time into corpus files and check the rule catches
 * every one of them (and says so at the mutated line).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { rulesById } from '../../../server/src/features/rules';
import { imageMaySet } from '../../../server/src/features/rules/scope';

const dir = join(__dirname, '..', '..', 'corpus', 'files');
const files = readdirSync(dir)
  .sort()
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

function found(text: string, rule: string): { line: number; message: string }[] {
  return rulesById
    .get(rule)!
    .check({ uri: 'file:///x', model: parseDockerfile(text), env: {} })
    .map((f) => ({ line: f.range.start.line, message: f.message }));
}

function replaceRange(text: string, line: number, start: number, end: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, start) + replacement + lines[line].slice(end);
  return lines.join('\n');
}

test("removing a stage's `ARG NAME` of a global ARG it uses is reported by global-arg-not-redeclared", () => {
  let seeded = 0;
  for (const { name, text } of files) {
    const model = parseDockerfile(text);
    const globals = new Set(model.globalArgs.map((a) => a.name));
    for (const stage of model.stages) {
      if (stage.base.kind === 'stage') continue; // a parent stage may declare it too
      for (const arg of stage.args) {
        if (!globals.has(arg.name) || arg.defaultValue !== undefined || arg.range.start.line !== arg.range.end.line) continue;
        if (model.instructions.some((i) => i.range.start.line === arg.range.start.line && i.args.length !== 1)) continue;
        if (stage.args.filter((a) => a.name === arg.name).length > 1 || stage.envs.some((e) => e.name === arg.name)) continue;
        const uses = [...stage.variableUses, ...stage.shellVariableUses].filter((u) => u.name === arg.name && u.range.start.line > arg.range.start.line);
        if (uses.length === 0) continue;
        // Left out on purpose: ENV the base image sets, a RUN that sets the name itself.
        if (imageMaySet(model, stage, arg.name)) continue;
        if (
          uses.every((u) =>
            model.instructions.some(
              (i) =>
                i.keyword === 'RUN' &&
                i.range.start.line <= u.range.start.line &&
                u.range.start.line <= i.range.end.line &&
                i.args.some((w) => w.value.includes(`${arg.name}=`)),
            ),
          )
        )
          continue;
        const mutated = replaceRange(text, arg.range.start.line, 0, Infinity, '');
        const hits = found(mutated, 'global-arg-not-redeclared').filter((f) => f.message.startsWith(`\`${arg.name}\``));
        seeded++;
        assert.ok(hits.length > 0, `${name}: removing line ${arg.range.start.line + 1} (ARG ${arg.name}) went unreported`);
      }
    }
  }
  assert.ok(seeded >= 15, `only ${seeded} mutations: the corpus should give more`);
});

test('pointing a COPY --from at a later stage, at the stage itself or past the end is reported', () => {
  let seeded = 0;
  for (const { name, text } of files) {
    const model = parseDockerfile(text);
    const copy = model.references.find(
      (r) => r.kind === 'copy' && r.target.kind === 'stage' && r.range.start.line === r.range.end.line && model.stages[r.fromStage].name !== undefined,
    );
    if (!copy) continue;
    const { line, character } = copy.range.start;
    const later = model.stages.find(
      (s) => s.index > copy.fromStage && s.name !== undefined && !model.stages.some((o) => o.index < copy.fromStage && o.key === s.key),
    );
    const self = model.stages[copy.fromStage].name!;
    const cases: [string, string][] = [
      [self, 'self-reference'],
      [String(model.stages.length + 3), 'from-index-out-of-range'],
    ];
    if (later && later.key !== self.toLowerCase()) cases.push([later.name!, 'later-stage-reference']);
    for (const [replacement, rule] of cases) {
      const mutated = replaceRange(text, line, character, copy.range.end.character, replacement);
      seeded++;
      assert.ok(
        found(mutated, rule).some((f) => f.line === line),
        `${name}:${line + 1}: --from=${replacement} not reported by ${rule}`,
      );
    }
  }
  assert.ok(seeded >= 60, `only ${seeded} mutations`);
});

test("renaming a stage to an earlier stage's name, `scratch` or with capitals is reported", () => {
  let seeded = 0;
  for (const { name, text } of files) {
    const model = parseDockerfile(text);
    const named = model.stages.filter((s) => s.name !== undefined && s.nameRange && s.nameRange.start.line === s.nameRange.end.line);
    if (named.length < 2) continue;
    const [first, second] = named;
    const { line, character } = second.nameRange!.start;
    const end = second.nameRange!.end.character;
    for (const [replacement, rule] of [
      [first.name!.toUpperCase(), 'duplicate-stage-name'],
      ['scratch', 'reserved-stage-name'],
      [`My${second.name}`, 'stage-name-casing'],
    ] as const) {
      const mutated = replaceRange(text, line, character, end, replacement);
      seeded++;
      assert.ok(
        found(mutated, rule).some((f) => f.line === line),
        `${name}:${line + 1}: AS ${replacement} not reported by ${rule}`,
      );
    }
  }
  assert.ok(seeded >= 60, `only ${seeded} mutations`);
});

test('misspelling a variable in a FROM line or a declared ENV is reported with the right suggestion', () => {
  let seeded = 0;
  for (const { name, text } of files) {
    const model = parseDockerfile(text);
    const globals = new Set(model.globalArgs.map((a) => a.name));
    const use = model.stages
      .flatMap((s) => s.fromVariableUses)
      .find((u) => globals.has(u.name) && u.name.length >= 4 && u.range.start.line === u.range.end.line);
    if (!use) continue;
    const typo = use.name.slice(0, -2) + use.name.slice(-1) + use.name.slice(-2, -1); // swap the last two letters
    if (globals.has(typo) || typo === use.name) continue;
    const offset = use.range.end.character - use.range.start.character > use.name.length + 1 ? 2 : 1;
    const mutated = replaceRange(text, use.range.start.line, use.range.start.character + offset, use.range.start.character + offset + use.name.length, typo);
    seeded++;
    const hits = found(mutated, 'undefined-arg-in-from').filter((f) => f.line === use.range.start.line);
    assert.ok(
      hits.some((f) => f.message.includes(`(did you mean ${use.name}?)`)),
      `${name}:${use.range.start.line + 1}: ${typo} not reported with a suggestion`,
    );
  }
  assert.ok(seeded >= 20, `only ${seeded} mutations`);
});

test('misspelling a variable the stage declares, in an instruction Docker expands, is reported by undefined-var', () => {
  let seeded = 0;
  for (const { name, text } of files) {
    const model = parseDockerfile(text);
    for (const stage of model.stages) {
      const declared = new Set([...stage.args, ...stage.envs].map((d) => d.name));
      const use = stage.variableUses.find(
        (u) =>
          declared.has(u.name) &&
          u.name.length >= 4 &&
          !u.modifier &&
          u.range.start.line === u.range.end.line &&
          [...stage.args, ...stage.envs].some((d) => d.name === u.name && d.range.end.line < u.range.start.line),
      );
      if (!use) continue;
      const typo = use.name.slice(0, -2) + use.name.slice(-1) + use.name.slice(-2, -1);
      if (typo === use.name || declared.has(typo) || model.globalArgs.some((a) => a.name === typo)) continue;
      const offset = use.range.end.character - use.range.start.character > use.name.length + 1 ? 2 : 1;
      const mutated = replaceRange(text, use.range.start.line, use.range.start.character + offset, use.range.start.character + offset + use.name.length, typo);
      seeded++;
      const hits = found(mutated, 'undefined-var').filter((f) => f.line === use.range.start.line);
      assert.ok(
        hits.some((f) => f.message.includes(`(did you mean $${use.name}?)`)),
        `${name}:${use.range.start.line + 1}: ${typo} for ${use.name} not reported with a suggestion`,
      );
      break;
    }
  }
  assert.ok(seeded >= 20, `only ${seeded} mutations`);
});
