import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readDirectives } from '../../../server/src/analysis/directives';
import { parseDockerfile } from '../../../server/src/analysis/parse';

test('directives: only at the top, once each', () => {
  const model = parseDockerfile('# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended;error=true\n# escape=`\nFROM alpine\n# escape=\\\n');
  assert.deepEqual(
    [model.directives.syntax, model.directives.check, model.directives.escape],
    ['docker/dockerfile:1', 'skip=JSONArgsRecommended;error=true', '`'],
  );
  assert.equal(parseDockerfile('FROM alpine\n# escape=`\n').directives.escape, '\\');
  assert.equal(parseDockerfile('# a comment\n# escape=`\nFROM alpine\n').directives.escape, '\\');
});

test('reading stops at the first line that is no directive, a repeated one, or a bad escape', () => {
  assert.equal(readDirectives(['# syntax=x', '# escape=`', 'FROM a']).firstLine, 2);
  const repeated = readDirectives(['# syntax=x', '# syntax=y', 'FROM a']);
  assert.equal(repeated.firstLine, 1);
  assert.deepEqual(repeated.directives.repeated, { name: 'syntax', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } } });
  const bad = readDirectives(['# escape=x', '# syntax=y']);
  assert.deepEqual([bad.directives.badEscape, bad.directives.escape, bad.directives.syntax, bad.firstLine], ['x', '\\', undefined, 1]);
  assert.equal(readDirectives(['# unknown=1', '# syntax=x']).firstLine, 0);
});
