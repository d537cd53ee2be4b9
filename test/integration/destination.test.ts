/**
 * Where builds go, in the real workbench: the destination kept in workspaceState reaches docker as
 * `--context=<name>` (the `default` context is DOCKER_HOST, the test engine, so the build really
 * runs), and a hostile context name is refused with a clear message, running nothing.
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

const build = async () => {
  const config = vscode.workspace.getConfiguration('stagecraft');
  await config.update('build.builder', 'buildkit', vscode.ConfigurationTarget.Workspace);
  try {
    return (await vscode.commands.executeCommand<Outcome>('stagecraft.buildTarget', { uri: example().toString(), target: 'final' }))!;
  } finally {
    await config.update('build.builder', undefined, vscode.ConfigurationTarget.Workspace);
  }
};

test('the commands to choose where builds go and to build for platforms are registered', async () => {
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['stagecraft.chooseDestination', 'stagecraft.buildForPlatforms']) assert.ok(commands.includes(id), id);
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
