import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sizeMessage } from '../../../client/src/results';

test('sizeMessage says uncompressed and local, and compares with the base', () => {
  assert.equal(
    sizeMessage({ tag: 'app:final', size: 4_460_544, base: { image: 'golang:1.22', size: 585_080_606, stage: 'build', isTargetBase: false } }),
    'built app:final: 4.5 MB (uncompressed, local), 99% smaller than golang:1.22 585 MB, the base of its build stage',
  );
  assert.equal(
    sizeMessage({ tag: 'app:debug', size: 12_000_000, base: { image: 'alpine:3', size: 8_000_000, stage: 'debug', isTargetBase: true } }),
    'built app:debug: 12 MB (uncompressed, local), 50% larger than its base alpine:3 8.0 MB',
  );
  assert.equal(
    sizeMessage({ tag: 'workspace:final', size: 1_982_567, base: { image: 'local/busybox:1', size: 1_985_581, stage: 'base', isTargetBase: false } }),
    'built workspace:final: 2.0 MB (uncompressed, local), about the same size as local/busybox:1 2.0 MB, the base of its base stage',
  );
  assert.equal(sizeMessage({ tag: 'x', size: 100 }), 'built x: 100 B (uncompressed, local)');
});

test('sizeMessage names the platform the size is for', () => {
  assert.equal(sizeMessage({ tag: 'x', size: 12_300_000, platform: 'linux/arm64' }), 'built x: 12.3 MB (linux/arm64, uncompressed, local)');
  assert.equal(
    sizeMessage({
      tag: 'app:final',
      size: 4_460_544,
      platform: 'linux/amd64',
      base: { image: 'golang:1.22', size: 585_080_606, stage: 'build', isTargetBase: false },
    }),
    'built app:final: 4.5 MB (linux/amd64, uncompressed, local), 99% smaller than golang:1.22 585 MB, the base of its build stage',
  );
});
