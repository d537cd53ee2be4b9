/**
 * Layer sizes against the real engine: test/fixtures/layers/sample is built with BuildKit and with the
 * classic builder, the client's reader takes the image's history (`docker image history`, `docker image
 * inspect`), the server maps it on the model, and every size the inlay hints and the stage hover show
 * is compared with what docker says of that image, found by each instruction's own path in the
 * history (not by our mapping). Then the RUN is edited: the sizes say they are from before the edit,
 * and a rebuild shows the new size with the change since the previous build.
 *
 * `RECORD_LAYERS=1` writes the histories read here to test/fixtures/layers/ (the unit tests' input).
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageLayers, type ImageLayers } from '../../client/src/build/layerHistory';
import { buildPlan } from '../../server/src/features/buildPlan';
import { inlayHints } from '../../server/src/features/inlayHints';
import { hover } from '../../server/src/features/hover';
import { formatBytes } from '../../server/src/format';
import { LayerResults } from '../../server/src/wiring/layerResults';
import type { FeatureContext } from '../../server/src/features/context';
import { contextOf, URI } from '../helpers/context';
import { engine as engineModule, startTestEngine, type Engine, type TestEngine } from './engine';

const fixtures = join(__dirname, '..', 'fixtures', 'layers');
const sample = join(fixtures, 'sample');
const original = readFileSync(join(sample, 'Dockerfile'), 'utf8');

let engine: TestEngine;
let dockerEngine: Engine;
let dir: string;
const made: string[] = [];

before(async () => {
  engine = await startTestEngine();
  dockerEngine = await engineModule();
  dir = mkdtempSync(join(tmpdir(), 'stagecraft-layers-'));
  cpSync(sample, dir, { recursive: true });
});
after(async () => {
  if (made.length) await engine.docker(['rmi', '--force', ...made]);
  rmSync(dir, { recursive: true, force: true });
  engine?.stop();
});

const env = () => ({ ...process.env, DOCKER_HOST: dockerEngine.dockerHost });

/** Builds the temp copy with a builder; the layers the client reads, and the context the server would have. */
async function buildAndRead(builder: 'buildkit' | 'classic', tag: string, text: string, version: number) {
  writeFileSync(join(dir, 'Dockerfile'), text);
  const result = await engine.build(builder, ['-t', tag, dir]);
  assert.equal(result.code, 0, result.stderr);
  made.push(tag);
  const context = contextOf(text);
  const plan = buildPlan(context, { uri: URI });
  const layers = await readImageLayers(dockerEngine.dockerCli, tag, plan, env());
  assert.ok(layers, 'the client read the image');
  return { layers: layers!, context, version, plan };
}

/** The size docker gives the history entry whose CreatedBy names this path (each instruction writes its own). */
function sizeOf(layers: ImageLayers, path: string): number {
  const entries = layers.history.filter((entry) => entry.createdBy.includes(path));
  assert.equal(entries.length, 1, `one history entry names ${path}: ${JSON.stringify(layers.history.map((e) => e.createdBy))}`);
  return entries[0].size;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle));

/** The inlay hints' labels by 0-based line. */
function hintLabels(context: FeatureContext): Map<number, string> {
  const hints = inlayHints(context, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } } });
  return new Map(hints.map((hint) => [hint.position.line, String(hint.label)]));
}

function hoverOf(context: FeatureContext, text: string): string {
  const line = lineOf(text, 'AS final');
  const result = hover(context, { textDocument: { uri: URI }, position: { line, character: text.split('\n')[line].indexOf('final') + 1 } });
  return (result!.contents as { value: string }).value;
}

for (const builder of ['buildkit', 'classic'] as const) {
  test(`${builder}: every shown size is docker's for that image, and a rebuild after an edit shows the change`, async () => {
    const tag = `stagecraft-test/layers:${builder}-${process.pid}`;
    const first = await buildAndRead(builder, tag, original, 1);
    if (process.env.RECORD_LAYERS === '1')
      writeFileSync(join(fixtures, `sample.${builder}.json`), JSON.stringify({ builder, ...first.layers }, null, 2) + '\n');
    const inspect = await engine.docker(['image', 'inspect', '--format', '{{.Size}}', tag]);
    const baseInspect = await engine.docker(['image', 'inspect', '--format', '{{.Size}}', engine.busybox]);
    const imageBytes = Number(inspect.stdout.trim());
    const baseBytes = Number(baseInspect.stdout.trim());
    assert.equal(first.layers.size, imageBytes);

    const layers = new LayerResults();
    const params = { uri: URI, tag, builder, finishedAt: Date.now(), planVersion: 1, ...first.layers };
    assert.ok(layers.record(params, { model: first.context.model, version: 1 }));
    const shown = { ...first.context, layers: layers.of(URI, first.context.model) };
    const labels = hintLabels(shown);
    const expected = new Map<number, string>([
      [lineOf(original, 'FROM local/busybox'), `base ${formatBytes(baseBytes)}`],
      [lineOf(original, 'WORKDIR /app'), formatBytes(sizeOf(first.layers, 'WORKDIR /app'))],
      [lineOf(original, '/app/blob'), formatBytes(sizeOf(first.layers, '/app/blob'))],
      [lineOf(original, 'AS final'), `image ${formatBytes(imageBytes)}`],
      [lineOf(original, '/app/from-build'), formatBytes(sizeOf(first.layers, '/app/from-build'))],
      [lineOf(original, '/app/data.txt'), formatBytes(sizeOf(first.layers, '/app/data.txt'))],
    ]);
    assert.deepEqual(labels, expected);
    const text = hoverOf(shown, original);
    assert.ok(text.includes(`base \`local/busybox:1\` ${formatBytes(baseBytes)} + RUN head -c ${formatBytes(sizeOf(first.layers, '/app/blob'))}`), text);
    assert.ok(text.includes(`= ${formatBytes(imageBytes)}`), text);

    // An edit of the RUN: the sizes are no longer the text's.
    const edited = original.replace('ARG BLOB=200000', 'ARG BLOB=500000');
    const editedContext = contextOf(edited);
    const staleView = { ...editedContext, layers: layers.of(URI, editedContext.model) };
    assert.deepEqual([...hintLabels(staleView).values()], ['sizes from the build before your last edit']);
    assert.match(hoverOf(staleView, edited), /sizes from the build before your last edit/);

    // The rebuild: the new RUN layer, and the change since the first build.
    const second = await buildAndRead(builder, tag, edited, 2);
    assert.ok(layers.record({ ...params, finishedAt: params.finishedAt + 1, planVersion: 2, ...second.layers }, { model: second.context.model, version: 2 }));
    const rebuilt = { ...second.context, layers: layers.of(URI, second.context.model) };
    const before = sizeOf(first.layers, '/app/blob');
    const after = sizeOf(second.layers, '/app/blob');
    assert.ok(after - before >= 300_000, `the blob grew by ${after - before} bytes`);
    const runLabel = hintLabels(rebuilt).get(lineOf(edited, '/app/blob'));
    assert.equal(runLabel, `${formatBytes(after)} (+${formatBytes(after - before)})`);
    const imageAfter = Number((await engine.docker(['image', 'inspect', '--format', '{{.Size}}', tag])).stdout.trim());
    assert.equal(hintLabels(rebuilt).get(lineOf(edited, 'AS final')), `image ${formatBytes(imageAfter)} (+${formatBytes(imageAfter - imageBytes)})`);
    assert.match(hoverOf(rebuilt, edited), new RegExp(`Since the previous build: \\+${formatBytes(imageAfter - imageBytes).replace('.', '\\.')}`));
  });
}
