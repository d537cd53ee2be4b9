/**
 * Every snippet, expanded with its placeholders at their defaults (first choice), is analyzed by the
 * server: no diagnostics, and each whole-file template has a test stage that BuildKit skips for the
 * default target and a final stage that does not run as root.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { diagnostics } from '../../server/src/features/diagnostics';
import { contextOf } from '../helpers/context';
import { choicesOf, expand, snippets } from '../helpers/snippetDefaults';

export { expand };

/**
 * The Dockerfile a snippet's text makes: a whole-file template as it is; a building block in a small
 * file, after a `build` stage, or (a block that is a stage itself) before a final stage that copies
 * from it; a final stage of the test's own runs as non-root.
 */
function fileOf(prefix: string, text: string): string {
  if (prefix.startsWith('ms-')) return text;
  return text.startsWith('FROM')
    ? `${/ AS build\b/i.test(text) ? '' : 'FROM alpine:3.22 AS build\nRUN mkdir /out && touch /out/app\n\n'}${text}\n\nFROM scratch AS final\nCOPY --from=build /out/app /app\n`
    : `FROM alpine:3.22 AS build\nRUN true\n\nFROM alpine:3.22 AS final\n${text}\n${/^USER\b/m.test(text) ? '' : 'USER 65532:65532\n'}`;
}

test('every option of every snippet choice leaves no package cache in a shipped layer', () => {
  let files = 0;
  for (const snippet of Object.values(snippets)) {
    for (const { n, options } of choicesOf(snippet.body)) {
      for (let pick = 0; pick < options; pick++) {
        const file = fileOf(snippet.prefix, expand(snippet.body, { [n]: pick }));
        const found = diagnostics(contextOf(file)).filter((d) => d.code === 'package-cache-in-shipped-stage');
        assert.deepEqual(
          found.map((d) => `${snippet.prefix} (\${${n}} option ${pick + 1}) line ${d.range.start.line + 1}: ${d.message}`),
          [],
          file,
        );
        files++;
      }
    }
  }
  assert.ok(files > 20, `${files} expansions checked`);
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet ${snippet.prefix} (${name}) expands to a valid Dockerfile`, () => {
    const whole = snippet.prefix.startsWith('ms-');
    const file = fileOf(snippet.prefix, expand(snippet.body));
    const all = diagnostics(contextOf(file));
    // A stage the default target does not use is a hint (unused-stage), on purpose for the test stages.
    const found = all.filter((d) => d.code !== 'unused-stage');
    assert.deepEqual(
      found.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
      file,
    );
    assert.ok(
      all.every((d) => d.code !== 'unused-stage' || d.severity === DiagnosticSeverity.Hint),
      'unused stages are hints only',
    );
    if (!whole) return;
    const model = parseDockerfile(file);
    const last = model.stages[model.stages.length - 1];
    assert.equal(last.name, 'final', file);
    const testStage = model.stages.find((s) => s.name === 'test');
    assert.ok(testStage, 'a test stage');
    assert.ok(model.skippedByDefault.includes(testStage.index), 'BuildKit skips the test stage for the default target');
    assert.ok(
      all.some((d) => d.code === 'unused-stage' && d.range.start.line === testStage.nameRange!.start.line),
      'the skipped test stage gets the unused-stage hint',
    );
    assert.ok(
      model.references.every((r) => r.target.kind === 'stage' || r.target.kind === 'image'),
      'references resolve',
    );
    const user = last.user?.value ?? (last.base.kind === 'image' && /nonroot|unprivileged/.test(last.base.image.raw) ? 'nonroot' : undefined);
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `the final stage runs as non-root (${user})`);
  });
}
