/**
 * The builder Stagecraft names is the one the engine really uses. With the two CLIs of this machine
 * against the private engine (Debian's 20.10 dockerd):
 *  - /usr/local/bin/docker, a Docker 28 CLI without the buildx plugin;
 *  - Debian's /usr/bin/docker, a 20.10 CLI with BuildKit built in (used with DOCKER_BUILDKIT=1, or
 *    by default with an engine that makes BuildKit its default);
 * each probed the way the extension probes (preflight.ts) and decided by build/builder.ts, then a
 * real `docker build` with the extension's arguments and environment. Its output says which builder
 * ran (the classic builder prints `Step N/M`, BuildKit `#N [stage i/n]`) and which stages ran; both
 * must match the decision, and the stages must be the plan the server's lens, hover and build plan
 * describe for that builder. Then what analysis/buildkitOnly.ts lists is what the classic builder
 * really refuses.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builderLine, decideBuilder, type BuilderDecision } from '../../client/src/build/builder';
import { buildArgs } from '../../client/src/dockerArgs';
import { stagesRun } from '../../client/src/buildOutput';
import { probeDocker, type DockerProbe } from '../../client/src/preflight';
import { parseDockerfile } from '../../server/src/analysis/parse';
import { buildKitOnlyUses } from '../../server/src/analysis/buildkitOnly';
import { buildPlan } from '../../server/src/features/buildPlan';
import { codeLenses } from '../../server/src/features/codeLens';
import { stageHover } from '../../server/src/features/hover';
import type { FeatureContext } from '../../server/src/features/context';
import { defaultSettings } from '../../server/src/settings';
import { engine, type Engine } from './engine';

const DOCKER_28 = '/usr/local/bin/docker';
const DEBIAN_20 = '/usr/bin/docker';
const TAG = 'stagecraft-engine/builder';

let e: Engine;
let dir: string;
const tags = new Set<string>();

before(async () => {
  e = await engine();
  dir = mkdtempSync(join(tmpdir(), 'stagecraft-builder-'));
});

after(async () => {
  if (e) for (const tag of tags) await run(DEBIAN_20, ['image', 'rm', '--force', tag], {});
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A four-stage file: BuildKit builds base, build, final; the classic builder all four. Every stage has a step of its own. */
const dockerfile = (busybox: string) =>
  [
    `FROM ${busybox} AS base`,
    'RUN echo base > /base',
    '',
    'FROM base AS build',
    'RUN echo app > /app',
    '',
    'FROM base AS test',
    'RUN echo testing > /tested',
    '',
    `FROM ${busybox} AS final`,
    'COPY --from=build /app /app',
    'RUN cat /app',
    '',
  ].join('\n');

function run(cli: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // The environment a build gets from the extension: the user's (with the private engine), plus what the decision sets.
    const base: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: e.dockerHost };
    delete base.DOCKER_BUILDKIT;
    execFile(cli, args, { env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

/** Probes a CLI and decides, as the extension does (prepare.ts); `inherited` is DOCKER_BUILDKIT in the user's environment. */
async function decide(cli: string, setting: 'auto' | 'classic', inherited?: string): Promise<{ probe: DockerProbe; decision: BuilderDecision }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: e.dockerHost, DOCKER_BUILDKIT: inherited };
  if (!inherited) delete env.DOCKER_BUILDKIT;
  const probe = await probeDocker(cli, env);
  assert.equal(probe.error, undefined, `${cli} reached the engine`);
  return { probe, decision: decideBuilder(setting, probe, inherited) };
}

/** What the server says for this builder: the lens of the default target, the hover of `test`, the plan's stages. */
function serverSays(text: string, decision: BuilderDecision) {
  const builder = { kind: decision.builder, reason: decision.reason, source: 'client' as const };
  const context: FeatureContext = {
    document: TextDocument.create('file:///engine/Dockerfile', 'dockerfile', 1, text),
    model: parseDockerfile(text),
    settings: defaultSettings,
    builder,
  };
  const lens = codeLenses(context).filter((l) => !l.command!.command && l.range.start.line === 9)[0].command!.title;
  const hover = stageHover(context.model, 2, builder);
  const plan = buildPlan(context, { uri: context.document.uri });
  const labels = plan[decision.builder].map((i) => plan.stages[i].label);
  return { lens, hover, labels, plan };
}

async function buildAndCompare(cli: string, setting: 'auto' | 'classic', inherited: string | undefined, expected: 'buildkit' | 'classic') {
  const text = dockerfile(e.BUSYBOX);
  const file = join(dir, `${expected}-${setting}-${cli.replace(/\W/g, '_')}.Dockerfile`);
  writeFileSync(file, text);
  const { probe, decision } = await decide(cli, setting, inherited);
  assert.equal(decision.builder, expected, `${cli}: ${decision.reason}`);
  assert.equal(decision.problem, undefined);
  const tag = `${TAG}:${expected}-${setting}-${probe.client!.major}`;
  tags.add(tag);
  const args = buildArgs({ dockerfile: file, tag, context: dir, extraArgs: ['--no-cache'] });
  const built = await run(cli, args, { ...(inherited ? { DOCKER_BUILDKIT: inherited } : {}), ...decision.env });
  assert.equal(built.code, 0, built.output);
  // Which builder the engine's output shows.
  const classicSteps = /^Step \d+\/\d+ : /m.test(built.output);
  const buildkitSteps = /^#\d+ \[[\w.-]+ \d+\/\d+\] /m.test(built.output);
  assert.deepEqual([classicSteps, buildkitSteps], expected === 'classic' ? [true, false] : [false, true], built.output);
  // The stages it ran are the plan the server describes for that builder.
  const says = serverSays(text, decision);
  assert.deepEqual(stagesRun(built.output), says.labels, built.output);
  const header = builderLine(decision, probe);
  if (expected === 'classic') {
    assert.deepEqual(says.labels, ['base', 'build', 'test', 'final']);
    assert.equal(says.lens, `classic builder builds 4 of 4 stages: ${decision.reason}`);
    assert.match(says.hover, /Builds here use the classic builder .*; the classic builder runs it\./s);
    assert.match(header, /^builder: the classic builder, because /);
  } else {
    assert.deepEqual(says.labels, ['base', 'build', 'final']);
    assert.equal(says.lens, 'needs base, build · BuildKit builds 3 of 4 stages');
    assert.match(says.hover, /BuildKit skips this stage for the default target `final`\.$/m);
    assert.match(header, /^builder: BuildKit, because /);
  }
  return { decision, header };
}

test(
  'the Docker 28 CLI without buildx: Stagecraft says the classic builder, and the engine runs every stage with it',
  { skip: !existsSync(DOCKER_28) && 'no /usr/local/bin/docker' },
  async () => {
    const { decision, header } = await buildAndCompare(DOCKER_28, 'auto', undefined, 'classic');
    assert.match(decision.reason, /^this docker CLI \(28\.\d+\.\d+\) has no buildx$/);
    assert.match(header, /because this docker CLI \(28\.\d+\.\d+\) has no buildx \(context default, engine 20\.10\.\d+, docker CLI 28\./);
  },
);

test(
  'the Docker 28 CLI without buildx and DOCKER_BUILDKIT=1: Stagecraft refuses before the build, and the CLI would fail',
  { skip: !existsSync(DOCKER_28) && 'no /usr/local/bin/docker' },
  async () => {
    const { decision } = await decide(DOCKER_28, 'auto', '1');
    assert.deepEqual([decision.builder, decision.problem], ['buildkit', 'needs-buildx']);
    const file = join(dir, 'needs-buildx.Dockerfile');
    writeFileSync(file, dockerfile(e.BUSYBOX));
    const built = await run(DOCKER_28, buildArgs({ dockerfile: file, tag: `${TAG}:never`, context: dir }), { DOCKER_BUILDKIT: '1' });
    assert.notEqual(built.code, 0);
    assert.match(built.output, /buildx component is missing or broken/);
  },
);

test("Debian's 20.10 CLI on a 20.10 engine: the classic builder by default, as Stagecraft says", async () => {
  const { decision } = await buildAndCompare(DEBIAN_20, 'auto', undefined, 'classic');
  assert.match(decision.reason, /^docker 20\.10\.\d+ with engine 20\.10\.\d+ uses it without DOCKER_BUILDKIT=1$/);
});

test("Debian's 20.10 CLI with DOCKER_BUILDKIT=1: BuildKit, which skips the test stage", async () => {
  const { decision } = await buildAndCompare(DEBIAN_20, 'auto', '1', 'buildkit');
  assert.equal(decision.reason, 'DOCKER_BUILDKIT=1 in the environment');
});

test('stagecraft.build.builder = classic with the 20.10 CLI and DOCKER_BUILDKIT=1 inherited: the classic builder, as set', async () => {
  const { decision } = await buildAndCompare(DEBIAN_20, 'classic', '1', 'classic');
  assert.deepEqual(decision.env, { DOCKER_BUILDKIT: '0' });
});

test('what Stagecraft says needs BuildKit, the classic builder refuses; the near miss it builds', async () => {
  const busybox = e.BUSYBOX;
  writeFileSync(join(dir, 'file.txt'), 'x\n');
  const cases: [string, string, string | undefined][] = [
    ['RUN --mount', `FROM ${busybox}\nRUN --mount=type=tmpfs,target=/t touch /t/x\n`, 'RUN --mount'],
    ['RUN --network', `FROM ${busybox}\nRUN --network=none true\n`, 'RUN --network'],
    ['COPY --chmod', `FROM ${busybox}\nCOPY --chmod=755 file.txt /file\n`, 'COPY --chmod'],
    ['a heredoc', `FROM ${busybox}\nRUN <<EOF\necho hi\nEOF\n`, 'a heredoc (<<EOF)'],
    ['$TARGETARCH in FROM', `FROM ${busybox.replace(/:.*$/, '')}:\${TARGETARCH}\n`, '$TARGETARCH in FROM'],
    ['near miss', `FROM ${busybox} AS a\nRUN echo > /a\nFROM ${busybox}\nCOPY --from=a --chown=1:1 /a /a\nADD --chown=1 file.txt /f\n`, undefined],
  ];
  for (const [name, text, feature] of cases) {
    const model = parseDockerfile(text);
    const uses = buildKitOnlyUses(model, model.plans[model.defaultTarget!].classic).map((u) => u.feature);
    assert.deepEqual(uses, feature ? [feature] : [], name);
    const file = join(dir, `only-${name.replace(/\W/g, '_')}.Dockerfile`);
    writeFileSync(file, text);
    const classic = await run(DEBIAN_20, buildArgs({ dockerfile: file, tag: `${TAG}:only`, context: dir }), { DOCKER_BUILDKIT: '0' });
    tags.add(`${TAG}:only`);
    assert.equal(classic.code === 0, feature === undefined, `${name} with the classic builder:\n${classic.output}`);
  }
});
