/**
 * The memos under the baseline change its speed, never its results: validation, folding, hover,
 * completion and signature help, with and without them, on every corpus file and the 1k-line file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Position } from 'vscode-languageserver';
import { baseline } from '../../../server/src/features/context';
import { exposedGc } from '../../../server/src/idleCollector';
import { installBaselineMemo, keptDocuments, uninstallBaselineMemo, withoutCrossStageCheck } from '../../../server/src/features/baselineMemo';

const corpus = join(__dirname, '..', '..', 'corpus');
const inputs = [
  ...readdirSync(join(corpus, 'files')).sort().map((name) => ({ name, text: readFileSync(join(corpus, 'files', name), 'utf8') })),
  { name: 'large_1k.Dockerfile', text: readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8') },
];

/** A few positions per file: the start, a flag and the last character of the first lines that have them. */
function positions(text: string): Position[] {
  const result: Position[] = [];
  text.split(/\r\n|\r|\n/).slice(0, 8).forEach((line, index) => {
    if (!line.trim()) return;
    result.push({ line: index, character: line.search(/\S/) }, { line: index, character: line.length });
    const flag = line.indexOf('--');
    if (flag >= 0) result.push({ line: index, character: flag + 3 });
  });
  return result;
}

async function everything(text: string): Promise<string> {
  const service = baseline();
  const at = positions(text);
  return JSON.stringify({
    diagnostics: service.validate(text),
    folding: service.computeFoldingRanges(text),
    hovers: at.map((position) => service.computeHover(text, position)),
    completions: await Promise.all(at.slice(0, 4).map((position) => service.computeCompletionItems(text, position))),
    signatures: at.slice(0, 6).map((position) => service.computeSignatureHelp(text, position)),
  });
}

test('the baseline gives the same results with and without the memos, on every corpus file', async () => {
  baseline();
  uninstallBaselineMemo();
  const plain: string[] = [];
  try {
    for (const { text } of inputs) plain.push(await everything(text));
  } finally {
    installBaselineMemo();
  }
  for (let i = 0; i < inputs.length; i++) assert.equal(await everything(inputs[i].text), plain[i], inputs[i].name);
});

test('a memo hands out copies: shifting the arguments one caller got leaves the next caller\'s whole', () => {
  baseline(); // installs the memos
  const parsed = DockerfileParser.parse('FROM alpine\nCOPY --from=build /a /b\n');
  const copy = parsed.getInstructions()[1] as unknown as { getRawArguments(): unknown[]; getArguments(): unknown[] };
  const first = copy.getRawArguments();
  first.shift();
  assert.equal(copy.getRawArguments().length, 3);
  assert.equal(copy.getArguments().length, 2, 'the flag is left out');
  assert.equal(copy.getArguments().length, 2, 'and again: the memo was not shifted');
});

test('parsed documents kept for their shapes are few, recent and small', () => {
  baseline(); // installs the memos
  const small = (i: number) => `FROM alpine AS s${i}\nRUN echo ${i}\n`;
  for (let i = 0; i < 2000; i++) DockerfileParser.parse(small(i));
  const kept = keptDocuments() as { getInstructions(): { toString(): string }[] }[];
  assert.ok(kept.length > 0 && kept.length <= 24, `${kept.length} kept`);
  const names = kept.map((document) => Number(/s(\d+)/.exec(document.getInstructions()[0].toString())![1]));
  assert.ok(Math.min(...names) >= 2000 - 24 * 16, `only recent ones: ${names}`);
  // A large text is never kept (it would hold the whole file).
  const large = Array.from({ length: 2000 }, (_, i) => small(i)).join('\n');
  for (let i = 0; i < 32; i++) DockerfileParser.parse(large);
  assert.ok((keptDocuments() as { getInstructions(): unknown[] }[]).every((document) => document.getInstructions().length < 100));
});

test('the duplicate-name check is off only inside withoutCrossStageCheck (a slice holds one stage)', () => {
  const text = 'FROM alpine AS x\nRUN a\nFROM alpine AS X\nRUN b\n';
  const duplicates = () => baseline().validate(text).filter((diagnostic) => diagnostic.code === 10).length;
  assert.equal(duplicates(), 2);
  assert.equal(withoutCrossStageCheck(duplicates), 0);
  assert.throws(() => withoutCrossStageCheck(() => { throw new Error('boom'); }));
  assert.equal(duplicates(), 2, 'on again, also after a throw');
});

test('a kept parse of a cut of a large text holds a copy, not the large text (found in review)', () => {
  baseline(); // installs the memos
  const gc = exposedGc();
  assert.ok(gc, 'a full collection can be run');
  const heapMB = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };
  // A new 20 MB text each round; each parse reads a cut of it, which V8 keeps as a view into it.
  const parseCuts = (round: number) => {
    const large = `FROM alpine\n${`RUN echo ${round}\n`.repeat(2_000_000)}`;
    for (let i = 0; i < 40; i++) DockerfileParser.parse(large.slice(i, 200 + i));
  };
  const before = heapMB();
  for (let round = 0; round < 3; round++) parseCuts(round);
  const grew = heapMB() - before;
  assert.ok(grew < 10, `heap grew ${grew.toFixed(1)} MB`);
});
