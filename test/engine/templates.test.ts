/**
 * Real builds of the templates on the local Docker engine (Debian's docker.io on a private socket,
 * BuildKit through Debian's 20.10 CLI). No registry is reachable here, so every base image is made
 * locally: local/busybox:1, and Debian-based stand-ins tagged with the names the templates use.
 *
 * - examples/skeleton: default target, `--target test`, and `docker run` of the final image.
 * - the `ms-skeleton` snippet at its defaults, with a tiny project (a Makefile).
 * - the `ms-go` snippet at its defaults, with a tiny Go module: the default target (FROM scratch) is a
 *   small fraction of the SDK image; `--target test` runs `go test`, and a failing test fails it while
 *   the default target still builds (BuildKit skips the test stage).
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { expandPrefix } from '../helpers/snippetDefaults';
import { engine, type Engine } from './engine';
import { makeStandIn, offline, withTags } from './standIns';

const root = join(__dirname, '..', '..');
const MINUTE = 60_000;
/** The first run debootstraps Debian and installs Go into it: minutes. A time limit, never an assertion. */
const FIRST_RUN = { timeout: 30 * MINUTE };

let e: Engine;
before(async () => {
  e = await engine();
});

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project folder with these files (paths relative to it). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-template-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return dir;
}

interface Build {
  status: number;
  output: string;
  stages: Set<string>;
}

/** `docker build` with BuildKit and plain progress; `stages` are the stage names its steps show (`[build 2/3]`). */
async function build(
  context: string,
  options: { tag: string; target?: string; dockerfile?: string; buildArgs?: Record<string, string>; noCache?: boolean },
): Promise<Build> {
  const args = ['build', '--progress=plain', '-t', options.tag];
  if (options.target) args.push('--target', options.target);
  if (options.dockerfile) args.push('-f', options.dockerfile);
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) args.push('--build-arg', `${name}=${value}`);
  if (options.noCache) args.push('--no-cache');
  args.push(context);
  const result = await e.dockerAsync(args);
  const output = result.stdout + result.stderr;
  const stages = new Set([...output.matchAll(/^#\d+ \[([\w.-]+) \d+\/\d+\]/gm)].map((m) => m[1]));
  return { status: result.status, output, stages };
}

async function inspect(image: string, format: string): Promise<string> {
  const result = await e.dockerAsync(['image', 'inspect', '--format', format, image]);
  assert.equal(result.status, 0, `image ${image} exists: ${result.stderr}`);
  return result.stdout.trim();
}

async function run(image: string): Promise<string> {
  const result = await e.dockerAsync(['run', '--rm', image]);
  assert.equal(result.status, 0, `docker run ${image}: ${result.stdout}${result.stderr}`);
  return result.stdout;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The image names a Dockerfile's stages start from, resolved at the ARG defaults by our own analyzer. */
function baseImages(dockerfile: string): string[] {
  const names = parseDockerfile(dockerfile).stages.flatMap((stage) => {
    assert.notEqual(stage.base.kind, 'unresolved', `FROM of ${stage.name} resolves`);
    return stage.base.kind === 'image' ? [stage.base.image.raw] : [];
  });
  return [...new Set(names)].filter((name) => name !== 'scratch');
}

test(
  'examples/skeleton builds with BuildKit: test stage skipped by default, run by --target test; the final image runs',
  { timeout: 10 * MINUTE },
  async () => {
    const context = join(root, 'examples', 'skeleton');
    const dockerfile = join(project({ Dockerfile: offline(readFileSync(join(context, 'Dockerfile'), 'utf8')) }), 'Dockerfile');
    const buildArgs = { BASE_IMAGE: e.BUSYBOX };
    const tag = 'stagecraft-test/skeleton-example:latest';

    const final = await build(context, { tag, dockerfile, buildArgs });
    assert.equal(final.status, 0, final.output);
    assert.deepEqual([...final.stages].sort(), ['base', 'build', 'final'], `BuildKit ran base, build, final and skipped test:\n${final.output}`);
    const size = Number(await inspect(tag, '{{.Size}}'));
    assert.equal(await inspect(tag, '{{.Config.User}}'), '65534:65534');
    assert.equal(await run(tag), 'hello from the final stage\n');

    // --no-cache: a cached step would not print the tests' output again.
    const tested = await build(context, { tag: 'stagecraft-test/skeleton-example:test', dockerfile, buildArgs, target: 'test', noCache: true });
    assert.equal(tested.status, 0, tested.output);
    assert.match(tested.output, /^#\d+ [\d.]+ tests passed$/m, 'the test script ran');
    assert.deepEqual([...tested.stages].sort(), ['base', 'test']);
    console.log(`examples/skeleton: final image ${size} bytes (${mb(size)}) on ${e.BUSYBOX}`);
  },
);

test('the ms-skeleton snippet at its defaults builds and runs with a tiny project', FIRST_RUN, async () => {
  const dockerfile = offline(expandPrefix('ms-skeleton'));
  const bases = baseImages(dockerfile);
  assert.deepEqual(bases, ['alpine:3.22'], 'the snippet defaults to alpine:3.22');
  // Its defaults run `make build` and `make test`: the stand-in for alpine:3.22 is Debian with make
  // (alpine itself cannot be pulled here), tagged as alpine:3.22 only for the duration of this build.
  const standIn = await makeStandIn(e);
  const context = project({
    Dockerfile: dockerfile,
    Makefile: 'build:\n\tmkdir -p out\n\tcp app.sh out/app\n\tchmod 755 out/app\n\ntest: build\n\tsh test.sh\n',
    'app.sh': '#!/bin/sh\necho "hello from ms-skeleton"\n',
    'test.sh': '#!/bin/sh\nset -e\n[ "$(./out/app)" = "hello from ms-skeleton" ]\necho "tests passed"\n',
  });
  const tag = 'stagecraft-test/ms-skeleton:latest';
  await withTags(e, standIn, bases, async () => {
    const final = await build(context, { tag });
    assert.equal(final.status, 0, final.output);
    assert.deepEqual([...final.stages].sort(), ['base', 'build', 'final'], `test stage skipped:\n${final.output}`);
    const tested = await build(context, { tag: 'stagecraft-test/ms-skeleton:test', target: 'test', noCache: true });
    assert.equal(tested.status, 0, tested.output);
    assert.match(tested.output, /^#\d+ [\d.]+ tests passed$/m, 'the test script ran');
  });
  assert.equal(await inspect(tag, '{{.Config.User}}'), '65532:65532');
  assert.equal(await run(tag), 'hello from ms-skeleton\n');
  const size = Number(await inspect(tag, '{{.Size}}'));
  console.log(`ms-skeleton: final image ${size} bytes (${mb(size)}) on the Debian stand-in for alpine:3.22`);
});

test('the ms-go snippet at its defaults: a scratch image under 5% of the SDK image; --target test runs go test', FIRST_RUN, async () => {
  const dockerfile = offline(expandPrefix('ms-go'));
  const bases = baseImages(dockerfile);
  assert.deepEqual(bases, ['golang:1.24-alpine'], 'the FROM resolves at the ARG default');
  const sdk = await e.ensureGoSdkImage(bases[0]); // Debian-based stand-in with that name (see docker-engine.mjs)

  const module = {
    // Debian bookworm's Go is 1.19: a newer `go` line would ask for a toolchain it cannot download here.
    'go.mod': 'module example.com/tiny\n\ngo 1.19\n',
    'main.go':
      'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc greeting(port string) string { return "hello from ms-go on port " + port }\n\nfunc main() { fmt.Println(greeting(os.Getenv("PORT"))) }\n',
    'main_test.go':
      'package main\n\nimport "testing"\n\nfunc TestGreeting(t *testing.T) {\n\tif got := greeting("8080"); got != "hello from ms-go on port 8080" {\n\t\tt.Fatalf("greeting: %q", got)\n\t}\n}\n',
  };
  const context = project({ Dockerfile: dockerfile, ...module });
  const tag = 'stagecraft-test/ms-go:latest';

  const final = await build(context, { tag });
  assert.equal(final.status, 0, final.output);
  assert.deepEqual([...final.stages].sort(), ['build', 'final'], `BuildKit skipped the test stage:\n${final.output}`);
  assert.equal(await inspect(tag, '{{.Config.User}}'), '65532:65532');
  assert.equal(await run(tag), 'hello from ms-go on port 8080\n', 'the static binary runs on scratch as non-root');

  const sdkSize = Number(await inspect(sdk, '{{.Size}}'));
  const finalSize = Number(await inspect(tag, '{{.Size}}'));
  console.log(
    `ms-go: SDK image ${sdk} ${sdkSize} bytes (${mb(sdkSize)}), final image ${finalSize} bytes (${mb(finalSize)}): ${((100 * finalSize) / sdkSize).toFixed(2)}% of the SDK`,
  );
  assert.ok(finalSize > 0 && finalSize < 0.05 * sdkSize, `final ${finalSize} bytes is under 5% of the SDK's ${sdkSize}`);

  const tested = await build(context, { tag: 'stagecraft-test/ms-go:test', target: 'test', noCache: true });
  assert.equal(tested.status, 0, tested.output);
  assert.match(tested.output, /^#\d+ [\d.]+ ok\s+example\.com\/tiny\b/m, `go test passed:\n${tested.output}`);
  assert.deepEqual([...tested.stages].sort(), ['build', 'test']);

  // A failing test fails `--target test`, and only that: the default target never runs the test stage.
  const broken = project({
    Dockerfile: dockerfile,
    ...module,
    'main_test.go': module['main_test.go'].replace('"hello from ms-go on port 8080"', '"something else"'),
  });
  const failing = await build(broken, { tag: 'stagecraft-test/ms-go:test-broken', target: 'test' });
  assert.notEqual(failing.status, 0, failing.output);
  assert.match(failing.output, /--- FAIL: TestGreeting/);
  const stillBuilds = await build(broken, { tag: 'stagecraft-test/ms-go:broken' });
  assert.equal(stillBuilds.status, 0, stillBuilds.output);
});
