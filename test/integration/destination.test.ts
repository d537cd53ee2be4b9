/**
 * Where builds go, in the real workbench: the destination kept in workspaceState reaches docker as
 * `--context=<name>` (the `default` context is DOCKER_HOST, the test engine, so the build really
 * runs), and a hostile context name is refused with a clear message, running nothing. Platforms
 * picked for a target (kept in workspaceState as Build Target for Platforms… keeps them) reach the
 * next build of that target as `--platform`, the size it reports names the platform, several are
 * refused before anything runs (no buildx here), and Forget Platforms… clears the pick.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { test } from './harness';

interface Outcome {
  ok: boolean;
  message?: string;
  args?: string[];
  tag?: string;
  exitCode?: number;
}

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const example = () => vscode.Uri.joinPath(folder(), 'busybox-app', 'Dockerfile');
const state = () => vscode.extensions.getExtension<{ context: vscode.ExtensionContext }>('stagecraft.stagecraft')!.exports.context.workspaceState;

async function withDestination<T>(destination: { context?: string; builder?: string }, fn: () => Promise<T>): Promise<T> {
  await state().update('stagecraft.destinations', { [folder().toString()]: destination });
  try {
    return await fn();
  } finally {
    await state().update('stagecraft.destinations', undefined);
  }
}

/** Builds busybox-app's `final` with BuildKit: as `--target final`, or (null) as the default target's lens does, with no target. */
const build = async (target: string | null = 'final') => {
  const config = vscode.workspace.getConfiguration('stagecraft');
  await config.update('build.builder', 'buildkit', vscode.ConfigurationTarget.Workspace);
  try {
    return (await vscode.commands.executeCommand<Outcome>('stagecraft.buildTarget', { uri: example().toString(), ...(target ? { target } : {}) }))!;
  } finally {
    await config.update('build.builder', undefined, vscode.ConfigurationTarget.Workspace);
  }
};

test('the commands to choose where builds go and to build for platforms are registered', async () => {
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['stagecraft.chooseDestination', 'stagecraft.buildForPlatforms', 'stagecraft.forgetPlatforms']) assert.ok(commands.includes(id), id);
});

test('a build for the chosen context gets --context=<name> and runs on that context (default: DOCKER_HOST)', async () => {
  const outcome = await withDestination({ context: 'default' }, build);
  assert.ok(outcome.ok, outcome.message);
  assert.equal(outcome.args?.[0], '--context=default');
}, 300_000);

test('a hostile context name is refused before any build, and no shell ran it', async () => {
  const name = '$(touch CANARY); x';
  const outcome = await withDestination({ context: name }, build);
  assert.equal(outcome.ok, false);
  assert.match(outcome.message!, /the docker context "\$\(touch CANARY\); x" chosen for this folder cannot be used/);
  assert.equal(existsSync(vscode.Uri.joinPath(folder(), 'busybox-app', 'CANARY').fsPath), false);
  assert.equal(existsSync(vscode.Uri.joinPath(folder(), 'CANARY').fsPath), false);
}, 120_000);

const platformsKey = () => `${example().toString()}#final`;
const platformsState = () => state().get<Record<string, string[]>>('stagecraft.platforms') ?? {};

test('a platform picked for a target reaches its next build as --platform, and the size names it', async () => {
  await state().update('stagecraft.platforms', { [platformsKey()]: ['linux/amd64'] });
  try {
    const outcome = await build();
    assert.ok(outcome.ok, outcome.message);
    assert.equal(outcome.args?.[outcome.args.indexOf('--platform') + 1], 'linux/amd64');
    assert.match(outcome.message!, /^built workspace\/busybox-app:final: [\d.]+ MB \(linux\/amd64, uncompressed, local\)/);
    // The default target's lens builds without --target: the same stage, so the same pick.
    const fromLens = await build(null);
    assert.ok(fromLens.ok, fromLens.message);
    assert.ok(!fromLens.args?.includes('--target'));
    assert.equal(fromLens.args?.[fromLens.args.indexOf('--platform') + 1], 'linux/amd64');
  } finally {
    await state().update('stagecraft.platforms', undefined);
  }
}, 300_000);

test('several platforms without a buildx builder that builds them are refused before anything runs', async () => {
  await state().update('stagecraft.platforms', { [platformsKey()]: ['linux/amd64', 'linux/arm64'] });
  try {
    const outcome = await build();
    assert.equal(outcome.ok, false);
    assert.match(
      outcome.message!,
      /building for 2 platforms at once needs a buildx builder with a multi-platform driver .* Nothing was run\. The platforms were picked for this target: .*Forget Platforms Picked for a Target… clears them\.$/,
    );
    assert.equal(outcome.exitCode, undefined, 'docker build never ran');
  } finally {
    await state().update('stagecraft.platforms', undefined);
  }
}, 120_000);

test('Forget Platforms Picked for a Target… clears the pick: later builds use stagecraft.build.platform again', async () => {
  await state().update('stagecraft.platforms', { [platformsKey()]: ['linux/arm64'], other: ['linux/386'] });
  const args = { uri: example().toString(), target: 'final' };
  const forgot = await vscode.commands.executeCommand<Outcome>('stagecraft.forgetPlatforms', args);
  assert.equal(forgot?.ok, true);
  assert.match(forgot!.message!, /^builds of target final of Dockerfile no longer ask for linux\/arm64: they use the engine's own platform/);
  assert.deepEqual(platformsState(), { other: ['linux/386'] });
  const again = await vscode.commands.executeCommand<Outcome>('stagecraft.forgetPlatforms', args);
  assert.match(again!.message!, /^no platform was picked for target final of Dockerfile/);
  await state().update('stagecraft.platforms', undefined);
});
