/**
 * Bad and hostile input for the model and the rules: property-based (fast-check) over arbitrary
 * text and over mutations of every real Dockerfile in test/corpus, plus the extreme shapes people
 * (or generators) produce, and names every JavaScript object inherits (`constructor`, `__proto__`, …)
 * as stage names, ARG names, `--from` values and targets. The model is always built, never throws,
 * keeps its invariants, a target names the stage of that name, and its cost stays linear — checked by counting operations (reads of the input lines, reads of the model
 * by the rules), never by the clock. FUZZ_RUNS=N (npm run fuzz) runs longer.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseLines } from '../../../server/src/analysis/parse';
import { splitLines } from '../../../server/src/analysis/scanner';
import type { DockerfileModel } from '../../../server/src/analysis/model';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { documentSymbols } from '../../../server/src/features/documentSymbol';
import { codeLenses } from '../../../server/src/features/codeLens';
import { buildPlan } from '../../../server/src/features/buildPlan';
import { contextOf } from '../../helpers/context';
import { counting } from '../../helpers/counting';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
// npm test replays a fixed seed (the same inputs on every machine); `npm run fuzz` explores new ones.
// A failure prints its seed and path: FUZZ_SEED=<seed> replays it.
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS !== undefined ? Date.now() % 2 ** 31 : 20261126;
fc.configureGlobal({ seed: SEED });
const corpus = join(__dirname, '..', '..', 'corpus', 'files');
const corpusTexts = readdirSync(corpus)
  .sort()
  .map((name) => readFileSync(join(corpus, name), 'utf8'));
export const counts = { inputs: 0 };

/** Invariants every model holds, whatever the input. */
function checkModel(model: DockerfileModel): void {
  const lastLine = model.lineCount - 1;
  let previousEnd = -1;
  model.stages.forEach((stage, i) => {
    assert.equal(stage.index, i);
    assert.ok(stage.range.start.line > previousEnd || i === 0, `stage ${i} overlaps the previous one`);
    assert.ok(stage.range.end.line <= lastLine);
    previousEnd = stage.range.end.line;
  });
  for (const ref of model.references) {
    assert.ok(ref.fromStage >= 0 && ref.fromStage < model.stages.length);
    if (ref.target.kind === 'stage') assert.ok(ref.target.stageIndex < ref.fromStage, 'a resolved reference points at an earlier stage');
    if (ref.target.kind === 'later-stage') assert.ok(ref.target.stageIndex >= ref.fromStage && ref.target.stageIndex < model.stages.length);
  }
  // Whole closures are quadratic in a chain of 100,000 stages: sample the plans of huge files.
  const plans = model.plans.length > 2000 ? [...model.plans.slice(0, 50), ...model.plans.slice(-50)] : model.plans;
  for (const plan of plans) {
    assert.ok(plan.buildkit.includes(plan.target));
    assert.ok(plan.buildkit.every((i) => i <= plan.target));
  }
  let line = -1;
  for (const instruction of model.instructions) {
    assert.ok(instruction.range.start.line > line, 'instructions in file order, not overlapping');
    assert.ok(instruction.range.end.line <= lastLine);
    line = instruction.range.end.line;
  }
}

/** Names every JavaScript object inherits: a plain object used as a map finds them (issue #21). */
const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const target = fc.constantFrom(undefined, 'a', 'b', 'c', '0', ...HOSTILE);

/** Model, rules and our own model-based features on one text (and a build target): nothing throws. */
function analyze(text: string, target?: string): DockerfileModel {
  counts.inputs++;
  const context = contextOf(text);
  checkModel(context.model);
  ruleDiagnostics(context, {}, (rule, error) => {
    throw new Error(`rule ${rule} threw: ${(error as Error)?.stack ?? error}`);
  });
  documentSymbols(context);
  codeLenses(context);
  const plan = buildPlan(context, { uri: context.document.uri, target });
  if (target !== undefined && !/^\d+$/.test(target)) {
    const named = context.model.stages.some((stage) => stage.key === target.toLowerCase());
    assert.equal(plan.target === undefined ? undefined : context.model.stages[plan.target].key, named ? target.toLowerCase() : undefined, `target ${target}`);
  }
  return context.model;
}

const line = fc.oneof(
  fc.constantFrom(
    'FROM alpine AS a',
    'FROM a AS b',
    'FROM b',
    'FROM ${IMG:-x} AS c',
    'COPY --from=a /x /y',
    'COPY --from=9 / /',
    'RUN --mount=from=b,target=/t true',
    'ARG IMG=busybox',
    'RUN <<EOF',
    'EOF',
    'CMD ["a", "b"',
    'ENV A=1 B=2',
    'USER 0',
    'EXPOSE 80',
    '# stagecraft-ignore',
    '# check=skip=all',
    '\\',
    'RUN echo \\',
    'ONBUILD COPY --from=a / /',
    '--',
    '  ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    ...HOSTILE.flatMap((n) => [
      `FROM alpine AS ${n}`,
      `FROM ${n} AS c`,
      `FROM ${n}`,
      `COPY --from=${n} /x /y`,
      `RUN --mount=from=${n},target=/t true`,
      `ARG ${n}`,
      `ARG ${n}=1`,
      `ENV ${n}=1`,
      `WORKDIR /$${n}`,
      `FROM \${${n}:-alpine} AS ${n}`,
    ]),
  ),
);

test('arbitrary text and Dockerfile-like lines: the model is built, keeps its invariants, rules never throw', () => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r'), target, (lines, eol, name) => {
      analyze(lines.join(eol), name);
    }),
    { numRuns: RUNS * 4 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
      analyze(text);
    }),
    { numRuns: RUNS },
  );
});

type Mutation = (lines: string[], r: number, s: string) => string[];
const mutations: Record<string, Mutation> = {
  delete: (l, r) => l.filter((_, i) => i !== r % Math.max(1, l.length)),
  duplicate: (l, r) => {
    const i = r % Math.max(1, l.length);
    return [...l.slice(0, i + 1), ...l.slice(i)];
  },
  swap: (l, r) => {
    if (l.length < 2) return l;
    const c = [...l];
    const i = r % c.length;
    const j = (r * 7 + 3) % c.length;
    [c[i], c[j]] = [c[j], c[i]];
    return c;
  },
  truncate: (l, r) => {
    const text = l.join('\n');
    return text.slice(0, r % (text.length + 1)).split('\n');
  },
  insert: (l, r, s) => {
    const c = [...l];
    const i = r % Math.max(1, c.length);
    c[i] = (c[i] ?? '').slice(0, r % 7) + s + (c[i] ?? '').slice(r % 7);
    return c;
  },
  tabs: (l) => l.map((x) => x.replace(/ /g, '\t')),
  nul: (l, r) => {
    const c = [...l];
    const i = r % Math.max(1, c.length);
    c[i] = `${c[i] ?? ''}\u0000`;
    return c;
  },
  bom: (l) => ['\uFEFF' + (l[0] ?? ''), ...l.slice(1)],
  'lone-cr': (l) => [l.join('\r')],
  // The first stage name and the first ARG name, everywhere they appear, become names every object inherits.
  hostile: (l, r) => {
    const text = l.join('\n');
    const stage = /\bAS\s+([A-Za-z][\w.-]*)/i.exec(text)?.[1];
    const arg = /^\s*ARG\s+([A-Za-z_]\w*)/m.exec(text)?.[1];
    let renamed = stage ? text.replace(new RegExp(`\\b${stage.replace(/[.-]/g, '\\$&')}\\b`, 'gi'), HOSTILE[r % HOSTILE.length]) : text;
    if (arg) renamed = renamed.replace(new RegExp(`\\b${arg}\\b`, 'g'), HOSTILE[(r + 1) % HOSTILE.length]);
    return renamed.split('\n');
  },
};

test(`mutations of the ${corpusTexts.length} corpus files (lines deleted, duplicated, swapped, truncated, Unicode, tabs, NUL, BOM, lone CR, hostile names)`, () => {
  fc.assert(
    fc.property(
      fc.nat(corpusTexts.length - 1),
      fc.array(fc.tuple(fc.constantFrom(...Object.keys(mutations)), fc.nat(100_000), fc.string({ unit: 'grapheme', maxLength: 8 })), {
        minLength: 1,
        maxLength: 6,
      }),
      target,
      (fileIndex, steps, name) => {
        let lines = splitLines(corpusTexts[fileIndex]);
        for (const [mutation, r, s] of steps) lines = mutations[mutation](lines, r, s);
        analyze(lines.join('\n'), name);
      },
    ),
    { numRuns: RUNS * 4 },
  );
});

test('extreme shapes: a 1 MB line, 100,000 stages, 10,000 continuation lines, unterminated heredocs and JSON, a cycle of FROMs', () => {
  analyze(`FROM alpine\nRUN echo ${'x'.repeat(1_000_000)}\n`);
  const stages = Array.from({ length: 100_000 }, (_, i) => `FROM ${i ? `s${i - 1}` : 'alpine'} AS s${i}`).join('\n');
  assert.equal(analyze(stages).stages.length, 100_000);
  const continued = analyze(`FROM alpine\nRUN a \\\n${'  && b \\\n'.repeat(10_000)}  && c\n`);
  assert.equal(continued.instructions.length, 2);
  const heredoc = analyze('FROM alpine\nRUN <<EOF\necho never closed\nCOPY --from=x / /\n');
  assert.equal(heredoc.instructions.length, 2, 'the unterminated heredoc swallows the rest, as BuildKit reads it');
  assert.ok(heredoc.problems.some((p) => /never closed/.test(p.message)));
  analyze('FROM alpine\nCMD ["a", "b"\nENTRYPOINT [\n');
  const cycle = analyze('FROM b AS a\nFROM a AS b\nCOPY --from=b / /\n');
  assert.equal(cycle.stages[0].base.kind, 'image', '`FROM b` before any stage b is an image, so no cycle exists in the model');
  assert.deepEqual(cycle.plans[1].buildkit, [0, 1]);
});

/** A realistic multi-stage file of `n` stages (references, ARGs, heredocs, mounts, a typo or two). */
function generated(n: number): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=alpine:3.20'];
  for (let i = 0; i < n; i++) {
    out.push(
      `FROM ${i % 5 === 0 ? '${BASE}' : i ? `stage${i - 1}` : 'golang:1.22'} AS stage${i}`,
      'ARG BASE',
      `RUN --mount=type=cache,target=/c${i} echo ${i} \\`,
      '    && true',
    );
    if (i > 2) out.push(`COPY --from=stage${i - 2} /out /out${i}`, `COPY --from=stgae${i - 3} /x /x`);
    if (i % 7 === 0) out.push('RUN <<EOF', 'echo heredoc', 'EOF');
    out.push('USER 1000', 'EXPOSE 8080', 'CMD ["/app"]', '');
  }
  return out.join('\n');
}

test('cost stays linear: reads of the lines by the parser and of the model by every rule grow with the file', () => {
  const measure = (n: number) => {
    const lines = splitLines(generated(n));
    const lineReads = { reads: 0 };
    const model = parseLines(counting(lines, lineReads));
    const modelReads = { reads: 0 };
    const context = { ...contextOf(''), model: counting(model, modelReads) };
    ruleDiagnostics(context, {}, (rule, error) => {
      throw new Error(`rule ${rule} threw: ${error}`);
    });
    return { lines: lines.length, lineReads: lineReads.reads, modelReads: modelReads.reads };
  };
  const small = measure(300);
  const large = measure(1200);
  const size = large.lines / small.lines;
  const parseRatio = large.lineReads / small.lineReads;
  const ruleRatio = large.modelReads / small.modelReads;
  console.log(
    `linearity: ${small.lines} -> ${large.lines} lines (x${size.toFixed(2)}); parser line reads x${parseRatio.toFixed(2)}; rule model reads x${ruleRatio.toFixed(2)} (${small.modelReads} -> ${large.modelReads})`,
  );
  assert.ok(parseRatio < size * 1.5, `parser reads grew x${parseRatio.toFixed(2)} for x${size.toFixed(2)} lines`);
  assert.ok(ruleRatio < size * 1.5, `rules' model reads grew x${ruleRatio.toFixed(2)} for x${size.toFixed(2)} lines: some rule is superlinear`);
});

test.after?.(() => console.log(`robustness: ${counts.inputs} inputs analyzed (seed ${SEED}), 0 crashes`));
