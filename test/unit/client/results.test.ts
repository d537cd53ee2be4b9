import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatBytes, timeAgo } from '../../../server/src/format';
import { sizeMessage } from '../../../client/src/results';

test('formatBytes: powers of 1000, as docker prints sizes', () => {
  assert.deepEqual([0, 512, 1_982_567, 4_460_544, 585_080_606, 999_999, 1_200_000_000].map(formatBytes), ['0 B', '512 B', '2 MB', '4.5 MB', '585 MB', '1 MB', '1.2 GB']);
  assert.equal(formatBytes(9_960_000), '10 MB');
});

test('timeAgo', () => {
  const now = 1_000_000_000;
  assert.deepEqual([0, 44, 60, 125, 3600, 86_400 * 2].map((s) => timeAgo(now - s * 1000, now)), ['just now', 'just now', '1 min ago', '2 min ago', '1 h ago', '2 days ago']);
});

test('sizeMessage says uncompressed and local, and compares with the base', () => {
  assert.equal(sizeMessage({ tag: 'app:final', size: 4_460_544, base: { image: 'golang:1.22', size: 585_080_606, stage: 'build', isTargetBase: false } }),
    'built app:final: 4.5 MB (uncompressed, local), 99% smaller than golang:1.22 585 MB, the base of its build stage');
  assert.equal(sizeMessage({ tag: 'app:debug', size: 12_000_000, base: { image: 'alpine:3', size: 8_000_000, stage: 'debug', isTargetBase: true } }),
    'built app:debug: 12 MB (uncompressed, local), 50% larger than its base alpine:3 8 MB');
  assert.equal(sizeMessage({ tag: 'workspace:final', size: 1_982_567, base: { image: 'local/busybox:1', size: 1_985_581, stage: 'base', isTargetBase: false } }),
    'built workspace:final: 2 MB (uncompressed, local), about the same size as local/busybox:1 2 MB, the base of its base stage');
  assert.equal(sizeMessage({ tag: 'x', size: 100 }), 'built x: 100 B (uncompressed, local)');
});
