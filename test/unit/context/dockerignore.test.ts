/** The one reader of .dockerignore patterns: Docker's ReadAll, the matcher, and fsutil's rule for skipping excluded folders. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cleanPattern, excludesEverything, IgnoreMatcher, patternLines } from '../../../server/src/context/dockerignore';

test('patterns as ReadAll keeps them: comments at column 0 and blank lines dropped, trimmed, with their lines', () => {
  assert.deepEqual(patternLines('\uFEFF# c\n node_modules \n\n  # not a comment\n!keep\r\n'), [
    { line: 1, pattern: 'node_modules' },
    { line: 3, pattern: '# not a comment' },
    { line: 4, pattern: '!keep' },
  ]);
  assert.equal(cleanPattern('/a/b/'), 'a/b');
  assert.equal(cleanPattern('./a//b'), 'a/b');
  assert.ok(excludesEverything('/*') && excludesEverything('**') && !excludesEverything('*.md'));
});

test("Docker's matching: a folder pattern excludes what is in it, exceptions bring paths back, case-sensitive", () => {
  const m = new IgnoreMatcher('node_modules\nlogs/**\n!logs/keep/**\ndocs/*.md\n**/*.tmp\n');
  assert.ok(m.ignores('node_modules') && m.ignores('node_modules/a/b.js'));
  assert.ok(!m.ignores('src/node_modules'), 'patterns are anchored at the context root');
  assert.ok(m.ignores('logs/app.log') && !m.ignores('logs/keep/x.log'));
  assert.ok(m.ignores('docs/a.md') && !m.ignores('docs/api/a.md') && !m.ignores('docs/A.MD'));
  assert.ok(m.ignores('a/b/c.tmp'));
  assert.equal(m.hasExceptions, true);
});

test("fsutil's rule: skip excluded folders no exception reaches into; with a wildcard exception, skip none", () => {
  assert.equal(new IgnoreMatcher('node_modules\n').canSkip('node_modules'), true);
  const prefix = new IgnoreMatcher('logs\n!logs/keep/**\n');
  assert.equal(prefix.canSkip('logs'), false);
  assert.equal(prefix.canSkip('logs/keep'), false);
  assert.equal(prefix.canSkip('logs/other'), true);
  assert.equal(prefix.canSkip('node_modules'), true);
  assert.equal(new IgnoreMatcher('node_modules\n!**/README.md\n').canSkip('node_modules'), false);
});

test('the matcher answers the same after many paths (its memo is renewed, not grown without end)', () => {
  const m = new IgnoreMatcher('*.log\n');
  for (let i = 0; i < 10_000; i++) assert.equal(m.ignores(`d/f${i}.log`), false);
  assert.equal(m.ignores('f.log'), true);
  assert.equal(m.ignores('d/f.txt'), false);
});
