/**
 * Builds go to the docker context the user chose: two private engines (Debian's dockerd), the
 * shared one of the engine suite (A) and a second one this file starts on its own socket, data root
 * and bridge (B), registered as the docker context `stagecraft-test-b` in a temporary DOCKER_CONFIG
 * (the user's contexts are never touched). A build whose arguments come from destination.ts lands
 * on B, and nothing lands on A, though DOCKER_HOST points at A. Everything started here is stopped
 * at the end (test/scripts/second-engine.mjs starts and stops B).
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildArgs } from '../../client/src/dockerArgs';
import { toDestination } from '../../client/src/build/destination';
import { imageSize } from '../../client/src/build/baseImage';
import { engine, type Engine } from './engine';

type SecondEngine = import('../scripts/second-engine.mjs', { with: { 'resolution-mode': 'import' } }).SecondEngine;

const fixture = join(__dirname, '..', 'fixtures', 'engine', 'contexts');
const CONTEXT = 'stagecraft-test-b';
const tag = `stagecraft-contexts-test:${process.pid}`;

let a: Engine;
let b: SecondEngine | undefined;
let config = '';

/** Debian's 20.10 CLI with the temporary DOCKER_CONFIG, and DOCKER_HOST at engine A (the "default"). */
const docker = (args: string[]) => b!.docker(args);

before(async () => {
  a = await engine();
  config = mkdtempSync(join(a.cache, 'docker-config-'));
  const { startSecondEngine } = await import('../scripts/second-engine.mjs');
  // A bridge and subnet of this file's own: the UI suite's test starts another engine B at the same time.
  b = await startSecondEngine({ context: CONTEXT, dockerConfig: config, bridge: 'stgcb0', address: '172.31.250.1/24' });
});

after(async () => {
  if (b) {
    await docker(['image', 'rm', '--force', tag]); // on A only if the test failed
    await b.stop();
  }
  if (config) rmSync(config, { recursive: true, force: true });
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
