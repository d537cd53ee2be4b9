import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatAge, formatBytes, savingPercent } from '../../server/src/format';

test('sizes in decimal units, one decimal under 100, whole numbers above', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1000), '1.0 kB');
  assert.equal(formatBytes(3_800_000), '3.8 MB');
  assert.equal(formatBytes(71_400_000), '71.4 MB');
  assert.equal(formatBytes(316_200_000), '316 MB');
  assert.equal(formatBytes(585_080_606), '585 MB');
  assert.equal(formatBytes(1_234_000_000), '1.2 GB');
  assert.equal(formatBytes(4_460_544), '4.5 MB');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1_982_567), '2.0 MB');
  assert.equal(formatBytes(12_000_000), '12 MB');
  assert.equal(formatBytes(9_960_000), '10 MB');
});

test('rounding never shows 1000 of a unit', () => {
  assert.equal(formatBytes(999_960), '1.0 MB');
  assert.equal(formatBytes(999_600_000), '1.0 GB');
  assert.equal(formatBytes(99_960_000), '100 MB');
});

test('bad input reads as unknown, not as a number', () => {
  assert.equal(formatBytes(-1), '? B');
  assert.equal(formatBytes(Number.NaN), '? B');
});

test('ages: just now under a minute, then rounded down', () => {
  assert.equal(formatAge(5_000), 'just now');
  assert.equal(formatAge(59_999), 'just now');
  assert.equal(formatAge(60_000), '1 min ago');
  assert.equal(formatAge(125_000), '2 min ago');
  assert.equal(formatAge(3600_000), '1 h ago');
  assert.equal(formatAge(47 * 3600_000), '47 h ago');
  assert.equal(formatAge(48 * 3600_000), '2 days ago');
  assert.equal(formatAge(3 * 60_000 + 10), '3 min ago');
  assert.equal(formatAge(5 * 3600_000), '5 h ago');
  assert.equal(formatAge(3 * 86_400_000), '3 days ago');
  assert.equal(formatAge(-10), 'just now');
});

test('savings are rounded down and only for a smaller image', () => {
  assert.equal(savingPercent(316_200_000, 1_000_000), 99);
  assert.equal(savingPercent(585_080_606, 4_460_544), 99);
  assert.equal(savingPercent(71_400_000, 1_000_000), 98);
  assert.equal(savingPercent(100, 100), undefined);
  assert.equal(savingPercent(100, 200), undefined);
  assert.equal(savingPercent(0, 0), undefined);
});
