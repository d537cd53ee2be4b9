/**
 * Every snippet, expanded with its placeholders at their defaults (first choice), is analyzed by the
 * server: no diagnostics, and each whole-file template has a test stage that BuildKit skips for the
 * default target and a final stage that does not run as root.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { diagnostics } from '../../server/src/features/diagnostics';
import { baseline } from '../../server/src/features/context';
import { contextOf } from './features/context';

const snippets: Record<string, { prefix: string; body: string[] }> = JSON.parse(readFileSync(join(__dirname, '..', '..', 'snippets', 'dockerfile.code-snippets'), 'utf8'));

/** VS Code snippet syntax at defaults: `${1|a,b|}` -> a, `${1:x}` -> x, `${1}`/`$1` -> the value given to 1, `\$` -> `$`. */
export function expand(body: string[]): string {
  const values = new Map<string, string>();
  const text = body.join('\n');
  const out = text.replace(/\\\$|\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)/g, (match, choiceN, choices, defN, def, refN, bareN) => {
    if (match === '\\$') return '$';
    if (choiceN) { const value = choices.split(',')[0]; values.set(choiceN, value); return value; }
    if (defN) { values.set(defN, def); return def; }
    return values.get(refN ?? bareN) ?? '';
  });
  return out.replace(/\\\\/g, '\\');
}

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet ${snippet.prefix} (${name}) expands to a valid Dockerfile`, () => {
    const text = expand(snippet.body);
    const whole = snippet.prefix.startsWith('ms-');
    // Building blocks go into a small file: after a `build` stage, or (a block that is a stage itself)
    // before a final stage that copies from it; a final stage of the test's own runs as non-root.
    const file = whole ? text
      : text.startsWith('FROM') ? `${/ AS build\b/i.test(text) ? '' : 'FROM alpine:3.22 AS build\nRUN mkdir /out && touch /out/app\n\n'}${text}\n\nFROM scratch AS final\nCOPY --from=build /out/app /app\n`
      : `FROM alpine:3.22 AS build\nRUN true\n\nFROM alpine:3.22 AS final\n${text}\n${/^USER\b/m.test(text) ? '' : 'USER 65532:65532\n'}`;
    const found = diagnostics(contextOf(file), baseline().validate(file));
    assert.deepEqual(found.map((d) => `${d.range.start.line + 1}: ${d.message}`), [], file);
    if (!whole) return;
    const model = parseDockerfile(file);
    const last = model.stages[model.stages.length - 1];
    assert.equal(last.name, 'final', file);
    const testStage = model.stages.find((s) => s.name === 'test');
    assert.ok(testStage, 'a test stage');
    assert.ok(model.skippedByDefault.includes(testStage.index), 'BuildKit skips the test stage for the default target');
    assert.ok(model.references.every((r) => r.target.kind === 'stage' || r.target.kind === 'image'), 'references resolve');
    const user = last.user?.value ?? (last.base.kind === 'image' && /nonroot|unprivileged/.test(last.base.image.raw) ? 'nonroot' : undefined);
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `the final stage runs as non-root (${user})`);
  });
}
