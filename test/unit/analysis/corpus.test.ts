/**
 * Every real Dockerfile in test/corpus (copied from ../shared/corpus, see SOURCES.tsv) parses without
 * throwing, with one stage per FROM line and no reference the engines would reject.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { readDirectives } from '../../../server/src/analysis/directives';

const corpus = join(__dirname, '..', '..', 'corpus');
const files = readdirSync(join(corpus, 'files')).sort();

/** FROM lines counted independently of the scanner: outside heredoc bodies and continuations. */
function naiveFromCount(text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  const escape = readDirectives(lines).directives.escape;
  let count = 0;
  let continued = false;
  const heredoc: string[] = [];
  for (const line of lines) {
    if (heredoc.length) {
      if (line.replace(/^\t+/, '') === heredoc[0]) heredoc.shift();
      continue;
    }
    if (!continued && /^\s*from\s/i.test(line)) count++;
    if ((!continued && /^\s*(run|copy|add)\s/i.test(line)) || continued) {
      for (const m of line.matchAll(/<<-?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?/g)) heredoc.push(m[1]);
    }
    if (/^\s*#/.test(line) || /^\s*$/.test(line)) continue;
    continued = line.trimEnd().endsWith(escape);
  }
  return count;
}

test(`the corpus holds ${files.length} files with their sources`, () => {
  const sources = readFileSync(join(corpus, 'SOURCES.tsv'), 'utf8');
  assert.ok(files.length >= 279);
  for (const file of files) assert.ok(sources.includes(file), `${file} is not in SOURCES.tsv`);
});

test('every corpus file parses, with one stage per FROM and no bad stage references', () => {
  let multiStage = 0;
  for (const file of files) {
    const text = readFileSync(join(corpus, 'files', file), 'utf8');
    const model = parseDockerfile(text);
    assert.equal(model.stages.length, naiveFromCount(text), `${file}: stage count`);
    if (model.stages.length > 1) multiStage++;
    for (const reference of model.references) {
      assert.ok(
        reference.target.kind !== 'bad-index' && reference.target.kind !== 'later-stage',
        `${file}: ${reference.kind} ${reference.text} -> ${reference.target.kind}`,
      );
    }
    assert.deepEqual(model.problems, [], file);
    for (const plan of model.plans) assert.ok(plan.buildkit.includes(plan.target) && plan.buildkit.every((i) => i <= plan.target), file);
  }
  assert.ok(multiStage >= 170, `multi-stage files: ${multiStage}`);
});

test('large files: counts scale with the file (1k, 10k, 50k lines)', () => {
  const models = ['large_1k', 'large_10k', 'large_50k'].map((name) => parseDockerfile(readFileSync(join(corpus, 'large', `${name}.Dockerfile`), 'utf8')));
  const [small, medium, large] = models;
  assert.ok(small.lineCount >= 1000 && medium.lineCount >= 10_000 && large.lineCount >= 50_000);
  assert.ok(medium.stages.length > 5 * small.stages.length && large.stages.length > 4 * medium.stages.length);
  for (const model of models) {
    assert.equal(model.references.filter((r) => r.target.kind === 'bad-index' || r.target.kind === 'later-stage').length, 0);
    assert.deepEqual(model.problems, []);
  }
});
