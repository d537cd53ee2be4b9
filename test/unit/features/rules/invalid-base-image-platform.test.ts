/**
 * invalid-base-image-platform beyond its fixtures (test/fixtures/rules/invalid-base-image-platform/):
 * BuildKit's check options, the target platform from the settings, build args in `--platform`, the
 * containerd platform helpers it prints and matches with, and the environment the wiring builds
 * from the size service (what is known, nothing looked up).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { ruleDiagnostics } from '../../../../server/src/features/diagnostics';
import type { RuleEnvironment } from '../../../../server/src/features/rules/rule';
import { formatAll, parseFullPlatform, platformVector } from '../../../../server/src/features/rules/platform-flag';
import { resolvedPlatform } from '../../../../server/src/features/rules/invalid-base-image-platform';
import { platformFacts } from '../../../../server/src/environment';
import { parseDockerfile } from '../../../../server/src/analysis/parse';
import { parseImageReference } from '../../../../server/src/analysis/imageRef';
import { defaultSettings } from '../../../../server/src/settings';
import { ImageSizeService } from '../../../../server/src/sizes/service';
import { contextOf } from '../../../helpers/context';

const ID = 'invalid-base-image-platform';
const ARM_ONLY = { 'example.com/arm-only:1': { registry: { single: { os: 'linux', architecture: 'arm64' } } } };
const envOf = (images: NonNullable<RuleEnvironment['platforms']>['images'] = ARM_ONLY, target = 'linux/amd64', build = 'linux/amd64'): RuleEnvironment => ({
  platforms: { target, build, images },
});

function run(text: string, env: RuleEnvironment = envOf(), settings: Parameters<typeof contextOf>[1] = {}): Diagnostic[] {
  const context = { ...contextOf(text, settings), env };
  return ruleDiagnostics(context, env, (rule, error) => {
    throw new Error(`rule ${rule} threw: ${error}`);
  }).filter((d) => d.code === ID);
}
const messages = (found: Diagnostic[]) => found.map((d) => `${d.range.start.line + 1}: ${d.message}`);

test('without platform facts, or with nothing known of the image, the rule says nothing', () => {
  assert.deepEqual(run('FROM example.com/arm-only:1\n', {}), []);
  assert.deepEqual(run('FROM example.com/other:1\n'), []);
  assert.deepEqual(messages(run('FROM example.com/arm-only:1\n')), [
    '1: Base image example.com/arm-only:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
  ]);
});

test('the target platform comes from the environment: matching it is silent, a list of platforms is not checked', () => {
  assert.deepEqual(run('FROM example.com/arm-only:1\n', envOf(ARM_ONLY, 'linux/arm64')), []);
  assert.deepEqual(run('FROM example.com/arm-only:1\n', envOf(ARM_ONLY, 'linux/amd64,linux/arm64')), []);
  assert.deepEqual(messages(run('FROM example.com/arm-only:1\n', envOf(ARM_ONLY, 'linux/s390x'))), [
    '1: Base image example.com/arm-only:1 was pulled with platform "linux/arm64", expected "linux/s390x" for current build',
  ]);
});

test('--platform is expanded as BuildKit does: $BUILDPLATFORM, $TARGETPLATFORM, global ARGs and build-arg overrides', () => {
  const onArm = envOf(ARM_ONLY, 'linux/arm64', 'linux/amd64');
  assert.deepEqual(run('FROM --platform=$TARGETPLATFORM example.com/arm-only:1\n', onArm), []);
  assert.deepEqual(messages(run('FROM --platform=$BUILDPLATFORM example.com/arm-only:1\n', onArm)), [
    '1: Base image example.com/arm-only:1 was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
  ]);
  const text = 'ARG ARCH=amd64\nFROM --platform=linux/${ARCH} example.com/arm-only:1 AS tool\n';
  assert.equal(run(text).length, 1);
  assert.deepEqual(run(text, envOf(), { buildArgs: { ARCH: 'arm64' } }), [], 'stagecraft.buildArgs overrides the default');
  assert.deepEqual(
    run('FROM --platform=$TARGETPLATFORM example.com/arm-only:1\n', envOf(), { buildArgs: { TARGETPLATFORM: 'linux/arm64' } }),
    [],
    'as in BuildKit, a build arg overrides the predefined ARG',
  );
  assert.deepEqual(run('FROM --platform=linux/${NOPE} example.com/arm-only:1\n'), [], 'a variable without a value: unknown');
  assert.deepEqual(run('FROM --platform=not/a/valid/platform example.com/arm-only:1\n'), [], 'BuildKit fails to parse it: no check');
});

test("BuildKit's check options apply: skip in the file, not in a comment above the FROM (a file-only check); error=true", () => {
  const text = 'FROM example.com/arm-only:1\n';
  assert.deepEqual(run(`# check=skip=InvalidBaseImagePlatform\n${text}`), []);
  assert.deepEqual(run(`# check=skip=all\n${text}`), []);
  assert.equal(run(`FROM alpine\n# check=skip=InvalidBaseImagePlatform\n${text}`).length, 1, "BuildKit runs it with the file's options only");
  assert.equal(run(`# check=error=true\n${text}`)[0]?.severity, 1);
  assert.equal(run(text, envOf(), { buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=InvalidBaseImagePlatform' } }).length, 0);
  assert.deepEqual(run(`# stagecraft-ignore ${ID}\n${text}`), []);
});

test("containerd's platforms: Parse + Normalize, FormatAll, and the fallbacks Only accepts", () => {
  const show = (text: string) => {
    const p = parseFullPlatform(text);
    return p && formatAll(p);
  };
  assert.equal(show('linux/arm64/v8'), 'linux/arm64');
  assert.equal(show('linux/arm'), 'linux/arm/v7');
  assert.equal(show('linux/armhf'), 'linux/arm/v7');
  assert.equal(show('Linux/x86_64'), 'linux/amd64');
  assert.equal(show('aarch64'), 'linux/arm64');
  assert.equal(show('windows(10.0.20348)/amd64'), 'windows(10.0.20348)/amd64');
  assert.equal(show('linux'), 'linux/amd64');
  for (const bad of ['', 'linux/', 'a/b/c/d', 'linux/*', 'nonsense']) assert.equal(parseFullPlatform(bad), undefined, bad);
  const vector = (text: string) => platformVector(parseFullPlatform(text)!).map(formatAll);
  assert.deepEqual(vector('linux/amd64'), ['linux/amd64', 'linux/386']);
  assert.deepEqual(vector('linux/amd64/v3'), ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64/v1', 'linux/386']);
  assert.deepEqual(vector('linux/arm/v7'), ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(vector('linux/arm64'), ['linux/arm64/v8', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(vector('linux/arm64/v9.1').slice(0, 4), ['linux/arm64/v9.1', 'linux/arm64/v9', 'linux/arm64/v8.6', 'linux/arm64/v8.5']);
});

test('which image BuildKit gets: the best index entry, a single manifest as it is, a matching local image first', () => {
  const amd64 = parseFullPlatform('linux/amd64')!;
  const pick = (known: Parameters<typeof resolvedPlatform>[0]) => {
    const p = resolvedPlatform(known, amd64);
    return p && formatAll(p);
  };
  assert.equal(
    pick({
      registry: {
        index: [
          { os: 'linux', architecture: '386' },
          { os: 'linux', architecture: 'amd64' },
        ],
      },
    }),
    'linux/amd64',
  );
  assert.equal(
    pick({
      registry: {
        index: [
          { os: 'linux', architecture: 'arm64' },
          { os: 'linux', architecture: '386' },
        ],
      },
    }),
    'linux/386',
  );
  assert.equal(pick({ registry: { index: [{ os: 'linux', architecture: 'arm64' }] } }), undefined, 'no acceptable entry: a build error, not this check');
  assert.equal(pick({ registry: { single: { os: 'windows', architecture: 'amd64' } } }), 'windows/amd64');
  assert.equal(pick({ registry: { single: { os: 'linux', architecture: 'arm64' } }, local: { os: 'linux', architecture: 'amd64' } }), 'linux/amd64');
  assert.equal(
    pick({ registry: { single: { os: 'linux', architecture: 'arm64' } }, local: { os: 'linux', architecture: 'ppc64le' } }),
    'linux/arm64',
    'a local image of another platform is not used',
  );
  assert.equal(pick({ local: { os: 'linux', architecture: 's390x' } }), undefined);
});

test("the environment the wiring builds: the settings' platform or this machine's, and only what the service already knows", async () => {
  let lookups = 0;
  const service = new ImageSizeService({
    registry: {
      imageSize: async () => {
        lookups++;
        return { bytes: 1, layers: 1, platform: 'linux/arm64', fromIndex: false, platforms: { single: { os: 'linux', architecture: 'arm64' } } };
      },
    },
  });
  const model = parseDockerfile('FROM example.com/arm-only:1\nFROM scratch\nFROM example.com/arm-only:1 AS again\n');
  const facts = platformFacts(model, defaultSettings, service);
  assert.deepEqual(facts.images, {});
  assert.match(facts.target, /^linux\//);
  assert.equal(facts.target, facts.build);
  assert.equal(platformFacts(model, { ...defaultSettings, buildPlatform: 'linux/riscv64' }, service).target, 'linux/riscv64');
  await service.idle();
  assert.equal(lookups, 0, 'building the environment starts no lookup');
  service.peek(parseImageReference('example.com/arm-only:1'), { os: 'linux', architecture: 'amd64' }, { offline: false }); // what a hover does
  await service.idle();
  assert.deepEqual(platformFacts(model, defaultSettings, service).images, {
    'example.com/arm-only:1': { registry: { single: { os: 'linux', architecture: 'arm64' } } },
  });
});
