import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { largestLocalBase, parseSizeAndPlatform } from '../../../../client/src/build/baseImage';
import type { BuildPlanResult } from '../../../../server/src/protocol';
import { planOf } from '../../../helpers/plan';

const text = ['FROM golang:1.22 AS build', 'FROM node:20 AS test', 'FROM alpine:3 AS base', 'FROM base AS final', 'COPY --from=build /out /app', ''].join('\n');
const plan = planOf(text) as BuildPlanResult;

/** An engine that has these images (by the name as written), and the names it was asked for. */
function engine(sizes: Record<string, number>) {
  const asked: string[] = [];
  return {
    asked,
    sizeOf: async (image: string) => {
      asked.push(image);
      return sizes[image];
    },
  };
}

test("the largest local base among the stages BuildKit ran; the target's own base is marked", async () => {
  const { sizeOf, asked } = engine({ 'golang:1.22': 800_000_000, 'node:20': 1_100_000_000, 'alpine:3': 8_000_000 });
  assert.deepEqual(await largestLocalBase(plan, 'buildkit', sizeOf), { image: 'golang:1.22', size: 800_000_000, stage: 'build', isTargetBase: false });
  assert.ok(!asked.includes('node:20'), 'BuildKit skips the test stage: its base is not measured');
  const { sizeOf: onlyAlpine } = engine({ 'alpine:3': 8_000_000 });
  assert.deepEqual(await largestLocalBase(plan, 'buildkit', onlyAlpine), { image: 'alpine:3', size: 8_000_000, stage: 'base', isTargetBase: true });
});

test('the classic builder runs every stage up to the target, so its bases count', async () => {
  const { sizeOf } = engine({ 'golang:1.22': 800_000_000, 'node:20': 1_100_000_000 });
  assert.equal((await largestLocalBase(plan, 'classic', sizeOf))?.image, 'node:20');
});

test('no base image the engine has: undefined', async () => {
  assert.equal(await largestLocalBase(plan, 'buildkit', engine({}).sizeOf), undefined);
});

test('the size and platform of a built image, as docker image inspect prints them (20.10 and 28 print the same)', () => {
  assert.deepEqual(parseSizeAndPlatform('1985581 linux/amd64\n'), { size: 1_985_581, platform: 'linux/amd64' });
  assert.deepEqual(parseSizeAndPlatform('4460544 linux/arm/v7'), { size: 4_460_544, platform: 'linux/arm/v7' });
  // An engine that names no platform, or names it oddly: the size alone.
  assert.deepEqual(parseSizeAndPlatform('100 /'), { size: 100 });
  assert.deepEqual(parseSizeAndPlatform('100 linux/$(id)'), { size: 100 });
  assert.equal(parseSizeAndPlatform(''), undefined);
  assert.equal(parseSizeAndPlatform('<no value> linux/amd64'), undefined);
});
