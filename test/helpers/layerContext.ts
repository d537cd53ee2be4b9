/** Test helpers for the layer-size features: the recorded sample build, and contexts that got builds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureContext } from '../../server/src/features/context';
import type { LayerHistoryParams } from '../../server/src/protocol';
import { LayerResults } from '../../server/src/wiring/layerResults';
import type { StagecraftSettings } from '../../server/src/settings';
import { contextOf, URI } from './context';

const fixtures = join(__dirname, '..', 'fixtures', 'layers');
export const sampleText = readFileSync(join(fixtures, 'sample', 'Dockerfile'), 'utf8');
/** A history recorded from the engine (test/engine/layerSizes.test.ts). */
export const recorded = (builder: string) => JSON.parse(readFileSync(join(fixtures, `sample.${builder}.json`), 'utf8'));

/** A context for `text` whose document got these builds (each mapped on the text it was built from). */
export function builtContext(text: string, builds: { text: string; params: Partial<LayerHistoryParams> }[], settings: Partial<StagecraftSettings> = {}) {
  const layers = new LayerResults();
  builds.forEach(({ text: built, params }, i) =>
    layers.record({ uri: URI, tag: 'app:final', finishedAt: i + 1, ...recorded('buildkit'), ...params }, { model: contextOf(built).model, version: 1 }),
  );
  const context = contextOf(text, settings);
  return { ...context, layers: layers.of(URI, context.model), now: 61_000 } satisfies FeatureContext;
}
