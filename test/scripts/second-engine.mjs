// A second private Docker engine for the tests of "where builds go" (the engine suite's contexts test
// and the UI suite's status-bar test): Debian's dockerd on its own socket, data root and bridge,
// registered as a docker context in a docker config folder the caller names (never the user's).
// The shared engine of docker-engine.mjs is engine A; this one is B. `stop()` ends everything
// `startSecondEngine` started: dockerd, its bridge, its folders.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cache, dockerCli, dockerHost } from './docker-engine.mjs';

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts engine B and registers it as the docker context `context` in `dockerConfig`. `bridge` and
 * `address` (`172.31.250.1/24`) give B a bridge of its own: `--bridge=none` would delete docker0 under
 * engine A, and two users of this helper at once need two names.
 */
export async function startSecondEngine({ context, dockerConfig, bridge, address }) {
  const dir = mkdtempSync(join(cache, 'engine-b-'));
  const host = `unix://${join(dir, 'docker.sock')}`;
  let pid;
  const stop = async () => {
    if (pid !== undefined && alive(pid)) {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 200 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
    pid = undefined;
    spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' });
    // dockerd leaves its mounts under the data root until it exits; unmount anything left, then remove.
    spawnSync('umount', ['-R', join(dir, 'data')], { stdio: 'ignore' });
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };
  /** Debian's 20.10 CLI with `dockerConfig`, and DOCKER_HOST at engine A (the `default` context). */
  const docker = (args, options = {}) =>
    new Promise((resolve) => {
      const child = spawn(dockerCli, args, {
        env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: '1', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', (error) => resolve({ code: 127, stdout, stderr: stderr + String(error) }));
      child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    });
  try {
    spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' }); // left over from an interrupted run
    for (const args of [
      ['link', 'add', 'name', bridge, 'type', 'bridge'],
      ['addr', 'add', address, 'dev', bridge],
      ['link', 'set', bridge, 'up'],
    ]) {
      const result = spawnSync('ip', args, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
    }
    const log = openSync(join(dir, 'dockerd.log'), 'a');
    const child = spawn(
      '/usr/sbin/dockerd',
      [
        '-H',
        host,
        '--data-root',
        join(dir, 'data'),
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'dockerd.pid'),
        `--bridge=${bridge}`,
        '--iptables=false',
        '--ip-masq=false',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    pid = child.pid;
    // A starting dockerd took 20-50 s on a busy 2-core machine; poll until it answers or exits.
    let answered = false;
    for (let i = 0; i < 720 && !answered; i++) {
      const answer = spawnSync(dockerCli, ['-H', host, 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 5000 });
      answered = answer.status === 0;
      if (answered || pid === undefined || !alive(pid)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!answered) {
      const tail = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-8).join('\n');
      throw new Error(`engine B did not answer; the end of its log:\n${tail}`);
    }
    mkdirSync(dockerConfig, { recursive: true });
    const created = await docker(['context', 'create', context, '--docker', `host=${host}`]);
    if (created.code !== 0) throw new Error(`docker context create ${context}: ${created.stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }
  /** Copies an image engine A has onto B (`docker save` | `docker load`, through a file): no registry. */
  const copyImage = async (image) => {
    const file = join(dir, 'image.tar');
    const saved = await docker(['save', '-o', file, image]);
    if (saved.code !== 0) throw new Error(`docker save ${image}: ${saved.stderr}`);
    const loaded = await docker([`--context=${context}`, 'load', '-i', file]);
    rmSync(file, { force: true });
    if (loaded.code !== 0) throw new Error(`docker load ${image} on ${context}: ${loaded.stderr}`);
  };
  return { host, docker, copyImage, stop };
}
