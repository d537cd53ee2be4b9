import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseLines } from '../../../server/src/analysis/parse';
import { splitLines } from '../../../server/src/analysis/scanner';
import type { DockerfileModel } from '../../../server/src/analysis/model';
import { linesFrom, perInstruction, type ParseBase } from '../../../server/src/analysis/reuse';
import { syntaxErrors } from '../../../server/src/analysis/syntax';
import { ModelCache } from '../../../server/src/analysis/cache';
import { StageReader } from '../../../server/src/analysis/stageReader';

const corpus = join(__dirname, '..', '..', 'corpus');

function baseOf(lines: readonly string[], model: DockerfileModel): ParseBase {
  return { lines, model };
}

/** A parse from `base` must give the model a parse from nothing gives. */
function assertSameAsFresh(text: string, base: ParseBase, label: string): DockerfileModel {
  const lines = splitLines(text);
  const reused = parseLines(lines, {}, base);
  assert.equal(JSON.stringify(reused), JSON.stringify(parseLines(lines)), label);
  return reused;
}

/** The heap in use after two full collections, in MB. */
function heapMB(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Seeded (mulberry32): the same edits on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Edits that change how lines group into instructions, as well as plain typing.
const INSERTS = ['x', ' ', '\n', '\\', '\\\n', ' \\', '#', '\n\n', 'FROM alpine AS t\n', 'RUN <<EOF\n', 'EOF\n', '$X', '--from=a ', '"', '[', '`', '\r\n'];

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  if (next() < 0.3) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 12)));
  const piece = INSERTS[Math.floor(next() * INSERTS.length)];
  // Often at a line end, where a continuation starts.
  const lineEnd = text.indexOf('\n', at);
  const where = next() < 0.3 && lineEnd >= 0 ? lineEnd : at;
  return text.slice(0, where) + piece + text.slice(where);
}

test('a parse that takes unchanged instructions from the last one gives the model a fresh parse gives (corpus, random edits in a chain)', () => {
  const next = random(20261126);
  const files = readdirSync(join(corpus, 'files'))
    .filter((name) => !name.startsWith('.'))
    .sort();
  let checked = 0;
  for (const name of files.filter((_, i) => i % 3 === 0)) {
    let text = readFileSync(join(corpus, 'files', name), 'utf8');
    let lines = splitLines(text);
    let model = parseLines(lines);
    for (let step = 0; step < 12; step++) {
      text = edit(text, next);
      model = assertSameAsFresh(text, baseOf(lines, model), `${name}, edit ${step}`);
      lines = splitLines(text);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} edits`);
});

test('a one-character edit in the middle of a large file reads only the edited instruction again', () => {
  const text = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  const lines = splitLines(text);
  const model = parseLines(lines);
  const edited = model.instructions.find(
    (instruction) =>
      instruction.keyword === 'RUN' && instruction.range.start.line > lines.length / 2 && instruction.range.end.line === instruction.range.start.line,
  )!;
  const line = edited.range.start.line;
  const changed = lines.slice();
  changed[line] = `${changed[line].slice(0, 4)}x${changed[line].slice(4)}`; // as typed: RUN xapt-get ...
  const reused = parseLines(changed, {}, baseOf(lines, model));
  assert.equal(JSON.stringify(reused), JSON.stringify(parseLines(changed)));
  const index = model.instructions.indexOf(edited);
  let kept = 0;
  reused.instructions.forEach((instruction, i) => {
    if (i === index) assert.notEqual(instruction.args, model.instructions[i].args, 'the edited instruction is read again');
    else if (instruction.args === model.instructions[i].args) kept++;
  });
  assert.equal(kept, model.instructions.length - 1, 'every other instruction is taken as it was read');
  // Stages: the edited one is read again, every other one says what it said (its lists taken as they are).
  const takenStages = reused.stages.filter((stage, i) => stage.variableUses === model.stages[i].variableUses && stage.args === model.stages[i].args).length;
  assert.equal(takenStages, model.stages.length - 1);
  assert.notEqual(reused.stages[edited.stageIndex].args, model.stages[edited.stageIndex].args);
  assert.notEqual(JSON.stringify(reused.instructions[index]), JSON.stringify(model.instructions[index]), 'the edit is read');
});

test('a line added or removed: instructions above it are taken, those below are taken moved (their positions copied, their words kept)', () => {
  const text = 'FROM alpine AS a\nRUN one\nRUN two\nFROM a AS b\nCOPY --from=a --chmod=644 /x /y\nRUN <<EOF\nthree\nEOF\n';
  const lines = splitLines(text);
  const model = parseLines(lines);
  const added = text.replace('RUN two\n', 'RUN two\nRUN two-and-a-half\n');
  const reused = assertSameAsFresh(added, baseOf(lines, model), 'line added');
  assert.equal(reused.instructions[1], model.instructions[1]);
  const [copy, was] = [reused.instructions[5], model.instructions[4]];
  assert.notEqual(copy, was);
  assert.equal(copy.range.start.line, 5);
  assert.equal(copy.flags[1].value, was.flags[1].value);
  assert.equal(copy.range.start, copy.keywordRange.start, 'a position shared by the read stays shared');
  assert.equal(copy.flags[0].range.end, copy.flags[0].valueRange!.end);
  assert.equal(reused.instructions[6].heredocs[0].bodyRange.start.line, 7);
  assert.equal(was.range.start.line, 4, 'the last model is left as it was');
  assertSameAsFresh(text, baseOf(splitLines(added), reused), 'line removed');
  // A paste of lines that are already there (the lines below match the lines above at another offset).
  const pasted = text.replace('RUN two\n', 'RUN two\nRUN one\nRUN two\n');
  assertSameAsFresh(pasted, baseOf(lines, model), 'lines pasted');
});

test('stages below a line added, or below stages pasted, take their lists moved: their instructions are not read into them again', () => {
  const proto = StageReader.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const readInto = proto.readStageInstruction;
  let reads = 0;
  proto.readStageInstruction = function (this: unknown, ...args: unknown[]) {
    reads++;
    return readInto.apply(this, args);
  };
  try {
    const text = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
    const lines = splitLines(text);
    const model = parseLines(lines);
    const middle = model.stages[Math.floor(model.stages.length / 2)];
    const at = middle.range.start.line - 1; // the last line of the stage before it
    const block = lines.slice(middle.range.start.line, middle.range.end.line + 1); // a whole stage, FROM first
    reads = 0;
    parseLines(lines);
    const fresh = reads;
    for (const [label, edited] of [
      ['a new line', [...lines.slice(0, at), '', ...lines.slice(at)]],
      ['a stage pasted', [...lines.slice(0, at + 1), ...block, ...lines.slice(at + 1)]],
    ] as const) {
      reads = 0;
      const reused = parseLines(edited, {}, baseOf(lines, model));
      assert.ok(reads < fresh / 4, `${label}: ${reads} instructions read into stages, ${fresh} in a fresh parse`);
      assert.equal(JSON.stringify(reused), JSON.stringify(parseLines(edited)), label);
      const moved = reused.stages.find((stage) => stage.fromInstruction.range.start.line === middle.range.start.line + edited.length - lines.length)!;
      assert.notEqual(moved.variableUses, middle.variableUses, `${label}: the lists are copies`);
      assert.deepEqual(
        moved.variableUses.map((use) => use.range.start.line - (edited.length - lines.length)),
        middle.variableUses.map((use) => use.range.start.line),
        `${label}: moved by the lines added`,
      );
    }
  } finally {
    proto.readStageInstruction = readInto;
  }
});

test('instructions whose reading depends on lines after them are read again', () => {
  const cases: [string, string, string][] = [
    // A continuation that ran to the end of the file through empty lines joins a line typed there.
    ['continuation at the end of the file', 'FROM alpine\nRUN echo \\\n\n\n', 'FROM alpine\nRUN echo \\\n\nhello\n'],
    ['continuation through a comment at the end', 'FROM alpine\nRUN a \\\n# note\n', 'FROM alpine\nRUN a \\\n# note\nb\n'],
    // An unclosed heredoc runs to the end of the file; closing it ends it there.
    ['heredoc closed', 'FROM alpine\nRUN <<EOF\necho hi\n', 'FROM alpine\nRUN <<EOF\necho hi\nEOF\nRUN after\n'],
    ['heredoc opened above unchanged lines', 'FROM alpine\nRUN a\nRUN b\nEOF\n', 'FROM alpine\nRUN <<EOF\nRUN b\nEOF\n'],
    // The escape directive changes how every line reads.
    ['escape directive', 'FROM alpine\nRUN a `\n b\n', '# escape=`\nFROM alpine\nRUN a `\n b\n'],
    ['escape directive, same line count', '# escape=\\\nFROM alpine\nRUN a `\n b\n', '# escape=`\nFROM alpine\nRUN a `\n b\n'],
    // A line above that now continues swallows the instruction that started below it.
    ['continuation added above', 'FROM alpine\nRUN a\nRUN b\n', 'FROM alpine\nRUN a \\\nRUN b\n'],
    ['continuation removed above', 'FROM alpine\nRUN a \\\n  b\nRUN c\n', 'FROM alpine\nRUN a\n  b\nRUN c\n'],
    // A stage whose instructions did not change still resolves its references anew.
    [
      'a global ARG changes what an unchanged stage copies from',
      'ARG SRC=a\nFROM alpine AS a\nFROM alpine AS b\nFROM alpine\nCOPY --from=${SRC} /x /y\n',
      'ARG SRC=b\nFROM alpine AS a\nFROM alpine AS b\nFROM alpine\nCOPY --from=${SRC} /x /y\n',
    ],
    [
      'a stage renamed above an unchanged one that copies from it',
      'FROM alpine AS a\nRUN x\nFROM alpine\nCOPY --from=a /x /y\nRUN --mount=from=a,target=/m true\n',
      'FROM alpine AS z\nRUN x\nFROM alpine\nCOPY --from=a /x /y\nRUN --mount=from=a,target=/m true\n',
    ],
    ['a stage added above: the stages below change index', 'FROM alpine AS a\nUSER me\nFROM a\nWORKDIR /w\n', 'FROM alpine AS a\nFROM a\nWORKDIR /w\n'],
    ['CRLF line ends', 'FROM alpine\r\nRUN a\r\nRUN b\r\n', 'FROM alpine\r\nRUN ax\r\nRUN b\r\n'],
  ];
  for (const [label, before, after] of cases) {
    const lines = splitLines(before);
    assertSameAsFresh(after, baseOf(lines, parseLines(lines)), label);
  }
});

test('the model cache parses a new version from the last one', () => {
  const cache = new ModelCache();
  const v1 = 'FROM alpine AS a\nRUN one\nFROM a AS b\nRUN two\n';
  const first = cache.get('file:///a', 1, () => v1);
  const second = cache.get('file:///a', 2, () => v1.replace('two', 'three'));
  assert.equal(second.instructions[1].args, first.instructions[1].args, 'unchanged instruction taken');
  assert.equal(second.instructions[3].args[0].value, 'three');
  assert.equal(JSON.stringify(second), JSON.stringify(parseLines(splitLines(v1.replace('two', 'three')))));
  cache.delete('file:///a');
  const third = cache.get('file:///a', 3, () => v1);
  assert.notEqual(third.instructions[1].args, first.instructions[1].args, 'a closed document starts from nothing');
});

test('an instruction kept from version to version holds no old text of the file', () => {
  // V8 keeps a cut of a string as a view into it: a word cut from a line held the whole text of its
  // version, so every edit of another instruction kept one more old text alive (77 MB here).
  const one = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  let lines = splitLines(Array.from({ length: 10 }, () => one).join('\n')); // 414 KB
  const runs = lines.flatMap((line, i) => (/^RUN \S.{20,}/.test(line) && !line.trimEnd().endsWith('\\') ? [i] : []));
  const cache = new ModelCache(100_000_000);
  cache.get('file:///big', 1, () => lines.join('\n'));
  const before = heapMB();
  for (let version = 2; version < 202; version++) {
    lines = lines.slice();
    const line = runs[(version * 37) % runs.length];
    lines[line] = lines[line].replace(/^RUN /, 'RUN  '); // a different instruction each time
    const text = lines.join('\n');
    cache.get('file:///big', version, () => text);
  }
  const grown = heapMB() - before;
  assert.ok(grown < 12, `heap grew ${grown.toFixed(1)} MB over 200 versions`);
});

test('what is worked out per instruction follows a copy, moved or put in another stage, and is worked out again only for new reads', () => {
  let work = 0;
  // A value that is its instruction's line: moved with it, it must stay equal to the line.
  const lineOf = perInstruction<{ line: number }>(
    (instruction) => {
      work++;
      return { line: instruction.range.start.line };
    },
    (value, delta) => ({ line: value.line + delta }),
  );
  const check = (model: DockerfileModel, label: string) => {
    for (const instruction of model.instructions) assert.equal(lineOf(instruction, '\\').line, instruction.range.start.line, label);
  };
  const text = 'FROM alpine AS a\nRUN one\nRUN two\nFROM a AS b\nCOPY --from=a /x /y\nRUN three\nFROM b\nRUN four\n';
  const lines = splitLines(text);
  const model = parseLines(lines);
  check(model, 'first version');
  assert.equal(work, 8);
  // Two lines with a FROM pasted after line 1: every instruction below is moved and in the next stage.
  work = 0;
  const pasted = splitLines(text.replace('RUN one\n', 'RUN one\nFROM alpine AS p\nRUN p\n'));
  const next = parseLines(pasted, {}, baseOf(lines, model));
  assert.equal(next.instructions[4].stageIndex, model.instructions[2].stageIndex + 1);
  check(next, 'after the paste');
  assert.equal(work, 2, 'only the two pasted instructions are new reads');
  // The same lines, but the stages above changed (a FROM turned into a RUN): same positions, other stages.
  work = 0;
  const restaged = splitLines(text.replace('FROM a AS b', 'RUN a AS b'));
  const third = parseLines(restaged, {}, baseOf(lines, model));
  assert.notEqual(third.instructions[4], model.instructions[4], 'a new object in another stage');
  assert.equal(third.instructions[4].args, model.instructions[4].args, 'with the words it was read with');
  check(third, 'after the FROM went');
  assert.equal(work, 1, 'only the changed line is a new read');
});

test('lines added again and again: the copies do not keep earlier versions alive', () => {
  // A copy kept a link to the instruction it was copied from, and that one to its own: every version's
  // copies stayed alive (4.4 MB more per new line typed near the top of the 10k-line file).
  const one = readFileSync(join(corpus, 'large', 'large_1k.Dockerfile'), 'utf8');
  let text = Array.from({ length: 5 }, () => one).join('\n');
  const cache = new ModelCache(100_000_000);
  syntaxErrors(cache.get('file:///big', 1, () => text)); // what is kept per instruction, as the rules keep it
  const before = heapMB();
  for (let version = 2; version < 62; version++) {
    const at = text.indexOf('\n', 200 + version);
    text = `${text.slice(0, at)}\n${text.slice(at)}`;
    syntaxErrors(cache.get('file:///big', version, () => text));
  }
  const grown = heapMB() - before;
  assert.ok(grown < 40, `heap grew ${grown.toFixed(1)} MB over 60 versions`); // 131 MB with the links
});

test('the lines of a new version, from the last one, are those a split gives, with CR, LF and CRLF mixed (random edits in a chain)', () => {
  const next = random(20261207);
  const pieces = ['a', 'b', ' ', '\n', '\r', '\r\n', 'RUN x', '\\'];
  let checked = 0;
  // Every other text has 1,500 characters or more on both sides of where its edits are, so the
  // comparison of the texts from both ends goes a slice at a time before it goes a character at a time.
  const padding = (n: number) => Array.from({ length: 300 }, (_, i) => ['RUN a\r\n', 'x\n', '\r', 'ab\n'][(i + n) % 4]).join('');
  for (let file = 0; file < 200; file++) {
    const [before, after] = file % 2 ? [padding(file), padding(file + 1)] : ['', ''];
    let text = before + Array.from({ length: Math.floor(next() * 40) }, () => pieces[Math.floor(next() * pieces.length)]).join('') + after;
    let lines: readonly string[] = splitLines(text);
    for (let step = 0; step < 15; step++) {
      const inner = text.length - before.length - after.length;
      const at = before.length + Math.floor(next() * (inner + 1));
      const removed = next() < 0.4 ? Math.min(Math.floor(next() * 4), text.length - after.length - at) : 0;
      const inserted = Array.from({ length: Math.floor(next() * 3) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      const edited = text.slice(0, at) + inserted + text.slice(at + removed);
      const result = linesFrom(text, lines, edited);
      assert.deepEqual(result, splitLines(edited), `${JSON.stringify(text)} -> ${JSON.stringify(edited)}`);
      [text, lines] = [edited, result];
      checked++;
    }
  }
  assert.ok(checked >= 3000);
});

/** The longest string `run` split. */
function longestSplit(run: () => void): number {
  const split = String.prototype.split;
  let longest = 0;
  String.prototype.split = function (this: string, ...args: Parameters<typeof split>) {
    longest = Math.max(longest, this.length);
    return split.apply(this, args);
  } as typeof split;
  try {
    run();
  } finally {
    String.prototype.split = split;
  }
  return longest;
}

test('an edit in a large text splits again only the lines it touched, not the whole text', () => {
  const one = readFileSync(join(corpus, 'large', 'large_10k.Dockerfile'), 'utf8');
  const lines = splitLines(one);
  const middle = one.indexOf('\nRUN ', one.length >> 1) + 5;
  for (const [label, edited] of [
    ['a character typed', one.slice(0, middle) + 'x' + one.slice(middle)],
    ['a character deleted', one.slice(0, middle) + one.slice(middle + 1)],
    ['a line break typed', one.slice(0, middle) + '\n' + one.slice(middle)],
    ['50 lines pasted', one.slice(0, middle) + one.slice(middle, middle + 2000) + one.slice(middle)],
  ] as const) {
    let result: readonly string[] = [];
    const longest = longestSplit(() => (result = linesFrom(one, lines, edited)));
    assert.deepEqual(result, splitLines(edited), label);
    assert.ok(longest < 2600, `${label}: split ${longest} characters of ${edited.length}`);
  }
});

test("comments on lines an edit did not touch are the last parse's objects; below a line added, copies moved down", () => {
  const text = '# top\nFROM alpine AS a\n# about b\nRUN one\n  # kept\nFROM a AS b\n# last\n';
  const lines = splitLines(text);
  const model = parseLines(lines);
  assert.deepEqual(
    model.comments.map((comment) => `${comment.line} ${comment.text}`),
    ['0 top', '2 about b', '4 kept', '6 last'],
  );
  const typed = assertSameAsFresh(text.replace('# about b', '# about bee'), baseOf(lines, model), 'a comment edited');
  assert.deepEqual(
    typed.comments.map((comment, i) => comment === model.comments[i]),
    [true, false, true, true],
  );
  const added = assertSameAsFresh(text.replace('RUN one\n', 'RUN one\nRUN two\n'), baseOf(lines, model), 'a line added');
  assert.deepEqual(
    added.comments.map((comment) => `${comment.line} ${comment.text} ${comment.range.start.line}-${comment.range.end.line}`),
    ['0 top 0-0', '2 about b 2-2', '5 kept 5-5', '7 last 7-7'],
  );
  assert.equal(added.comments[1], model.comments[1], 'above the change: the same object');
});
