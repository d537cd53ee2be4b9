/**
 * Real builds from VS Code: the runner points DOCKER_HOST at the local test engine and
 * stagecraft.docker.path at Debian's 20.10 CLI (BuildKit built in). The example project
 * (examples/busybox-app, copied into the workspace) uses only local/busybox:1 and scratch.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { test, waitFor } from './harness';
import { stagesRun } from '../../client/src/buildOutput';
import { formatBytes } from '../../server/src/format';
import { NOT_LOGGED_IN_MESSAGE, daemonMessage, missingAzMessage, probeDocker } from '../../client/src/preflight';

interface Outcome {
  ok: boolean;
  message?: string;
  exitCode?: number;
  tag?: string;
  args?: string[];
  builder?: string;
  plannedStages?: string[];
  output?: string;
  header?: string;
  sizeBytes?: number;
  failure?: { line: number; message: string; step?: string };
  elapsedMs?: number;
}

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const file = (...path: string[]) => vscode.Uri.joinPath(folder(), ...path);
const config = () => vscode.workspace.getConfiguration('stagecraft');
const dockerPath = () => config().get<string>('docker.path')!;
const docker = (...args: string[]) => spawnSync(dockerPath(), args, { encoding: 'utf8' });

async function withSettings<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  for (const [key, value] of Object.entries(values)) await config().update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    return await fn();
  } finally {
    for (const key of Object.keys(values)) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

async function lensesOf(uri: vscode.Uri, title: string | RegExp): Promise<vscode.CodeLens[]> {
  return waitFor(
    async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const match = lenses?.filter((l) => (typeof title === 'string' ? l.command?.title === title : title.test(l.command?.title ?? '')));
      return match?.length ? match : undefined;
    },
    `no lens ${title} in ${uri.path}`,
    20_000,
  );
}

/** What a click on the lens does: its command with its arguments. */
async function clickLens(uri: vscode.Uri, title: string): Promise<Outcome> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const [lens] = await lensesOf(uri, title);
  return (await vscode.commands.executeCommand<Outcome>(lens.command!.command, ...(lens.command!.arguments ?? [])))!;
}

const example = () => file('busybox-app', 'Dockerfile');

test('Build (default target), the lens on the final stage: BuildKit builds the image, skipping the test stage; the lens shows the size', async () => {
  docker('image', 'rm', '--force', 'workspace/busybox-app:final');
  const outcome = await withSettings({ 'build.builder': 'buildkit' }, () => clickLens(example(), 'Build (default target)'));
  assert.ok(outcome.ok, `${outcome.message}\n${outcome.output}`);
  assert.equal(outcome.tag, 'workspace/busybox-app:final');
  assert.equal(outcome.builder, 'buildkit');
  const inspected = JSON.parse(docker('image', 'inspect', '--format', '{{json .}}', 'workspace/busybox-app:final').stdout);
  assert.equal(inspected.Size, outcome.sizeBytes);
  assert.ok(inspected.Size > 1_000_000 && inspected.Size < 5_000_000, `size ${inspected.Size}: busybox and a script`);
  assert.equal(inspected.Config.Labels['dev.stagecraft.managed'], 'true');
  // What the plan said BuildKit builds, and what its --progress=plain output shows it ran.
  // BuildKit runs stages in parallel: compare the sets.
  assert.deepEqual(outcome.plannedStages, ['base', 'build', 'final']);
  assert.deepEqual(stagesRun(outcome.output!).sort(), ['base', 'build', 'final']);
  assert.doesNotMatch(outcome.output!, /self-test/);
  assert.match(
    outcome.message!,
    /^built workspace\/busybox-app:final: [\d.]+ MB \(linux\/[a-z0-9_]+, uncompressed, local\), .* local\/busybox:1 [\d.]+ MB, the base of its base stage$/,
  );
  console.log(`    built workspace/busybox-app:final (${inspected.Size} bytes) in ${outcome.elapsedMs} ms from the command; ${outcome.message}`);
  const [lens] = await lensesOf(example(), /^built just now · [\d.]+ MB · linux\/[a-z0-9_]+$/);
  assert.equal(lens.range.start.line, 15, 'the result shows on the final stage (FROM scratch AS final, line 16)');
  // Layer sizes: the client sent the image's history, the server shows each layer's bytes beside its
  // instruction. FROM scratch: the COPY is the image's only layer.
  const label = (hint: vscode.InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));
  const hints = await waitFor(
    async () => {
      const all = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', example(), new vscode.Range(0, 0, 40, 0));
      return all?.length ? all.map((hint) => `${hint.position.line}: ${label(hint)}`) : undefined;
    },
    'no layer-size inlay hints after the build',
    20_000,
  );
  assert.deepEqual(hints, [`15: base 0 B · image ${formatBytes(inspected.Size)}`, `16: ${formatBytes(inspected.Size)}`]);
}, 180_000);

test("the build terminal's header says what the context sends after the .dockerignore: files and bytes", async () => {
  // A copy of the example with a large ignored file and a smaller sent one; the totals are counted here.
  const dir = file('context-app');
  const source = file('busybox-app');
  mkdirSync(vscode.Uri.joinPath(dir, 'data').fsPath, { recursive: true });
  for (const name of ['Dockerfile', 'app.sh']) writeFileSync(vscode.Uri.joinPath(dir, name).fsPath, readFileSync(vscode.Uri.joinPath(source, name).fsPath));
  writeFileSync(vscode.Uri.joinPath(dir, '.dockerignore').fsPath, 'data/big.bin\n');
  writeFileSync(vscode.Uri.joinPath(dir, 'data', 'big.bin').fsPath, Buffer.alloc(3_000_000, 1));
  writeFileSync(vscode.Uri.joinPath(dir, 'data', 'kept.bin').fsPath, Buffer.alloc(20_000, 2));
  const sent = ['Dockerfile', 'app.sh', '.dockerignore', 'data/kept.bin'].reduce((sum, name) => sum + statSync(vscode.Uri.joinPath(dir, name).fsPath).size, 0);
  const dockerfile = vscode.Uri.joinPath(dir, 'Dockerfile');
  // The context lens shows the server's count: the walk is done before the build asks for it.
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
  await lensesOf(dockerfile, `build context: 4 files, ${formatBytes(sent)}`);
  const outcome = await withSettings({ 'build.builder': 'buildkit' }, () => clickLens(dockerfile, 'Build (default target)'));
  assert.ok(outcome.ok, `${outcome.message}\n${outcome.output}`);
  const line = outcome.header?.split('\n').find((l) => l.startsWith('build context:'));
  assert.ok(line, `a context line in the header:\n${outcome.header}`);
  assert.ok(line.startsWith(`build context: 4 files, ${formatBytes(sent)} (after .dockerignore; largest: data 20 kB`), line);
  assert.doesNotMatch(line, /3\.0 MB|big\.bin/, 'the ignored file is not counted');
  docker('image', 'rm', '--force', outcome.tag!);
}, 180_000);

test("Build target test: --target test runs the test stage (and only what it needs), in the Dockerfile's terminal", async () => {
  const terminals = vscode.window.terminals.length;
  const outcome = await withSettings({ 'build.builder': 'buildkit', 'build.extraArgs': ['--no-cache'] }, () => clickLens(example(), 'Build target test'));
  assert.ok(outcome.ok, `${outcome.message}\n${outcome.output}`);
  assert.deepEqual(outcome.args!.slice(0, 3), ['build', '--target', 'test']);
  assert.match(outcome.output!, /\[test 1\/1\] RUN sh app\.sh --self-test/);
  assert.match(outcome.output!, /self-test passed/);
  assert.deepEqual(stagesRun(outcome.output!).sort(), ['base', 'test']);
  assert.equal(
    vscode.window.terminals.length,
    terminals,
    'a build of another target of the same Dockerfile reuses its terminal (terminal.reuse = perDockerfile)',
  );
}, 180_000);

test('Build (Default Target) builds the last stage without --target', async () => {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(example()));
  const outcome = (await withSettings({ 'build.builder': 'buildkit' }, async () => vscode.commands.executeCommand<Outcome>('stagecraft.buildDefault')))!;
  assert.ok(outcome.ok, `${outcome.message}\n${outcome.output}`);
  assert.equal(outcome.tag, 'workspace/busybox-app:final');
  assert.ok(!outcome.args!.includes('--target'), JSON.stringify(outcome.args));
  assert.deepEqual(outcome.plannedStages, ['base', 'build', 'final']);
}, 180_000);

test('the classic builder runs every stage up to the target, the test stage included', async () => {
  const outcome = await withSettings(
    { 'build.builder': 'classic', 'build.extraArgs': ['--no-cache'], 'build.tag': 'stagecraft-it/${dockerfileFolderBasename}:${stage}-classic' },
    () => clickLens(example(), 'Build (default target)'),
  );
  assert.ok(outcome.ok, `${outcome.message}\n${outcome.output}`);
  assert.equal(outcome.builder, 'classic');
  assert.equal(outcome.tag, 'stagecraft-it/busybox-app:final-classic');
  assert.deepEqual(outcome.plannedStages, ['base', 'build', 'test', 'final']);
  assert.deepEqual(stagesRun(outcome.output!), ['base', 'build', 'test', 'final']);
  assert.match(outcome.output!, /self-test passed/);
}, 180_000);

test('a failing build points at the failing line: message, lens and Problems', async () => {
  const uri = file('build-fail', 'Dockerfile');
  const outcome = await withSettings({ 'build.builder': 'buildkit' }, () => clickLens(uri, 'Build (default target)'));
  assert.equal(outcome.ok, false);
  assert.equal(outcome.exitCode, 1);
  assert.equal(outcome.failure?.line, 5);
  assert.equal(outcome.failure?.step, 'RUN echo "about to fail" && exit 3');
  assert.match(outcome.message!, /failed at Dockerfile line 6: .*exit code: 3/);
  await lensesOf(uri, /^build failed just now at line 6$/);
  // Problems points at the line too.
  const problems = await waitFor(
    () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker build');
      return found.length ? found : undefined;
    },
    'no build problem in Problems',
    20_000,
  );
  assert.equal(problems[0].range.start.line, 5);
  // The classic builder's output names steps, not lines: the same line is found from the plan.
  const classic = await withSettings({ 'build.builder': 'classic' }, () => clickLens(uri, 'Build (default target)'));
  assert.equal(classic.ok, false);
  assert.equal(classic.failure?.line, 5, classic.output);
  assert.equal(classic.failure?.step, 'RUN echo "about to fail" && exit 3', classic.output);
}, 180_000);

test('Run Target builds, then runs the image with --rm, -P and the configured app arguments', async () => {
  const outcome = await withSettings({ 'build.builder': 'buildkit', 'run.args': ['it works; $(touch /tmp/stagecraft-run-canary)'] }, async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(example()));
    return (await vscode.commands.executeCommand<Outcome>('stagecraft.runTarget', { uri: example().toString(), target: 'final' }))!;
  });
  assert.ok(outcome.ok, outcome.message);
  assert.deepEqual(outcome.args, [
    'run',
    '--rm',
    '-i',
    '-t',
    '--label',
    'dev.stagecraft.managed=true',
    '-P',
    'workspace/busybox-app:final',
    'it works; $(touch /tmp/stagecraft-run-canary)',
  ]);
  assert.equal(outcome.exitCode, 0);
}, 180_000);

test('Rebuild Last builds the last target again', async () => {
  const outcome = (await vscode.commands.executeCommand<Outcome>('stagecraft.rebuildLast'))!;
  assert.ok(outcome.ok, outcome.message);
  assert.equal(outcome.tag, 'workspace/busybox-app:final');
}, 180_000);

test("every Dockerfile builds its own tag: Run and the lens size use that Dockerfile's image", async () => {
  // A second project (an odd folder name) holding two Dockerfiles: the file name tells them apart.
  const second = file('Second App');
  mkdirSync(second.fsPath, { recursive: true });
  const original = readFileSync(example().fsPath, 'utf8');
  writeFileSync(file('Second App', 'app.sh').fsPath, readFileSync(file('busybox-app', 'app.sh').fsPath));
  // A label each, so that each image differs from the others (the same file would build the same image).
  writeFileSync(file('Second App', 'Dockerfile').fsPath, `${original}LABEL variant=second\n`);
  writeFileSync(file('Second App', 'Dockerfile.alt').fsPath, `${original}LABEL variant=alt\n`);
  const tags = ['workspace/busybox-app:final', 'workspace/second-app/dockerfile:final', 'workspace/second-app/dockerfile.alt:final'];
  docker('image', 'rm', '--force', ...tags.slice(1));
  const built: Outcome[] = [];
  for (const uri of [example(), file('Second App', 'Dockerfile'), file('Second App', 'Dockerfile.alt')])
    built.push(await withSettings({ 'build.builder': 'buildkit' }, () => clickLens(uri, 'Build (default target)')));
  assert.deepEqual(
    built.map((o) => [o.ok, o.tag]),
    tags.map((tag) => [true, tag]),
    built.map((o) => o.message).join('\n'),
  );
  // Each image is there, with its own content; the lens of each Dockerfile shows its own image's size.
  const ids = tags.map((tag) => docker('image', 'inspect', '--format', '{{.Id}}', tag).stdout.trim());
  assert.equal(new Set(ids).size, 3, ids.join(' '));
  assert.deepEqual(
    tags.slice(1).map((tag) => docker('image', 'inspect', '--format', '{{index .Config.Labels "variant"}}', tag).stdout.trim()),
    ['second', 'alt'],
  );
  for (const [i, uri] of [example(), file('Second App', 'Dockerfile'), file('Second App', 'Dockerfile.alt')].entries()) {
    // On the default target's FROM (line 16): an earlier test's build of `test` has its own lens on line 13.
    await waitFor(
      async () => (await lensesOf(uri, /^built (just now|1 min ago) · [\d.]+ MB · linux\/[a-z0-9_]+$/)).find((lens) => lens.range.start.line === 15),
      `no size lens on the final stage of ${uri.path}`,
      20_000,
    );
    assert.equal(built[i].sizeBytes, Number(docker('image', 'inspect', '--format', '{{.Size}}', tags[i]).stdout.trim()));
  }
  // Run of the second Dockerfile runs its own image, not the last one built (Dockerfile.alt).
  const ran = await withSettings({ 'build.builder': 'buildkit', 'run.args': ['alt'] }, async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('Second App', 'Dockerfile')));
    return (await vscode.commands.executeCommand<Outcome>('stagecraft.runTarget', { uri: file('Second App', 'Dockerfile').toString() }))!;
  });
  assert.ok(ran.ok, ran.message);
  assert.equal(ran.args![ran.args!.indexOf('-P') + 1], tags[1]);
}, 300_000);

test('a `stagecraft` task in tasks.json builds through the task provider', async () => {
  mkdirSync(file('.vscode').fsPath, { recursive: true });
  writeFileSync(
    file('.vscode', 'tasks.json').fsPath,
    JSON.stringify({
      version: '2.0.0',
      tasks: [
        {
          type: 'stagecraft',
          label: 'build the build stage',
          dockerfile: 'busybox-app/Dockerfile',
          target: 'build',
          tag: 'stagecraft-it/tasks:build',
          builder: 'buildkit',
          buildArgs: { NOTE: 'a b; $(id)' },
        },
      ],
    }),
  );
  docker('image', 'rm', '--force', 'stagecraft-it/tasks:build');
  const task = await waitFor(
    async () => (await vscode.tasks.fetchTasks({ type: 'stagecraft' })).find((t) => t.name === 'build the build stage'),
    'the tasks.json task was not found',
    20_000,
  );
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.tasks.onDidEndTask((event) => {
      if (event.execution.task.name === task.name) {
        listener.dispose();
        resolve();
      }
    });
  });
  await vscode.tasks.executeTask(task);
  await ended;
  const size = Number(docker('image', 'inspect', '--format', '{{.Size}}', 'stagecraft-it/tasks:build').stdout.trim());
  assert.ok(size > 1_000_000, `stagecraft-it/tasks:build was not built (${size})`);
}, 180_000);

test('ACR: the az command line has every flag, this az accepts each, and a missing or logged-out az is said plainly', async () => {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(example()));
  const args = { uri: example().toString(), target: 'final' };
  const loggedOut = await withSettings(
    { 'acr.registry': 'stagecraftacr', 'build.platform': 'linux/amd64', buildArgs: { GREETING: 'hello world' } },
    async () => (await vscode.commands.executeCommand<Outcome>('stagecraft.acrBuild', args))!,
  );
  const dir = file('busybox-app').fsPath;
  assert.deepEqual(loggedOut.args, [
    'acr',
    'build',
    '--registry',
    'stagecraftacr',
    '--image',
    'workspace/busybox-app:final',
    '--target',
    'final',
    '--file',
    'Dockerfile',
    '--build-arg',
    'GREETING=hello world',
    '--platform',
    'linux/amd64',
    dir,
  ]);
  assert.equal(loggedOut.ok, false);
  assert.equal(loggedOut.message, NOT_LOGGED_IN_MESSAGE);
  const help = execFileSync('az', ['acr', 'build', '--help'], { encoding: 'utf8' });
  for (const flag of loggedOut.args!.filter((a) => a.startsWith('--')))
    assert.match(help, new RegExp(`^\\s+${flag}\\b`, 'm'), `az acr build does not know ${flag}`);
  const missing = await withSettings(
    { 'acr.registry': 'stagecraftacr', 'az.path': '/nonexistent/az' },
    async () => (await vscode.commands.executeCommand<Outcome>('stagecraft.acrBuild', args))!,
  );
  assert.equal(missing.message, missingAzMessage('/nonexistent/az'));
}, 180_000);

test('a missing docker executable is said plainly, before any terminal', async () => {
  const outcome = await withSettings({ 'docker.path': '/nonexistent/docker' }, () => clickLens(example(), 'Build (default target)'));
  assert.equal(outcome.ok, false);
  assert.match(outcome.message!, /^the docker CLI was not found \(stagecraft\.docker\.path = "\/nonexistent\/docker"\)/);
}, 60_000);

test('Clean Up removes the images Stagecraft built (by its label) and leaves others alone', async () => {
  assert.equal(docker('tag', 'local/busybox:1', 'stagecraft-it/not-ours:1').status, 0);
  const before = docker('image', 'ls', '--quiet', '--filter', 'label=dev.stagecraft.managed=true').stdout.trim().split('\n').filter(Boolean);
  assert.ok(before.length >= 2, 'the builds above left labeled images');
  const outcome = (await vscode.commands.executeCommand<Outcome & { images: number }>('stagecraft.cleanUp', { confirm: false }))!;
  assert.ok(outcome.ok, outcome.message);
  assert.ok(outcome.images >= 2);
  assert.equal(docker('image', 'ls', '--quiet', '--filter', 'label=dev.stagecraft.managed=true').stdout.trim(), '');
  assert.equal(docker('image', 'inspect', 'workspace/busybox-app:final').status, 1);
  assert.equal(docker('image', 'inspect', 'stagecraft-it/not-ours:1').status, 0);
  assert.equal(docker('image', 'inspect', 'local/busybox:1').status, 0);
  docker('image', 'rm', 'stagecraft-it/not-ours:1');
}, 120_000);

test('a Docker 23+ CLI without buildx: BuildKit is refused before the terminal, with both ways out', async () => {
  // A stand-in CLI that answers like docker 28 without the buildx plugin.
  const fake = file('fake-docker-28').fsPath;
  writeFileSync(fake, '#!/bin/sh\nif [ "$1" = version ]; then echo 28.2.2; exit 0; fi\necho "docker: \'$1\' is not a docker command." >&2\nexit 1\n', {
    mode: 0o755,
  });
  const outcome = await withSettings({ 'docker.path': fake, 'build.builder': 'buildkit' }, () => clickLens(example(), 'Build (default target)'));
  assert.equal(outcome.ok, false);
  assert.match(outcome.message!, /docker 28\.2\.2\) can build with BuildKit only through the buildx plugin/);
  assert.match(outcome.message!, /Install buildx .* or build with the classic builder/);
}, 60_000);

test('the real CLI: its version and buildx answer are read, and an unreachable engine is said plainly', async () => {
  const here = await probeDocker(dockerPath(), process.env);
  assert.deepEqual([here.missing, here.client?.major, here.error], [false, 20, undefined]);
  const nowhere = await probeDocker(dockerPath(), { ...process.env, DOCKER_HOST: 'unix:///nonexistent/stagecraft.sock' });
  assert.equal(nowhere.client?.major, 20);
  assert.match(
    daemonMessage(nowhere, 'unix:///nonexistent/stagecraft.sock')!,
    /^the docker CLI cannot reach the Docker engine at unix:\/\/\/nonexistent\/stagecraft\.sock \(Cannot connect to the Docker daemon/,
  );
}, 60_000);
