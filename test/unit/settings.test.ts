import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, normalizeSettings } from '../../server/src/settings';

test('normalizeSettings keeps string build args and stringifies scalars', () => {
  assert.deepEqual(normalizeSettings({ buildArgs: { GO_VERSION: '1.22', DEBUG: true, N: 3 } }), {
    buildArgs: { GO_VERSION: '1.22', DEBUG: 'true', N: '3' },
    codeLensEnable: true,
  });
  assert.equal(normalizeSettings({ codeLens: { enable: false } }).codeLensEnable, false);
  assert.equal(normalizeSettings({ codeLens: { enable: 'no' } }).codeLensEnable, true);
});

test('normalizeSettings drops values of the wrong shape instead of throwing', () => {
  assert.deepEqual(normalizeSettings({ buildArgs: { A: { nested: 1 }, B: null, C: ['x'] } }), { buildArgs: {}, codeLensEnable: true });
  assert.deepEqual(normalizeSettings({ buildArgs: ['A=1'] }), { buildArgs: {}, codeLensEnable: true });
  for (const raw of [undefined, null, 42, 'text', []]) assert.deepEqual(normalizeSettings(raw), defaultSettings);
});
