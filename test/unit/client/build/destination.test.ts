import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArgs, runArgs } from '../../../../client/src/dockerArgs';
import { commandLine } from '../../../../client/src/shellQuote';
import { decideBuilder } from '../../../../client/src/build/builder';
import { probeDocker, type ExecResult } from '../../../../client/src/preflight';
import {
  checkPlatforms,
  describeDestination,
  destinationExec,
  engineLabel,
  isMultiPlatform,
  parseBuildxList,
  parseContextList,
  platformChoice,
  platformLine,
  platformSource,
  toDestination,
  unknownContextMessage,
} from '../../../../client/src/build/destination';

const fixtures = join(__dirname, '..', '..', '..', 'fixtures', 'client', 'destination');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** Context and builder names a shell would read as code, or docker as another option. */
const HOSTILE = ['two words', "it's", '"double"', '; touch CANARY', '$(touch CANARY)', '`touch CANARY`', '&& touch CANARY', '-H', '--help', 'a\\b', '${IFS}x'];

const spec = { dockerfile: '/w/app/Dockerfile', tag: 'app:final', context: '/w/app', target: 'final' };

test('the context goes before the subcommand, the builder after build, each as one argument', () => {
  assert.deepEqual(toDestination(['image', 'ls'], { context: 'remote' }), ['--context=remote', 'image', 'ls']);
  assert.deepEqual(toDestination(['build', '.'], { context: 'remote', builder: 'kube' }, { buildx: true }), [
    '--context=remote',
    'build',
    '--builder=kube',
    '.',
  ]);
  assert.deepEqual(toDestination(['buildx', 'build', '.'], { builder: 'kube' }, { buildx: true }), ['buildx', 'build', '--builder=kube', '.']);
  // Without buildx (classic builder, or a 20.10 CLI) docker knows no --builder: none is added.
  assert.deepEqual(toDestination(['build', '.'], { builder: 'kube' }), ['build', '.']);
  assert.deepEqual(toDestination(['run', 'x'], { builder: 'kube' }, { buildx: true }), ['run', 'x']);
  assert.deepEqual(toDestination(['version'], undefined), ['version']);
  assert.deepEqual(toDestination(['version'], {}), ['version']);
});

test('hostile context and builder names stay single arguments of build, run and clean-up', () => {
  for (const name of HOSTILE) {
    const build = toDestination(buildArgs(spec), { context: name, builder: name }, { buildx: true });
    assert.equal(build[0], `--context=${name}`);
    assert.equal(build[2], `--builder=${name}`);
    assert.equal(build.filter((a) => a.includes(name)).length, 2, name);
    const run = toDestination(runArgs({ tag: 'app:final' }), { context: name });
    assert.deepEqual(run.slice(0, 2), [`--context=${name}`, 'run']);
    assert.deepEqual(toDestination(['rm', '--force', 'abc'], { context: name }), [`--context=${name}`, 'rm', '--force', 'abc']);
  }
});

test('hostile names reach the program as the same arguments, by execFile and by the shown command line in real shells', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-destination-'));
  try {
    const printer = join(dir, 'argv.js');
    writeFileSync(printer, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    // Every name's build arguments in one command line: three programs started, not three per name.
    const args = HOSTILE.flatMap((name) => toDestination(buildArgs(spec), { context: name, builder: name }, { buildx: true }));
    // How builds run (spawn/execFile, no shell) and how run tasks run (ProcessExecution: an argument list).
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, [printer, ...args], { cwd: dir, encoding: 'utf8' })), args);
    // The line shown above a build, read back by sh and bash.
    for (const shell of ['/bin/sh', '/bin/bash']) {
      const line = commandLine(process.execPath, [printer, ...args], 'posix');
      const result = spawnSync(shell, ['-c', line], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), args, `${shell}: ${line}`);
    }
    assert.equal(existsSync(join(dir, 'CANARY')), false, 'a shell ran part of a name');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docker context ls: recorded JSON lines of the 20.10 and 28 CLIs, and a JSON array', () => {
  for (const file of ['context-ls-20.10.jsonl', 'context-ls-28.jsonl']) {
    assert.deepEqual(
      parseContextList(read(file)).map((c) => [c.name, c.current, c.endpoint, c.description]),
      [
        ['build-box', false, 'ssh://ci@build-box.example', 'CI box'],
        ['default', true, 'unix:///var/run/docker.sock', 'Current DOCKER_HOST based configuration'],
        ['stagecraft-test-b', false, 'unix:///tmp/engine-b/docker.sock', ''],
      ],
      file,
    );
  }
  assert.deepEqual(parseContextList('{"Name":"x","Error":"unable to reach ssh host"}')[0].error, 'unable to reach ssh host');
  assert.deepEqual(
    parseContextList('[{"Name":"a","Current":"true","DockerEndpoint":"tcp://h:2376"}]').map((c) => [c.name, c.current]),
    [['a', true]],
  );
  assert.deepEqual(parseContextList('not json\n\n{"Name":""}\n'), []);
});

test('docker buildx ls: builders, the current one, drivers and platforms, in the old and the 0.13+ layout', () => {
  const modern = parseBuildxList(read('buildx-ls-0.13.txt'));
  assert.deepEqual(
    modern.map((b) => [b.name, b.driver, b.current, b.platforms]),
    [
      ['multi', 'docker-container', true, ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
      ['default', 'docker', false, ['linux/amd64', 'linux/386']],
    ],
  );
  const old = parseBuildxList(read('buildx-ls-0.10.txt'));
  assert.deepEqual(
    old.map((b) => [b.name, b.driver, b.current, b.platforms]),
    [
      ['kube', 'kubernetes', false, ['linux/amd64', 'linux/arm64']],
      ['default', 'docker', true, ['linux/amd64']],
    ],
  );
  assert.equal(isMultiPlatform(modern[0]), true);
  assert.equal(isMultiPlatform(modern[1]), false);
  assert.deepEqual(parseBuildxList(''), []);
});

test('platforms: one anywhere, several only on a multi-platform buildx builder, refused with a reason otherwise', () => {
  assert.deepEqual(checkPlatforms(['linux/amd64'], {}), { ok: true, value: 'linux/amd64' });
  assert.deepEqual(checkPlatforms([], {}), { ok: true, value: '' });
  const none = checkPlatforms(['linux/amd64', 'linux/arm64'], {});
  assert.equal(none.ok, false);
  assert.match((none as { message: string }).message, /needs a buildx builder with a multi-platform driver.*Nothing was run/);
  const dockerDriver = checkPlatforms(['linux/amd64', 'linux/arm64'], { buildx: { name: 'default', driver: 'docker', current: true, platforms: [] } });
  assert.match((dockerDriver as { message: string }).message, /"default" uses the docker driver/);
  const multi = checkPlatforms(['linux/amd64', 'linux/arm64'], { buildx: { name: 'multi', driver: 'docker-container', current: true, platforms: [] } });
  assert.deepEqual(multi, { ok: true, value: 'linux/amd64,linux/arm64' });
  assert.equal(checkPlatforms(['linux/amd64 ; rm'], {}).ok, false);
  // The chosen platform reaches docker build as the argument after --platform.
  const args = buildArgs({ ...spec, platform: 'linux/amd64' });
  assert.equal(args[args.indexOf('--platform') + 1], 'linux/amd64');
});

test("the platforms of a build: the target's pick, else the setting, else the engine's own; the header says which", () => {
  const picked = platformChoice(['linux/arm64'], 'linux/amd64');
  assert.deepEqual(picked, { platforms: ['linux/arm64'], source: 'picked' });
  assert.match(platformLine(picked)!, /^platform: linux\/arm64, picked for this target \(.*Forget Platforms Picked for a Target… clears it\)$/);
  // A cleared pick ([]) is no pick: the setting again.
  const setting = platformChoice([], ' linux/amd64 , linux/arm64 ');
  assert.deepEqual(setting, { platforms: ['linux/amd64', 'linux/arm64'], source: 'setting' });
  assert.equal(platformLine(setting), 'platform: linux/amd64, linux/arm64, from stagecraft.build.platform');
  const engine = platformChoice(undefined, '');
  assert.deepEqual(engine, { platforms: [], source: 'engine' });
  assert.equal(platformLine(engine), undefined);
  // Several from either source still go through checkPlatforms: refused without a multi-platform builder,
  // with how to undo the choice at the end of the message.
  assert.equal(checkPlatforms(platformChoice(undefined, 'linux/amd64,linux/arm64').platforms, {}).ok, false);
  assert.match(platformSource(picked), /picked for this target: Stagecraft: Forget Platforms Picked for a Target… clears them\.$/);
  assert.equal(platformSource(setting), ' The platforms come from stagecraft.build.platform.');
  assert.equal(platformSource(engine), '');
});

test('the status bar names the context, the engine and the builder', () => {
  assert.equal(describeDestination({}), 'current context');
  assert.equal(describeDestination({ context: 'b', builder: 'multi' }, 'build-box.example'), 'b (build-box.example) · builder multi');
  assert.equal(engineLabel('unix:///var/run/docker.sock'), 'local');
  assert.equal(engineLabel('npipe:////./pipe/docker_engine'), 'local');
  assert.equal(engineLabel('ssh://ci@build-box.example'), 'build-box.example');
  assert.equal(engineLabel('tcp://10.0.0.5:2376'), '10.0.0.5');
  assert.equal(engineLabel(undefined), undefined);
});

test('a chosen context docker cannot use is said clearly (messages recorded from the 20.10 and 28 CLIs)', () => {
  const cli20 = 'unable to resolve docker endpoint: context "$(touch X); y" does not exist';
  const cli28 =
    'Failed to initialize: unable to resolve docker endpoint: context "nosuch": context not found: open /root/.docker/contexts/meta/9e62/meta.json: no such file or directory';
  assert.match(
    unknownContextMessage(cli20, { context: '$(touch X); y' })!,
    /^the docker context "\$\(touch X\); y" chosen for this folder cannot be used .*Nothing was run\.$/,
  );
  assert.match(unknownContextMessage(cli28, { context: 'nosuch' })!, /"nosuch" chosen for this folder cannot be used \(Failed to initialize/);
  assert.equal(unknownContextMessage(cli28, {}), undefined, 'no context chosen: the usual daemon message applies');
  assert.equal(unknownContextMessage('Cannot connect to the Docker daemon at unix:///x.sock', { context: 'b' }), undefined);
});

test('the builder decision probes the engine of the chosen context: --context= on every call, no --builder', async () => {
  const calls: string[][] = [];
  const run = async (_file: string, args: readonly string[]): Promise<ExecResult> => {
    calls.push([...args]);
    const version = JSON.stringify({ Client: { Version: '28.2.2', Context: 'build-box' }, Server: { Version: '20.10.24', Os: 'linux' } });
    return { code: 0, stdout: args.includes('version') && !args.includes('buildx') ? version : 'github.com/docker/buildx v0.24.0', stderr: '', missing: false };
  };
  const probe = await probeDocker('docker', {}, destinationExec({ context: 'build-box', builder: 'kube' }, run));
  assert.deepEqual(calls, [
    ['--context=build-box', 'version', '--format', '{{json .}}'],
    ['--context=build-box', 'buildx', 'version'],
  ]);
  assert.equal(probe.context, 'build-box');
  assert.equal(probe.engine?.text, '20.10.24');
  assert.equal(decideBuilder('auto', probe).builder, 'buildkit');
  calls.length = 0;
  await probeDocker('docker', {}, destinationExec({}, run));
  assert.deepEqual(calls[0], ['version', '--format', '{{json .}}'], "no context chosen: docker's own");
});
