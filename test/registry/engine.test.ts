/**
 * An image built by a real Docker engine (Debian's docker.io via test/scripts/docker-engine.mjs),
 * pushed with Debian's docker CLI to a real registry on 127.0.0.1: the registry client reads its
 * compressed size, the local engine its uncompressed size, and the two are told apart.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseImageReference } from '../../server/src/analysis/imageRef';
import { RegistryClient } from '../../server/src/registry/client';
import { inspectLocalImage } from '../../server/src/sizes/localEngine';
import { startRegistry, stopAll, type RunningRegistry } from './harness';

interface Engine {
  acquireEngine(): Promise<{ started: boolean }>;
  releaseEngine(): void;
  ensureBusybox(): void;
  docker(args: string[], options?: object): { status: number | null; stdout: string; stderr: string };
  dockerCli: string;
  dockerHost: string;
  BUSYBOX: string;
}

const enginePath = '../scripts/docker-engine.mjs';
let engine: Engine;
let registry: RunningRegistry;
let pushed: string;
let acquired = false;

before(async () => {
  engine = (await import(enginePath)) as Engine;
  // Shared with other test runs; released below: the last user stops an engine a test run started
  // (startEngine alone left the engine this suite started running after every npm test).
  await engine.acquireEngine();
  acquired = true;
  engine.ensureBusybox();
  registry = await startRegistry();
  pushed = `${registry.host}/engine/busybox:1`;
  const tag = engine.docker(['tag', engine.BUSYBOX, pushed]);
  assert.equal(tag.status, 0, tag.stderr);
  // 127.0.0.0/8 is an insecure registry by default in dockerd: plain HTTP, no flag needed.
  const push = engine.docker(['push', pushed], { timeout: 120_000 });
  assert.equal(push.status, 0, push.stderr);
});

after(async () => {
  if (pushed) engine?.docker(['rmi', pushed]); // the tag only; local/busybox:1 stays
  await stopAll();
  if (acquired) engine.releaseEngine();
});

test('an engine-built image pushed to a real registry: compressed size from the registry, uncompressed from the engine', async () => {
  const compressed = await new RegistryClient().imageSize(parseImageReference(pushed), { os: 'linux', architecture: 'amd64' });
  assert.equal(compressed.layers, 1);
  assert.ok(compressed.bytes > 0);
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  const local = await inspectLocalImage(engine.dockerCli, pushed, { env });
  assert.equal(local.state, 'present');
  const expected = Number(engine.docker(['image', 'inspect', '--format', '{{.Size}}', pushed]).stdout.trim());
  assert.equal(local.state === 'present' && local.bytes, expected);
  assert.equal(local.state === 'present' && local.platform, 'linux/amd64');
  // busybox compresses well: the registry's gzip layers are smaller than the engine's unpacked files.
  assert.ok(local.state === 'present' && compressed.bytes < local.bytes, `${compressed.bytes} vs ${local.state === 'present' && local.bytes}`);
});

test('the local engine: an image it lacks is absent, a missing CLI is unavailable, an option-like reference never runs', async () => {
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  assert.deepEqual(await inspectLocalImage(engine.dockerCli, 'stagecraft-test/no-such-image:0', { env }), { state: 'absent' });
  const missing = await inspectLocalImage('/nonexistent/docker', engine.BUSYBOX, { env });
  assert.equal(missing.state, 'unavailable');
  // Not a reference: never reaches the command line (it would be read as an option).
  assert.deepEqual(await inspectLocalImage('/nonexistent/docker', '--help', { env }), { state: 'absent' });
});
