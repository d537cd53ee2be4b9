/**
 * The baseline on slices gives what it gives on the whole text: hover, completion, signature help
 * and folding, on every corpus file (sliced even though they are small) and on the 1k-line file, at
 * every instruction's keyword, arguments, flags and variables.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { stageAtLine, stageSlice } from '../../../server/src/baseline/slices';
import { baseline } from '../../../server/src/baseline/service';
import { SliceCache, planFor, slicedCompletion, slicedFoldingRanges, slicedHover, slicedSignatureHelp } from '../../../server/src/baseline/sliced';

const corpus = join(__dirname, '..', '..', 'corpus');
const inputs = [
  ...readdirSync(join(corpus, 'files'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(corpus, 'files', name), 'utf8') })),
  { name: 'large_1k.Dockerfile', text: readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8') },
];
/** Files the slices apply to: two stages or more, every line read by the model. */
const sliceable = inputs.filter(({ text }) => planFor(parseDockerfile(text), text, 0));

test(`slices apply to most corpus files (${sliceable.length} of ${inputs.length})`, () => {
  assert.ok(sliceable.length >= 100);
});

test('a line that is no instruction keeps the slices (no whole-file run), and sliced still equals whole', () => {
  const text = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  const lines = text.split('\n');
  const middle = lines.findIndex((line, i) => i > lines.length / 2 && /^RUN .*\\$/.test(line)); // a RUN that continues
  const from = lines.findIndex((line, i) => i > middle && line.startsWith('FROM '));
  const firstFrom = lines.findIndex((line) => line.startsWith('FROM '));
  const edits: [string, (l: string[]) => void][] = [
    [
      'a continued RUN commented out: its continuation lines are no instruction',
      (l) => {
        l[middle] = `#${l[middle]}`;
      },
    ],
    [
      'a typo in the middle of a stage',
      (l) => {
        l.splice(middle, 0, '!oops');
      },
    ],
    [
      'a flag-like line right before a FROM',
      (l) => {
        l.splice(from, 0, '--mount=type=cache,target=/x');
      },
    ],
    [
      'text before the first FROM',
      (l) => {
        l.splice(firstFrom, 0, '= = =');
      },
    ],
    [
      'an instruction before the first FROM',
      (l) => {
        l.splice(firstFrom, 0, 'RUN echo early');
      },
    ],
  ];
  for (const [name, edit] of edits) {
    const copy = [...lines];
    edit(copy);
    const edited = copy.join('\n');
    const model = parseDockerfile(edited);
    assert.ok(model.problems.length > 0, `${name}: the model reports the line`);
    const sliced = planFor(model, edited, 0);
    assert.ok(sliced, `${name}: still sliced`);
    assert.deepEqual(slicedFoldingRanges(model, edited, undefined, 0), baseline().computeFoldingRanges(edited), name);
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
    const last = { line: edited.split('\n').length - 2, character: 1 };
    assert.deepEqual(slicedHover(model, edited, last, 0), baseline().computeHover(edited, last), JSON.stringify(edited));
    assert.deepEqual(slicedFoldingRanges(model, edited, undefined, 0), baseline().computeFoldingRanges(edited), JSON.stringify(edited));
  }
  // An unclosed heredoc runs to the end of the file: the whole text is the unit.
  const heredoc = [...lines];
  heredoc.splice(middle, 0, 'RUN <<EOF');
  const unclosed = heredoc.join('\n');
  assert.equal(planFor(parseDockerfile(unclosed), unclosed, 0), undefined);
});

test('cuts: every line belongs to the prelude or one chunk', () => {
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
  }
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
  for (const stage of model.stages)
    for (const use of stage.variableUses.slice(0, 3)) positions.push({ line: use.range.start.line, character: use.range.start.character + 2 });
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
      assert.deepEqual(
        notStages(await slicedCompletion(model, text, position, 0)),
        notStages(await baseline().computeCompletionItems(text, position)),
        `completion ${where}`,
      );
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
  // escape directive (another escape character than the whole file's).
  for (const prelude of ['', 'ARG A=1\n']) {
    const text = `${prelude}FROM alpine AS a\nRUN true\n# escape=x\nFROM alpine AS b\nRUN echo \`\n`;
    const model = parseDockerfile(text);
    assert.ok(planFor(model, text, 0));
    const position = { line: text.split('\n').length - 2, character: 1 };
    assert.deepEqual(slicedHover(model, text, position, 0), baseline().computeHover(text, position), JSON.stringify(prelude));
    assert.deepEqual(slicedFoldingRanges(model, text, undefined, 0), baseline().computeFoldingRanges(text), JSON.stringify(prelude));
  }
});
