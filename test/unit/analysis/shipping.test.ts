import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { baseChain, isWindowsStage, setsCommand, shippedStages } from '../../../server/src/analysis/shipping';
import { isNonRootImage, isOsImage, sdkImage } from '../../../server/src/analysis/images';
import { parseImageReference } from '../../../server/src/analysis/imageRef';
import { cacheMountTargets, runCommands } from '../../../server/src/analysis/commands';

const names = (text: string) => {
  const model = parseDockerfile(text);
  return shippedStages(model).map((i) => model.stages[i].name ?? String(i));
};

test('shipped stages: the default target and leaf stages that look like deliverables, never build stages', () => {
  const text = [
    'FROM golang:1.22 AS build', // copied from: a build stage
    'RUN go build -o /out/app .',
    'FROM build AS test', // a leaf, but named test
    'RUN go test ./...',
    'FROM alpine:3 AS base', // built FROM by two stages: never shipped
    'FROM base AS debug', // a leaf named debug
    'FROM base AS worker', // a leaf that looks like a deliverable
    'COPY --from=build /out/app /worker',
    'FROM golang:1.22', // an unnamed stage nobody uses: cannot be a --target
    'FROM base AS app', // the default target
    'COPY --from=build /out/app /app',
  ].join('\n');
  assert.deepEqual(names(text), ['worker', 'app']);
});

test('shipped stages: an unnamed last stage ships; a last stage named dev or lint is a tool image', () => {
  assert.deepEqual(names('FROM golang:1.22 AS build\nRUN true\nFROM scratch\nCOPY --from=build /a /a\n'), ['1']);
  assert.deepEqual(names('FROM golang:1.22 AS build\nFROM build AS dev\n'), []);
  assert.deepEqual(names('FROM golang:1.22 AS unit-test\nFROM golang:1.22 AS lint_go\nFROM alpine:3 AS release\n'), ['release']);
  assert.deepEqual(names('FROM alpine:3\n'), ['0']);
  assert.deepEqual(names(''), []);
});

test('a stage copying from itself does not make it a build stage', () => {
  assert.deepEqual(names('FROM alpine:3 AS app\nCOPY --from=app /a /b\n'), ['app']);
});

test('base chain, command and Windows questions', () => {
  const model = parseDockerfile('FROM node:22 AS base\nCMD ["node"]\nFROM base AS mid\nFROM mid AS app\n');
  assert.deepEqual(
    baseChain(model, 2).map((s) => s.name),
    ['app', 'mid', 'base'],
  );
  assert.equal(setsCommand(model, 2), true);
  assert.equal(setsCommand(parseDockerfile('FROM golang:1.22\nRUN true\n'), 0), false);
  assert.equal(isWindowsStage(parseDockerfile('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n'), 0), true);
  assert.equal(isWindowsStage(model, 2), false);
});

test('image table: SDK images and their runtime images, non-root and OS images', () => {
  const image = (raw: string) => parseImageReference(raw);
  assert.deepEqual(
    sdkImage(image('node:20-bookworm'))?.runtimes.map((r) => r.image),
    ['node:20-bookworm-slim', 'node:20-alpine'],
  );
  assert.deepEqual(
    sdkImage(image('node'))?.runtimes.map((r) => r.image),
    ['node:slim', 'node:alpine'],
  );
  assert.equal(sdkImage(image('node:20-slim')), undefined);
  assert.equal(sdkImage(image('python:3.12-alpine')), undefined);
  assert.equal(sdkImage(image('golang:1.22-alpine'))?.size, '71.4 MB');
  assert.deepEqual(
    sdkImage(image('maven:3.9-eclipse-temurin-17'))?.runtimes.map((r) => r.image),
    ['eclipse-temurin:17-jre'],
  );
  assert.deepEqual(
    sdkImage(image('gradle:8.10-jdk21'))?.runtimes.map((r) => r.image),
    ['eclipse-temurin:21-jre'],
  );
  assert.deepEqual(
    sdkImage(image('eclipse-temurin:21-jdk-jammy'))?.runtimes.map((r) => r.image),
    ['eclipse-temurin:21-jre'],
  );
  assert.equal(sdkImage(image('eclipse-temurin:21-jre')), undefined);
  assert.deepEqual(
    sdkImage(image('mcr.microsoft.com/dotnet/sdk:8.0.100-alpine'))?.runtimes.map((r) => r.image),
    ['mcr.microsoft.com/dotnet/aspnet:8.0-alpine', 'mcr.microsoft.com/dotnet/runtime:8.0-alpine'],
  );
  assert.equal(sdkImage(image('alpine:3')), undefined);
  assert.equal(isNonRootImage(image('gcr.io/distroless/static-debian12:nonroot')), true);
  assert.equal(isNonRootImage(image('gcr.io/distroless/static-debian12')), false);
  assert.equal(isNonRootImage(image('nginxinc/nginx-unprivileged:1.27')), true);
  assert.equal(isNonRootImage(image('cgr.dev/chainguard/static')), true);
  assert.equal(isNonRootImage(image('node:22')), false);
  assert.equal(isOsImage(image('debian:bookworm')), true);
  assert.equal(isOsImage(image('tonistiigi/xx')), false);
});

test('RUN commands: split at && ; | and heredoc lines; cache mounts', () => {
  const model = parseDockerfile(
    [
      'FROM alpine:3',
      'RUN --mount=type=cache,target=/var/cache/apk DEBIAN_FRONTEND=x sudo apk add curl; apk del x && \\',
      '    pip install -r r.txt',
      'RUN ["sh", "-c", "npm ci && npm run build"]',
      'RUN <<EOF',
      'apt-get update',
      'apt-get install -y \\',
      '  curl',
      'EOF',
    ].join('\n'),
  );
  const commands = model.stages[0].instructions.slice(1).map((i) => runCommands(i).map((c) => c.words.map((w) => w.value).join(' ')));
  assert.deepEqual(commands, [
    ['apk add curl', 'apk del x', 'pip install -r r.txt'],
    ['npm ci', 'npm run build'],
    ['apt-get update', 'apt-get install -y curl'],
  ]);
  assert.deepEqual(cacheMountTargets(model.stages[0].instructions[1]), ['/var/cache/apk']);
});
