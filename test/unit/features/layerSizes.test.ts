import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hover } from '../../../server/src/features/hover';
import { inlayHints } from '../../../server/src/features/inlayHints';
import { formatDelta, layerHover } from '../../../server/src/features/layerSizes';
import type { FeatureContext } from '../../../server/src/features/context';
import { positionOf, URI } from '../../helpers/context';
import { builtContext, recorded, sampleText } from '../../helpers/layerContext';

const hoverText = (context: FeatureContext, needle: string) =>
  (hover(context, { textDocument: { uri: URI }, position: positionOf(context, needle, 0, 4) })!.contents as { value: string }).value;

test('the target’s stage hover: base first, then the instructions that added bytes, largest first, and the total', () => {
  const context = builtContext(sampleText, [{ text: sampleText, params: {} }]);
  const text = hoverText(context, 'AS final');
  assert.ok(text.startsWith('**Stage `final`**'), 'the stage hover comes first');
  assert.ok(
    text.endsWith(
      '**Layers of `app:final`** (BuildKit, built 1 min ago): base `local/busybox:1` 2.0 MB + RUN head -c 200 kB + COPY --from=build 50 kB + COPY 3.0 kB = 2.2 MB',
    ),
    text,
  );
  assert.doesNotMatch(hoverText(context, 'AS base'), /Layers of/, 'only the built target’s hover');
  assert.deepEqual(layerHover(builtContext(sampleText, [{ text: sampleText, params: {} }], { layerSizesEnabled: false }), 2, 0), []);
});

test('the change since the previous build, an edit since the build and an unmapped build, in words', () => {
  const bigger = recorded('buildkit');
  bigger.history.find((entry: { createdBy: string }) => entry.createdBy.includes('/app/blob')).size += 300_000;
  bigger.size += 300_000;
  const edited = sampleText.replace('BLOB=200000', 'BLOB=500000');
  const rebuilt = builtContext(edited, [
    { text: sampleText, params: {} },
    { text: edited, params: bigger },
  ]);
  assert.match(hoverText(rebuilt, 'AS final'), /= 2\.5 MB\n\nSince the previous build: \+300 kB \(RUN head -c \+300 kB\)\.$/);
  const same = builtContext(sampleText, [
    { text: sampleText, params: {} },
    { text: sampleText, params: {} },
  ]);
  assert.match(hoverText(same, 'AS final'), /Since the previous build: no change\.$/);
  const stale = builtContext(edited, [{ text: sampleText, params: {} }]);
  const staleText = hoverText(stale, 'AS final');
  assert.match(staleText, /sizes from the build before your last edit \(the target’s instructions changed since the build\); build again for current ones\.$/);
  assert.doesNotMatch(staleText, /200 kB/, 'no old number reads as current');
  const unmapped = builtContext(sampleText, [{ text: sampleText, params: { builder: 'classic' } }]);
  assert.match(
    hoverText(unmapped, 'AS final'),
    /\(the classic builder, built 1 min ago\): unmapped, the image has 11 history entries; .* The image is 2\.2 MB\.$/,
  );
});

test('an instruction added above others takes no old layer as its own: the ones it moved keep theirs', () => {
  // A COPY added after the LABEL sits where COPY --from was: it must not be compared with that one.
  const edited = sampleText.replace('LABEL org.example.layers=sample\n', 'LABEL org.example.layers=sample\nCOPY extra.txt /app/extra.txt\n');
  const grown = recorded('buildkit');
  const label = grown.history.findIndex((entry: { createdBy: string }) => entry.createdBy.startsWith('LABEL'));
  grown.history.splice(label, 0, { createdBy: 'COPY extra.txt /app/extra.txt # buildkit', size: 7_000 });
  grown.size += 7_000;
  const rebuilt = builtContext(edited, [
    { text: sampleText, params: {} },
    { text: edited, params: grown },
  ]);
  const hints = inlayHints(rebuilt, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
  const at = (needle: string) => hints.find((hint) => hint.position.line === positionOf(rebuilt, needle).line)?.label;
  assert.deepEqual([at('/app/extra.txt'), at('/app/from-build'), at('/app/data.txt'), at('AS final')], ['7.0 kB', '50 kB', '3.0 kB', 'image 2.2 MB (+7.0 kB)']);
  assert.match(hoverText(rebuilt, 'AS final'), /Since the previous build: \+7\.0 kB\.$/);
});

test('an edit of a stage the image copies from makes its sizes stale; one of a stage it does not use does not', () => {
  const copiedFrom = sampleText.replace('head -c 50000 /dev/urandom', 'head -c 60000 /dev/urandom');
  const stale = builtContext(copiedFrom, [{ text: sampleText, params: {} }]);
  const text = hoverText(stale, 'AS final');
  assert.match(text, /sizes from the build before your last edit \(the stage `build` that the image copies from changed since the build\)/);
  assert.doesNotMatch(text, /50 kB/, 'the COPY --from size is not shown as current');
  const unused = sampleText.replace('FROM base AS final', 'FROM base AS unused\nRUN echo not in the image\n\nFROM base AS final');
  assert.match(hoverText(builtContext(unused, [{ text: sampleText, params: {} }]), 'AS final'), /COPY --from=build 50 kB/);
});

test('deltas read with their sign; no change reads as nothing', () => {
  assert.deepEqual([formatDelta(2_100_000), formatDelta(-512), formatDelta(0), formatDelta(undefined)], ['+2.1 MB', '-512 B', '', '']);
});
