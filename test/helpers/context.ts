/** Test helpers: a FeatureContext from fixture text, and JSON expectations next to the fixtures. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { defaultSettings, type StagecraftSettings } from '../../server/src/settings';
import type { FeatureContext } from '../../server/src/features/context';

export const fixtures = join(__dirname, '..', 'fixtures', 'features');
export const URI = 'file:///work/Dockerfile';

export function contextOf(text: string, settings: Partial<StagecraftSettings> = {}): FeatureContext {
  const merged = { ...defaultSettings, ...settings };
  return { document: TextDocument.create(URI, 'dockerfile', 1, text), model: parseDockerfile(text, { buildArgs: merged.buildArgs }), settings: merged };
}

export function fixture(name: string): FeatureContext {
  return contextOf(readFileSync(join(fixtures, `${name}.Dockerfile`), 'utf8'));
}

/** Compares with `<fixture>.<what>.json`; `UPDATE_EXPECTED=1` writes it (review the diff before committing). */
export function expectJson(name: string, what: string, actual: unknown): void {
  expectJsonAt(join(fixtures, `${name}.${what}.json`), actual);
}

/** Compares with the JSON file; `UPDATE_EXPECTED=1` (or a missing file, outside CI) writes it. */
export function expectJsonAt(file: string, actual: unknown): void {
  const normalized = JSON.parse(JSON.stringify(actual));
  if (process.env.UPDATE_EXPECTED === '1' || !existsSync(file)) {
    if (process.env.CI) assert.fail(`${file} is missing`);
    writeFileSync(file, JSON.stringify(normalized, null, 2) + '\n');
  }
  assert.deepEqual(normalized, JSON.parse(readFileSync(file, 'utf8')));
}

/** Position of the n-th occurrence (0-based) of `needle` in the document, offset into it by `delta` characters. */
export function positionOf(context: FeatureContext, needle: string, occurrence = 0, delta = 1) {
  const text = context.document.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${needle} #${occurrence} not found`);
  }
  return context.document.positionAt(index + delta);
}
