/**
 * Builds go to the docker context the user chose: two private engines (Debian's dockerd), the
 * shared one of the engine suite (A) and a second one this file starts on its own socket, data root
 * and bridge (B), registered as the docker context `stagecraft-test-b` in a temporary DOCKER_CONFIG
 * (the user's contexts are never touched). A build whose arguments come from destination.ts lands
 * on B, and nothing lands on A, though DOCKER_HOST points at A. Everything started here is stopped
 * at the end.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildArgs } from '../../client/src/dockerArgs';
import { toDestination } from '../../client/src/build/destination';
import { imageSize } from '../../client/src/build/baseImage';
import { engine, type Engine } from './engine';

const fixture = join(__dirname, '..', 'fixtures', 'engine', 'contexts');
const CONTEXT = 'stagecraft-test-b';
/** A bridge of B's own: `--bridge=none` would delete docker0 under engine A. */
const BRIDGE = 'stgcb0';
const tag = `stagecraft-contexts-test:${process.pid}`;

let a: Engine;
let dirB = '';
let pidB: number | undefined;
let config = '';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Debian's 20.10 CLI with the temporary DOCKER_CONFIG, and DOCKER_HOST at engine A (the "default"). */
function docker(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      a.dockerCli,
      args,
      { env: { ...process.env, DOCKER_HOST: a.dockerHost, DOCKER_CONFIG: config, DOCKER_BUILDKIT: '1' }, timeout: 5 * 60_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function startEngineB(): Promise<string> {
  dirB = mkdtempSync(join(a.cache, 'engine-b-'));
  const host = `unix://${join(dirB, 'docker.sock')}`;
  spawnSync('ip', ['link', 'delete', BRIDGE], { stdio: 'ignore' }); // left over from an interrupted run
  for (const args of [
    ['link', 'add', 'name', BRIDGE, 'type', 'bridge'],
    ['addr', 'add', '172.31.250.1/24', 'dev', BRIDGE],
    ['link', 'set', BRIDGE, 'up'],
  ]) {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    assert.equal(result.status, 0, `ip ${args.join(' ')}: ${result.stderr}`);
  }
  const log = openSync(join(dirB, 'dockerd.log'), 'a');
  const child = spawn(
    '/usr/sbin/dockerd',
    [
      '-H',
      host,
      '--data-root',
      join(dirB, 'data'),
      '--exec-root',
      join(dirB, 'exec'),
      '--pidfile',
      join(dirB, 'dockerd.pid'),
      `--bridge=${BRIDGE}`,
      '--iptables=false',
      '--ip-masq=false',
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  pidB = child.pid;
  // A starting dockerd took 20-50 s on a busy 2-core machine; poll until it answers or exits.
  for (let i = 0; i < 720; i++) {
    const answer = spawnSync(a.dockerCli, ['-H', host, 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 5000 });
    if (answer.status === 0) return host;
    if (pidB === undefined || !alive(pidB)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`engine B did not answer; the end of its log:\n${readFileSync(join(dirB, 'dockerd.log'), 'utf8').split('\n').slice(-8).join('\n')}`);
}

async function stopEngineB(): Promise<void> {
  if (pidB !== undefined && alive(pidB)) {
    process.kill(pidB, 'SIGTERM');
    for (let i = 0; i < 200 && alive(pidB); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (alive(pidB)) process.kill(pidB, 'SIGKILL');
  }
  pidB = undefined;
  spawnSync('ip', ['link', 'delete', BRIDGE], { stdio: 'ignore' });
  // dockerd leaves its mounts under the data root until it exits; unmount anything left, then remove.
  if (dirB) spawnSync('umount', ['-R', join(dirB, 'data')], { stdio: 'ignore' });
  if (dirB && existsSync(dirB)) rmSync(dirB, { recursive: true, force: true });
  if (config) rmSync(config, { recursive: true, force: true });
}

before(async () => {
  a = await engine();
  config = mkdtempSync(join(a.cache, 'docker-config-'));
  mkdirSync(config, { recursive: true });
  const host = await startEngineB();
  const created = await docker(['context', 'create', CONTEXT, '--docker', `host=${host}`]);
  assert.equal(created.code, 0, created.stderr);
});

after(async () => {
  await docker(['image', 'rm', '--force', tag]); // on A only if the test failed
  await stopEngineB();
});

test('a build sent to the context stagecraft-test-b lands on engine B, and nothing lands on engine A', async () => {
  const args = toDestination(buildArgs({ dockerfile: join(fixture, 'Dockerfile'), context: fixture, tag, target: 'final' }), { context: CONTEXT });
  assert.equal(args[0], `--context=${CONTEXT}`);
  const built = await docker(args);
  assert.equal(built.code, 0, built.stderr);

  const onB = await docker(toDestination(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], { context: CONTEXT }));
  assert.equal(onB.code, 0, onB.stderr);
  assert.ok(onB.stdout.split('\n').includes(tag), `engine B lists ${tag}:\n${onB.stdout}`);
  const onA = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
  assert.equal(onA.code, 0, onA.stderr);
  assert.ok(!onA.stdout.split('\n').includes(tag), `engine A has no ${tag}`);

  // The size read after a build asks the same engine (baseImage.imageSize with the destination).
  const env = { ...process.env, DOCKER_HOST: a.dockerHost, DOCKER_CONFIG: config };
  const size = await imageSize(a.dockerCli, tag, env, { context: CONTEXT });
  assert.ok(size !== undefined && size > 0, `size on B: ${size}`);
  assert.equal(await imageSize(a.dockerCli, tag, env), undefined, 'engine A has no such image');
});
