/**
 * inspectLocalImage against a docker CLI that is a shell script: the argument list it is given, and
 * how each answer (present, absent, failing, missing CLI) is read.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectLocalImage } from '../../../server/src/sizes/localEngine';

const dir = mkdtempSync(join(tmpdir(), 'stagecraft-docker-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const argsFile = join(dir, 'args');

/** A docker CLI that records its arguments, one per line, and then runs `body`. */
function fakeDocker(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('present: size and platform from `docker image inspect`, the reference after `--`', async () => {
  const docker = fakeDocker('present', "echo '7340032 linux/arm64 v8'");
  assert.deepEqual(await inspectLocalImage(docker, 'alpine:3.20'), { state: 'present', bytes: 7340032, platform: 'linux/arm64/v8' });
  assert.deepEqual(readFileSync(argsFile, 'utf8').trim().split('\n'), [
    'image',
    'inspect',
    '--format',
    '{{.Size}} {{.Os}}/{{.Architecture}} {{.Variant}}',
    '--',
    'alpine:3.20',
  ]);
  const plain = fakeDocker('plain', "echo '100 linux/amd64 '");
  assert.deepEqual(await inspectLocalImage(plain, 'alpine'), { state: 'present', bytes: 100, platform: 'linux/amd64' });
});

test('absent, failing, unexpected output and a missing CLI are told apart', async () => {
  assert.deepEqual(await inspectLocalImage(fakeDocker('absent', "echo 'Error: No such image: x' >&2; exit 1"), 'x'), { state: 'absent' });
  assert.deepEqual(await inspectLocalImage(fakeDocker('down', "echo 'Cannot connect to the Docker daemon' >&2; exit 1"), 'x'), {
    state: 'unavailable',
    reason: 'Cannot connect to the Docker daemon',
  });
  assert.deepEqual(await inspectLocalImage(fakeDocker('odd', 'echo hello'), 'x'), { state: 'unavailable', reason: 'unexpected docker output' });
  assert.deepEqual(await inspectLocalImage(join(dir, 'no-such-docker'), 'x'), { state: 'unavailable', reason: `${join(dir, 'no-such-docker')} not found` });
});

test('a reference Docker would not accept never reaches the command line', async () => {
  rmSync(argsFile, { force: true });
  const docker = fakeDocker('never', "echo '1 linux/amd64'");
  for (const reference of ['--help', '-v', 'a b', 'x;rm -rf /', ''])
    assert.deepEqual(await inspectLocalImage(docker, reference), { state: 'absent' }, reference);
  assert.equal(existsSync(argsFile), false, 'the CLI was not run');
});
