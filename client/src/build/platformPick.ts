/**
 * Build Target for Platforms…: pick a target, then its platforms (one on any BuildKit engine;
 * several where a buildx builder with a multi-platform driver is there, checked in prepare.ts before
 * anything runs), remembered for that target of that Dockerfile, then build it. Later builds of the
 * target (lens, command, task) use the same platforms, and their terminal header says so, until
 * another choice or Forget Platforms Picked for a Target….
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TargetCommandArgs } from '../../../server/src/protocol';
import type { Extension } from '../extensionApi';
import { planFor } from '../plans';
import { buildTarget } from './commands';
import { PLATFORM } from './destination';
import { platformsFor, setPlatforms } from './destinationStore';
import { report, type Failure, type Outcome } from './outcome';
import { tagStage } from './prepare';
import { requestFrom, type BuildRequest } from './request';
import { settingsFor } from './settings';
import { untrusted } from './trustGate';

/** The platforms BuildKit's images are commonly built for; any other `os/arch[/variant]` can be typed. */
export const COMMON_PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64'];

async function pickPlatforms(chosen: string[]): Promise<string[] | undefined> {
  const names = [...new Set([...chosen, ...COMMON_PLATFORMS])];
  const items: vscode.QuickPickItem[] = names.map((label) => ({ label, picked: chosen.includes(label) }));
  items.push({ label: 'Other…', description: 'type os/arch[/variant]' });
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Platforms to build for (several need a buildx builder with the docker-container, kubernetes or remote driver)',
  });
  if (!picked) return undefined;
  const platforms = picked.filter((p) => p.label !== 'Other…').map((p) => p.label);
  if (picked.some((p) => p.label === 'Other…')) {
    const typed = await vscode.window.showInputBox({
      prompt: 'Platform (os/arch[/variant]), e.g. linux/arm64/v8',
      validateInput: (v) => (PLATFORM.test(v.trim()) ? undefined : 'os/arch or os/arch/variant, lower case'),
    });
    if (typed) platforms.push(typed.trim());
  }
  return platforms;
}

/** The stage a request builds, by name (the key its platforms are kept under), or why there is none. */
async function stageOf(extension: Extension, request: BuildRequest): Promise<string | Failure> {
  const plan = await planFor(extension, request.uri, request.target);
  if (!plan) return { ok: false, message: `the language server did not answer for ${request.uri.fsPath}.` };
  if (plan.target === undefined) return { ok: false, message: `${path.basename(request.uri.fsPath)} has no stage named "${request.target}".` };
  return tagStage(request, plan);
}

export async function buildForPlatforms(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const request = await requestFrom(extension, args, 'build for chosen platforms', true);
  if (!request) return undefined;
  if ('ok' in request) return report(request);
  const stage = await stageOf(extension, request);
  if (typeof stage !== 'string') return report(stage);
  const setting = settingsFor(request.uri).platform;
  const saved = platformsFor(request.uri, stage);
  const chosen = saved?.length ? saved : setting ? setting.split(',').map((p) => p.trim()) : [];
  const platforms = await pickPlatforms(chosen);
  if (!platforms) return undefined;
  // None picked: later builds of the target use stagecraft.build.platform again.
  await setPlatforms(request.uri, stage, platforms);
  return buildTarget(extension, { uri: request.uri.toString(), target: request.target });
}

/** Forget Platforms Picked for a Target…: later builds of the target use stagecraft.build.platform again. */
export async function forgetPlatforms(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const request = await requestFrom(extension, args, 'forget the platforms of', true);
  if (!request) return undefined;
  if ('ok' in request) return report(request);
  const stage = await stageOf(extension, request);
  if (typeof stage !== 'string') return report(stage);
  const had = platformsFor(request.uri, stage);
  await setPlatforms(request.uri, stage, []);
  const what = `target ${stage} of ${path.basename(request.uri.fsPath)}`;
  const setting = settingsFor(request.uri).platform;
  const now = setting ? `stagecraft.build.platform (${setting})` : "the engine's own platform (stagecraft.build.platform is empty)";
  const message = had?.length
    ? `builds of ${what} no longer ask for ${had.join(', ')}: they use ${now}.`
    : `no platform was picked for ${what}: its builds use ${now}.`;
  void vscode.window.showInformationMessage(`Stagecraft: ${message}`);
  return { ok: true, message };
}
