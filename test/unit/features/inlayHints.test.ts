import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { inlayHints } from '../../../server/src/features/inlayHints';
import type { FeatureContext } from '../../../server/src/features/context';
import { contextOf, URI } from '../../helpers/context';
import { builtContext, recorded, sampleText } from '../../helpers/layerContext';

const all = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
const labels = (context: FeatureContext, range = all) =>
  inlayHints(context, { textDocument: { uri: URI }, range }).map((hint) => `${hint.position.line + 1}:${hint.position.character} ${hint.label}`);

test('after a build: each layer beside its instruction, the base on its FROM, the image on the target’s FROM', () => {
  for (const builder of ['buildkit', 'classic']) {
    const context = builtContext(sampleText, [{ text: sampleText, params: recorded(builder) }]);
    assert.deepEqual(labels(context), ['1:28 base 2.0 MB', '2:12 0 B', '5:41 200 kB', '10:18 image 2.2 MB', '12:44 50 kB', '13:27 3.0 kB'], builder);
  }
});

test('only the hints in the asked range; none with stagecraft.layerSizes.enabled off or without a build', () => {
  const context = builtContext(sampleText, [{ text: sampleText, params: {} }]);
  assert.deepEqual(labels(context, { start: { line: 9, character: 0 }, end: { line: 11, character: 0 } }), ['10:18 image 2.2 MB', '12:44 50 kB']);
  assert.deepEqual(labels(builtContext(sampleText, [{ text: sampleText, params: {} }], { layerSizesEnabled: false })), []);
  assert.deepEqual(labels(contextOf(sampleText)), []);
});

test('an edit of the image’s instructions or of a stage it copies from hides the numbers behind one hint; one of an unused stage does not', () => {
  const edited = sampleText.replace('BLOB=200000', 'BLOB=500000');
  const stale = inlayHints(builtContext(edited, [{ text: sampleText, params: {} }]), { textDocument: { uri: URI }, range: all });
  assert.deepEqual(
    stale.map((hint) => [hint.position.line, hint.label, hint.tooltip]),
    [
      [
        9,
        'sizes from the build before your last edit',
        'app:final: the target’s instructions changed since the build. Build again to see the current layer sizes.',
      ],
    ],
  );
  // A stage the image copies from (COPY --from=build) makes those bytes too: stale as well.
  const copiedFrom = sampleText.replace('head -c 50000', 'head -c 60000');
  assert.deepEqual(
    inlayHints(builtContext(copiedFrom, [{ text: sampleText, params: {} }]), { textDocument: { uri: URI }, range: all }).map((hint) => hint.tooltip),
    ['app:final: the stage `build` that the image copies from changed since the build. Build again to see the current layer sizes.'],
  );
  const outside = sampleText.replace('FROM base AS final', 'FROM base AS unused\nRUN true\n\nFROM base AS final');
  assert.equal(labels(builtContext(outside, [{ text: sampleText, params: {} }])).length, 6);
  const moved = `# a comment\n${sampleText}`;
  assert.deepEqual(labels(builtContext(moved, [{ text: sampleText, params: {} }]))[0], '2:28 base 2.0 MB', 'lines moved with the text');
});

test('a rebuild shows the change since the previous build of the target; an unmapped build says so', () => {
  const bigger = recorded('buildkit');
  const run = bigger.history.find((entry: { createdBy: string }) => entry.createdBy.includes('/app/blob'));
  run.size += 300_000;
  bigger.size += 300_000;
  const edited = sampleText.replace('BLOB=200000', 'BLOB=500000');
  const context = builtContext(edited, [
    { text: sampleText, params: {} },
    { text: edited, params: bigger },
  ]);
  assert.deepEqual(labels(context), ['1:28 base 2.0 MB', '2:12 0 B', '5:41 500 kB (+300 kB)', '10:18 image 2.5 MB (+300 kB)', '12:44 50 kB', '13:27 3.0 kB']);
  const unmapped = builtContext(sampleText, [{ text: sampleText, params: { builder: 'classic' } }]);
  assert.deepEqual(labels(unmapped), ['10:18 layer sizes unmapped · image 2.2 MB']);
});
