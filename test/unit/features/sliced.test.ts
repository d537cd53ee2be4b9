/**
 * The baseline on slices gives what it gives on the whole text: validation (modulo order), hover,
 * completion, signature help and folding, on every corpus file (sliced even though they are small)
 * and on the 1k-line file, at every instruction's keyword, arguments, flags and variables.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { lineOffsets, skeletonSlice, stageAtLine, stageSlice } from '../../../server/src/analysis/slices';
import { baseline } from '../../../server/src/features/context';
import {
  SliceCache, planFor, runToEnd, slicedCompletion, slicedFoldingRanges, slicedHover, slicedSignatureHelp, validateSliced,
} from '../../../server/src/features/sliced';

const corpus = join(__dirname, '..', '..', 'corpus');
const inputs = [
  ...readdirSync(join(corpus, 'files')).sort().map((name) => ({ name, text: readFileSync(join(corpus, 'files', name), 'utf8') })),
  { name: 'large_1k.Dockerfile', text: readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8') },
];
/** Files the slices apply to: two stages or more, every line read by the model. */
const sliceable = inputs.filter(({ text }) => planFor(parseDockerfile(text), text, 0));

const sorted = (items: unknown[]) => items.map((item) => JSON.stringify(item)).sort();

test(`slices apply to most corpus files (${sliceable.length} of ${inputs.length})`, () => {
  assert.ok(sliceable.length >= 100);
});

test('validation per stage equals whole-file validation, modulo order', () => {
  for (const { name, text } of sliceable) {
    const model = parseDockerfile(text);
    const { plan } = planFor(model, text, 0)!;
    const sliced = runToEnd(validateSliced(text, plan, new SliceCache()));
    assert.deepEqual(sorted(sliced), sorted(baseline().validate(text)), name);
  }
});

test('a cached run after an edit in one stage equals a fresh whole-file validation', () => {
  const text = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  const cache = new SliceCache<never>();
  runToEnd(validateSliced(text, planFor(parseDockerfile(text), text, 0)!.plan, cache));
  const lines = text.split('\n');
  const at = lines.findIndex((line, i) => i > lines.length / 2 && line.startsWith('RUN '));
  const edits = [
    (l: string[]) => { l[at] = `${l[at]} \\\n    && CMD`; },                 // a continuation, a new line
    (l: string[]) => { l.splice(at, 0, 'FROM alpine AS build_c0'); },          // a duplicate stage name
    (l: string[]) => { l.splice(at, 0, '# dockerfile-utils: ignore'); l.splice(at + 1, 0, 'FROM x AS build_c0'); },
    (l: string[]) => { l.splice(at, 1); },
  ];
  for (const edit of edits) {
    const copy = [...lines];
    edit(copy);
    const edited = copy.join('\n');
    const sliced = planFor(parseDockerfile(edited), edited, 0);
    assert.ok(sliced);
    const result = runToEnd(validateSliced(edited, sliced.plan, cache));
    assert.deepEqual(sorted(result), sorted(baseline().validate(edited)));
  }
});

test('a line that is no instruction keeps the slices (no whole-file run), and sliced still equals whole', () => {
  const text = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  const lines = text.split('\n');
  const middle = lines.findIndex((line, i) => i > lines.length / 2 && /^RUN .*\\$/.test(line)); // a RUN that continues
  const from = lines.findIndex((line, i) => i > middle && line.startsWith('FROM '));
  const firstFrom = lines.findIndex((line) => line.startsWith('FROM '));
  const edits: [string, (l: string[]) => void][] = [
    ['a continued RUN commented out: its continuation lines are no instruction', (l) => { l[middle] = `#${l[middle]}`; }],
    ['a typo in the middle of a stage', (l) => { l.splice(middle, 0, '!oops'); }],
    ['a flag-like line right before a FROM', (l) => { l.splice(from, 0, '--mount=type=cache,target=/x'); }],
    ['text before the first FROM', (l) => { l.splice(firstFrom, 0, '= = ='); }],
    ['an instruction before the first FROM', (l) => { l.splice(firstFrom, 0, 'RUN echo early'); }],
  ];
  for (const [name, edit] of edits) {
    const copy = [...lines];
    edit(copy);
    const edited = copy.join('\n');
    const model = parseDockerfile(edited);
    assert.ok(model.problems.length > 0, `${name}: the model reports the line`);
    const sliced = planFor(model, edited, 0);
    assert.ok(sliced, `${name}: still sliced`);
    assert.deepEqual(sorted(runToEnd(validateSliced(edited, sliced.plan, new SliceCache()))), sorted(baseline().validate(edited)), name);
  }
  // Small files whose readings could part at a cut (found in review): the continuation of a line
  // that is no instruction runs over empty and comment lines into the next FROM, in every escape and
  // line ending; and a multi-line one keeps its fold.
  const small = [
    'FROM alpine AS a\nCMD ["a"]\n!oops \\\n\nFROM alpine AS b\nCMD ["b"]\n',
    'FROM alpine AS a\nCMD ["a"]\n!oops \\\n# note\nFROM alpine AS b\nCMD ["b"]\n',
    'FROM alpine AS a\nCMD ["a"]\n!oops \\\n   \nFROM alpine AS a\nCMD ["b"]\n',
    'FROM alpine AS a\r\nCMD ["a"]\r\n!oops \\\r\n\r\nFROM alpine AS b\r\nCMD ["b"]\r\n',
    '# escape=`\nFROM alpine AS a\nCMD ["a"]\n!oops `\n\nFROM alpine AS b\nCMD ["b"]\n',
    'FROM alpine AS a\nRUN echo a\n\nFROM alpine AS b\nRUN echo b\n!oops \\\n  more \\\n  stuff\nRUN echo c\n',
  ];
  for (const edited of small) {
    const model = parseDockerfile(edited);
    const sliced = planFor(model, edited, 0);
    const validated = sliced ? runToEnd(validateSliced(edited, sliced.plan, new SliceCache())) : baseline().validate(edited);
    assert.deepEqual(sorted(validated), sorted(baseline().validate(edited)), JSON.stringify(edited));
    assert.deepEqual(slicedFoldingRanges(model, edited, undefined, 0), baseline().computeFoldingRanges(edited), JSON.stringify(edited));
  }
  // An unclosed heredoc runs to the end of the file: the whole text is the unit.
  const heredoc = [...lines];
  heredoc.splice(middle, 0, 'RUN <<EOF');
  const unclosed = heredoc.join('\n');
  assert.equal(planFor(parseDockerfile(unclosed), unclosed, 0), undefined);
});

test('cuts: every line belongs to the prelude or one chunk, and the skeleton holds the FROMs of shared names', () => {
  for (const { name, text } of sliceable) {
    const model = parseDockerfile(text);
    const { plan, offsets } = planFor(model, text, 0)!;
    assert.equal(plan.chunks[0][0], plan.preludeEnd, name);
    for (let i = 1; i < plan.chunks.length; i++) assert.equal(plan.chunks[i][0], plan.chunks[i - 1][1], name);
    assert.equal(plan.chunks[plan.chunks.length - 1][1], offsets.length - 1, name);
    for (const stage of model.stages) {
      const line = stage.fromInstruction.range.start.line;
      assert.equal(stageAtLine(plan, line), stage.index, name);
      const slice = stageSlice(text, offsets, plan, stage.index);
      assert.equal(slice.toFile(slice.fromFile(line)!), line, name);
    }
    const skeleton = skeletonSlice(text, lineOffsets(text), plan);
    const keys = model.stages.map((stage) => stage.key).filter((key) => key !== undefined);
    const shared = keys.filter((key) => keys.indexOf(key) !== keys.lastIndexOf(key)).length;
    const froms = (skeleton.text.match(/^\s*FROM\s/gim) ?? []).length;
    assert.ok(froms >= shared && froms <= model.stages.length, name);
  }
});

test('the skeleton finds the duplicate names the whole-file baseline finds, also where a FROM reads oddly', () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `FROM alpine AS s${i}\nRUN echo ${i}\n`).join('\n');
  const cases = [
    'FROM alpine AS a\nRUN x\nFROM alpine AS b\nRUN y\nFROM alpine AS A\nRUN z\n',           // case-insensitive
    'FROM alpine AS a\nRUN x\nFROM alpine \\\n  AS a\nRUN y\n',                              // a FROM over two lines
    'FROM alpine AS a\\\nb\nRUN x\nFROM alpine AS ab\nRUN y\n',                               // an escaped newline inside the name
    'FROM alpine AS "a"\nRUN x\nFROM alpine AS a\nRUN y\n',                                      // quotes
    'FROM alpine AS "a b"\nRUN x\nFROM alpine AS "a c"\nRUN y\n',                                // quoted space: words differ
    'ARG N=a\nFROM alpine AS ${N}\nRUN x\nFROM alpine AS ${N}\nRUN y\n',                        // variables
    '# escape=`\nFROM alpine AS a`\nb\nRUN x\nFROM alpine AS ab\nRUN y\nFROM alpine AS a\nRUN z\n', // another escape
    'FROM --platform=linux/amd64 alpine AS a\nRUN x\nFROM alpine as A extra\nRUN y\n',          // flags, lower-case AS, a fourth word
    `${filler(3)}\n# dockerfile-utils: ignore\nFROM alpine AS s1\nRUN y\nFROM alpine AS s2\n`,    // ignored on one of them
    `${filler(5)}\nFROM alpine AS\nFROM alpine AS s4\n`,                                           // AS without a name
    'FROM alpine AS x\nRUN a\nFROM my--img --platform=linux/amd64 AS x\nRUN b\n',                // `--` inside a word (found in review)
    'FROM alpine AS x\nRUN a\nFROM alpine A\u017f x\nRUN b\n',                                  // long s upper-cases to S (found in review)
    `${filler(4)}\nFROM \${IMG:-alpine} AS s2\nRUN b\n`,                                        // an odd FROM sharing a plain one's name
    `${filler(4)}\nFROM --platform=$BUILDPLATFORM alpine AS S3\nFROM "x" AS s9\nFROM x AS "s9"\n`,  // odd ones among themselves
  ];
  for (const text of cases) {
    const model = parseDockerfile(text);
    const sliced = planFor(model, text, 0);
    assert.ok(sliced, text);
    assert.deepEqual(sorted(runToEnd(validateSliced(text, sliced.plan, new SliceCache()))), sorted(baseline().validate(text)), text);
  }
  // No shared name, also with FROMs the baseline names itself: no FROM in the skeleton.
  for (const text of [filler(40), `${filler(40)}\nFROM \${IMG} AS odd\nFROM --platform=$P alpine AS odd2\n`]) {
    const { plan } = planFor(parseDockerfile(text), text, 0)!;
    assert.deepEqual(plan.froms, [], text);
  }
  const large = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  const model = parseDockerfile(large);
  assert.ok(planFor(model, large)!.plan.froms.length < model.stages.length / 4, 'the 1k file: few FROMs in the skeleton');
});

/**
 * Positions worth asking about: keywords, flags, arguments, variables, line ends. `complete`: false in
 * a FROM's arguments and at the end of a FROM line, where the baseline asks Docker Hub for image tags.
 */
function samplePositions(text: string, max: number): { position: Position; complete: boolean }[] {
  const model = parseDockerfile(text);
  const positions: Position[] = [];
  const noCompletion = new Set<Position>();
  const lines = text.split(/\r\n|\r|\n/);
  for (const instruction of model.instructions) {
    positions.push({ line: instruction.keywordRange.start.line, character: instruction.keywordRange.start.character + 1 });
    positions.push(instruction.keywordRange.end);
    for (const flag of instruction.flags) positions.push(flag.nameRange.start, flag.valueRange?.start ?? flag.range.end);
    for (const word of instruction.args.slice(0, 3)) {
      const position = { line: word.range.start.line, character: word.range.start.character + 1 };
      positions.push(position);
      if (instruction.keyword === 'FROM') noCompletion.add(position);
    }
    const line = instruction.keywordRange.start.line;
    const end = { line, character: lines[line].length };
    positions.push(end);
    if (instruction.keyword === 'FROM') noCompletion.add(end);
  }
  for (const stage of model.stages) for (const use of stage.variableUses.slice(0, 3)) positions.push({ line: use.range.start.line, character: use.range.start.character + 2 });
  for (const comment of model.comments.slice(0, 3)) positions.push(comment.range.start);
  // Spread over the file: the baseline is slow enough (a whole parse per call) to keep this to a sample.
  const step = Math.max(1, Math.floor(positions.length / max));
  return positions.filter((_, i) => i % step === 0).map((position) => ({ position, complete: !noCompletion.has(position) }));
}

test('hover, signature help and completion on slices equal the whole-text results', async () => {
  // Every fourth multi-stage corpus file, and the 1k-line file (the last input) at more places.
  const sample = sliceable.filter((input, i) => i % 4 === 0 || input === sliceable[sliceable.length - 1]);
  for (const { name, text } of sample) {
    const model = parseDockerfile(text);
    for (const { position, complete } of samplePositions(text, name.startsWith('large') ? 60 : 12)) {
      const where = `${name} ${position.line}:${position.character}`;
      assert.deepEqual(slicedHover(model, text, position, 0), baseline().computeHover(text, position), `hover ${where}`);
      assert.deepEqual(slicedSignatureHelp(model, text, position, 0), baseline().computeSignatureHelp(text, position), `signature help ${where}`);
      // Stage names are completed from our model (completion.ts drops the baseline's), which sees every stage.
      if (!complete) continue;
      const names = new Set(model.stages.map((stage) => stage.key));
      const notStages = (items: CompletionItem[]) => items.filter((item) => item.kind !== CompletionItemKind.Reference && !names.has(item.label.toLowerCase()));
      assert.deepEqual(notStages(await slicedCompletion(model, text, position, 0)), notStages(await baseline().computeCompletionItems(text, position)), `completion ${where}`);
    }
  }
});

test('folding ranges per stage (from the model or a slice) equal the whole-text ranges, in order, also after an edit', () => {
  const large = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  const edited = large.replace('\nRUN ', '\n# a comment\n# another\nRUN ');
  for (const lineFoldingOnly of [false, true]) {
    baseline().setCapabilities({ foldingRange: { lineFoldingOnly } });
    const cache = new SliceCache<never>();
    for (const { name, text } of [...sliceable, { name: 'edited', text: edited }]) {
      const model = parseDockerfile(text);
      const expected = JSON.parse(JSON.stringify(baseline().computeFoldingRanges(text)));
      assert.deepEqual(JSON.parse(JSON.stringify(slicedFoldingRanges(model, text, cache, 0))), expected, `${name} lineFoldingOnly=${lineFoldingOnly}`);
    }
  }
  baseline().setCapabilities({});
});

test('small files go to the baseline whole', () => {
  const text = 'FROM alpine AS a\nRUN true\nFROM a\n';
  assert.equal(planFor(parseDockerfile(text), text), undefined);
});

test('a directive-like comment above a later FROM stays a comment in its slice, also with no prelude', () => {
  // The slice of the second stage once started with this comment, where dockerfile-ast read it as an
  // escape directive: an error the whole file does not have (and another escape character).
  for (const prelude of ['', 'ARG A=1\n']) {
    const text = `${prelude}FROM alpine AS a\nRUN true\n# escape=x\nFROM alpine AS b\nRUN echo \`\n`;
    const { plan } = planFor(parseDockerfile(text), text, 0)!;
    for (const quiet of [plan.quiet, undefined]) {
      const sliced = runToEnd(validateSliced(text, { ...plan, quiet }, new SliceCache()));
      assert.deepEqual(sorted(sliced), sorted(baseline().validate(text)), JSON.stringify(prelude));
    }
  }
});
