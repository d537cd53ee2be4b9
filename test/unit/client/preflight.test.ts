import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  classifyAzAccount,
  daemonMessage,
  exec,
  needsBuildxMessage,
  parseVersion,
  probeDocker,
  readVersionOutput,
  type Exec,
} from '../../../client/src/preflight';

const v = (text: string) => parseVersion(text)!;

test('parseVersion reads docker and buildx versions', () => {
  assert.deepEqual(parseVersion('20.10.24+dfsg1\n'), { major: 20, minor: 10, text: '20.10.24' });
  assert.deepEqual(parseVersion('28.2.2'), { major: 28, minor: 2, text: '28.2.2' });
  assert.deepEqual(parseVersion('github.com/docker/buildx v0.12.1 30feaa1'), { major: 0, minor: 12, text: '0.12.1' });
  assert.equal(parseVersion(''), undefined);
});

test('probeDocker asks for buildx only from a 23+ CLI, and says when docker is missing', async () => {
  const calls: string[][] = [];
  const fake =
    (answers: Record<string, { code: number | null; stdout?: string; stderr?: string; missing?: boolean }>): Exec =>
    async (_file, args) => {
      calls.push([...args]);
      const a = answers[args[0]] ?? { code: 1 };
      return { code: a.code, stdout: a.stdout ?? '', stderr: a.stderr ?? '', missing: a.missing ?? false };
    };
  const json20 = JSON.stringify({ Client: { Version: '20.10.24+dfsg1', Context: 'default' }, Server: { Version: '20.10.24+dfsg1', Os: 'linux' } });
  assert.deepEqual(await probeDocker('docker', {}, fake({ version: { code: 0, stdout: json20 + '\n' } })), {
    missing: false,
    client: v('20.10.24'),
    context: 'default',
    engine: v('20.10.24'),
    engineOs: 'linux',
    hasBuildx: false,
    error: undefined,
  });
  assert.deepEqual(calls, [['version', '--format', '{{json .}}']]);
  const noBuildx = await probeDocker(
    'docker',
    {},
    fake({ version: { code: 0, stdout: '28.2.2' }, buildx: { code: 1, stderr: "docker: 'buildx' is not a docker command." } }),
  );
  assert.deepEqual([noBuildx.client?.text, noBuildx.hasBuildx], ['28.2.2', false], 'a CLI that prints its version as plain text');
  assert.equal((await probeDocker('docker', {}, fake({ version: { code: 0, stdout: '28.2.2' }, buildx: { code: 0, stdout: 'v0.12.1' } }))).hasBuildx, true);
  assert.deepEqual(await probeDocker('nodocker', {}, fake({ version: { code: null, missing: true } })), { missing: true, hasBuildx: false });
  const noDaemon = await probeDocker(
    'docker',
    {},
    fake({
      version: {
        code: 1,
        stdout: JSON.stringify({ Client: { Version: '28.2.2', Context: 'remote' }, Server: null }),
        stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.',
      },
    }),
  );
  assert.deepEqual(
    [noDaemon.client?.text, noDaemon.context, noDaemon.engine, noDaemon.error],
    ['28.2.2', 'remote', undefined, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.'],
  );
});

test('readVersionOutput: odd answers give no facts rather than wrong ones', () => {
  assert.deepEqual(readVersionOutput(''), { client: undefined });
  assert.deepEqual(readVersionOutput('null'), { client: undefined, context: undefined, engine: undefined, engineOs: undefined });
  assert.deepEqual(readVersionOutput('{"Client":{"Version":7},"Server":{"Version":"","Os":["linux"]}}'), {
    client: undefined,
    context: undefined,
    engine: undefined,
    engineOs: undefined,
  });
});

test('exec runs without a shell and reports a missing executable', async () => {
  const missing = await exec('/nonexistent/docker', ['version']);
  assert.equal(missing.missing, true);
  const echoed = await exec(process.execPath, ['-e', 'process.stdout.write(process.argv[1]); process.exit(3)', '$(touch /tmp/stagecraft-never); `id`']);
  assert.deepEqual([echoed.code, echoed.stdout, echoed.missing], [3, '$(touch /tmp/stagecraft-never); `id`', false]);
});

test('classifyAzAccount: logged in, missing, not logged in (az 2.45 words), other failures', () => {
  const r = (code: number | null, stderr = '', missing = false) => ({ code, stdout: '', stderr, missing });
  assert.deepEqual(classifyAzAccount(r(0)), { state: 'ok' });
  assert.deepEqual(classifyAzAccount(r(null, '', true)), { state: 'missing' });
  assert.deepEqual(classifyAzAccount(r(1, "ERROR: Please run 'az login' to setup account.\n")), { state: 'not-logged-in' });
  assert.deepEqual(classifyAzAccount(r(1, 'ERROR: No subscription found. Run `az account set` to select a subscription.')), { state: 'not-logged-in' });
  assert.deepEqual(classifyAzAccount(r(2, 'ERROR: something else broke')), { state: 'failed', detail: 'ERROR: something else broke' });
});

test('needsBuildxMessage: both ways out', () => {
  assert.match(needsBuildxMessage('/usr/local/bin/docker', v('28.2.2')), /buildx.*classic builder \(stagecraft\.build\.builder = classic\)/);
});

test('daemonMessage: an unreachable engine is said plainly; other answers are not', () => {
  const v20 = parseVersion('20.10.24');
  assert.equal(
    daemonMessage(
      {
        missing: false,
        client: v20,
        hasBuildx: false,
        error: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      },
      undefined,
    ),
    'the docker CLI cannot reach the Docker engine (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?). Start Docker, or point DOCKER_HOST (or the docker context) at a running engine.',
  );
  assert.match(
    daemonMessage({ missing: false, hasBuildx: false, error: 'Cannot connect to the Docker daemon at unix:///x.sock.' }, 'unix:///x.sock')!,
    /engine at unix:\/\/\/x\.sock/,
  );
  assert.equal(daemonMessage({ missing: false, client: v20, hasBuildx: false }, undefined), undefined);
  assert.equal(daemonMessage({ missing: true, hasBuildx: false }, undefined), undefined);
  assert.equal(daemonMessage({ missing: false, client: v20, hasBuildx: false, error: 'some other failure' }, undefined), undefined);
});
