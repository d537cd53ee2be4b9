/**
 * The build context where it matters, on the fixture context (test/helpers/contextFixture.ts): the
 * hover on `COPY . .` and on a COPY of a folder, the lens line and tooltip, the "Add <folder> to
 * .dockerignore" quick fixes (creating or appending the file), and the build terminal's line.
 */
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeActionParams, HoverParams } from 'vscode-languageserver';
import { ContextSizes } from '../../../server/src/context/cache';
import { contextActions, contextLensTitle, contextSizeResult, contextTooltip, copiedFolders, withContextSize } from '../../../server/src/features/contextSize';
import { codeLenses } from '../../../server/src/features/codeLens';
import { contextOf } from '../../helpers/context';
import { makeContextFixture } from '../../helpers/contextFixture';

const fixture = makeContextFixture();
after(() => fixture.remove());

const TEXT = 'FROM alpine:3.20 AS build\nCOPY src ./src\nCOPY . .\nCOPY --from=build /x /y\nRUN echo\n';
const noHover = async () => null;

function contextWith(sizes: ContextSizes, dockerfile = join(fixture.context, 'Dockerfile')) {
  const context = contextOf(TEXT);
  context.buildContext = { request: { dockerfile, contextDir: fixture.context }, sizes };
  return context;
}
const at = (line: number, character = 1): HoverParams => ({ textDocument: { uri: 'file:///x' }, position: { line, character } });
const hoverText = async (sizes: ContextSizes, line: number) => {
  const hover = await withContextSize(noHover, 60_000)(contextWith(sizes), at(line));
  return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined;
};

test('which COPY/ADD copy from the context, and what', () => {
  const { model } = contextOf(TEXT);
  assert.deepEqual(
    model.instructions.map((i) => copiedFolders(i)),
    [[], ['src'], [''], [], []],
  );
});

test('hover on COPY . . : what the build sends after .dockerignore, the largest folders and files', async () => {
  const sizes = new ContextSizes();
  const text = await hoverText(sizes, 2);
  assert.ok(text);
  assert.match(text, /^\*\*Build context\*\* · `.*\/app`, after `\.dockerignore`/);
  assert.match(text, /the context holds \*\*37 files, 2\.0 MB\*\*/);
  assert.match(text, /`COPY` copies all of it/);
  assert.match(text, /largest folders: `assets` 2\.0 MB · `src` 5\.0 kB · `docs` 1\.2 kB · `logs` 1\.0 kB/);
  assert.match(text, /largest files: `assets\/img-0\.png` 80 kB/);
  assert.match(text, /2 symbolic links counted as links \(never followed\)/);
  assert.doesNotMatch(text, /node_modules/);
  // A folder source: its own totals.
  assert.match((await hoverText(sizes, 1)) ?? '', /`COPY` copies `src\/`: 3 files, 5\.0 kB/);
  // Not on other instructions.
  assert.equal(await hoverText(sizes, 3), undefined);
  assert.equal(await hoverText(sizes, 4), undefined);
});

test('a hover that cannot wait says it is counting', async () => {
  const sizes = new ContextSizes();
  const context = contextWith(sizes);
  const hover = await withContextSize(noHover, 0)(context, at(2));
  assert.match(JSON.stringify(hover), /counting files/);
  await sizes.get(context.buildContext!.request);
});

test('lens: nothing until the walk finished, then one context line on the first stage, the largest folders in the Build tooltips', async () => {
  const sizes = new ContextSizes();
  const context = contextWith(sizes);
  const before = codeLenses(context);
  assert.ok(!before.some((l) => l.command?.title.startsWith('build context')));
  const size = await sizes.get(context.buildContext!.request);
  const lenses = codeLenses(context);
  const line = lenses.find((l) => l.command?.title.startsWith('build context'));
  assert.equal(line?.command?.title, 'build context: 37 files, 2.0 MB');
  assert.equal(line?.range.start.line, 0);
  const build = lenses.find((l) => l.command?.title.startsWith('Build')) as { command: { tooltip?: string } };
  assert.match(build.command.tooltip ?? '', /after \.dockerignore\): 37 files, 2\.0 MB\. Largest folders: assets 2\.0 MB, src 5\.0 kB/);
  assert.equal(contextLensTitle({ state: 'counting', entries: 3 }), 'build context: counting…');
  assert.equal(contextTooltip({ state: 'counting', entries: 3 }), undefined);
  const result = contextSizeResult(size);
  assert.equal(result.summary, 'build context: 37 files, 2.0 MB (after .dockerignore; largest: assets 2.0 MB, src 5.0 kB, docs 1.2 kB, logs 1.0 kB)');
  assert.deepEqual(
    [result.files, result.bytes, result.complete, result.ignoreFile],
    [37, 2_008_364, true, pathToFileURL(join(fixture.context, '.dockerignore')).href],
  );
});

const range = (line: number): CodeActionParams => ({
  textDocument: { uri: 'file:///x' },
  range: { start: { line, character: 0 }, end: { line, character: 0 } },
  context: { diagnostics: [] },
});

test('quick fix: add the largest folders COPY . . sends to the .dockerignore, never a folder the Dockerfile copies by name', async () => {
  const sizes = new ContextSizes();
  const context = contextWith(sizes);
  assert.deepEqual(contextActions(context, range(2)), [], 'nothing before the walk finished');
  await sizes.get(context.buildContext!.request);
  const actions = contextActions(context, range(2));
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Add assets to .dockerignore (2.0 MB not sent)', 'Add docs to .dockerignore (1.2 kB not sent)', 'Add logs to .dockerignore (1.0 kB not sent)'],
  );
  const uri = pathToFileURL(join(fixture.context, '.dockerignore')).href;
  assert.deepEqual(actions[0].edit?.documentChanges, [
    { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, newText: 'assets\n' }] },
  ]);
  assert.deepEqual(contextActions(context, range(3)), []);
});

test('quick fix without a .dockerignore creates it', async () => {
  rmSync(join(fixture.context, '.dockerignore'));
  const sizes = new ContextSizes();
  const context = contextWith(sizes);
  await sizes.get(context.buildContext!.request);
  const actions = contextActions(context, range(2));
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Add assets to .dockerignore (2.0 MB not sent)', 'Add node_modules to .dockerignore (2.0 MB not sent)', 'Add logs to .dockerignore (10 kB not sent)'],
  );
  const first = actions[1];
  const uri = pathToFileURL(join(fixture.context, '.dockerignore')).href;
  const changes = first.edit?.documentChanges as unknown[];
  assert.deepEqual(changes[0], { kind: 'create', uri, options: { ignoreIfExists: true } });
  assert.match(JSON.stringify(changes[1]), /# Not sent to the builder.*\\nnode_modules\\n/);
});
