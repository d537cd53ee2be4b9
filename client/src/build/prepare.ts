/**
 * Everything a build needs, checked before anything runs: the plan from the server, the tag, the
 * argument list, the builder, and that docker and its engine answer.
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildPlanResult } from '../../../server/src/protocol';
import type { BuildSettings } from '../config';
import { ArgumentError, STAGE_NAME, buildArgs, type BuildSpec } from '../dockerArgs';
import type { Extension } from '../extensionApi';
import { planFor } from '../plans';
import { daemonMessage, exec, missingDockerMessage, needsBuildxMessage, probeDocker, type DockerProbe } from '../preflight';
import { decideBuilder, needsBuildKitMessage, type BuilderDecision } from './builder';
import { folderKey, reportBuilder } from './builderSync';
import {
  checkPlatforms,
  destinationExec,
  parseBuildxList,
  platformChoice,
  platformSource,
  toDestination,
  unknownContextMessage,
  type Destination,
  type PlatformChoice,
} from './destination';
import { destinationFor, platformsFor } from './destinationStore';
import { imageTag } from './imageTag';
import { openSettings, showSetting, type Failure } from './outcome';
import { resolvePath, type BuildRequest } from './request';
import { settingsFor } from './settings';

export interface Prepared {
  request: BuildRequest;
  settings: BuildSettings;
  plan: BuildPlanResult;
  spec: BuildSpec;
  args: string[];
  env: NodeJS.ProcessEnv;
  decision: BuilderDecision;
  /** What docker said about itself and its engine (the terminal names them). */
  probe: DockerProbe;
  /** Where the build goes (docker context, buildx builder); every docker call of this build uses it. */
  destination: Destination;
  /** The platforms it asks for (`--platform`), and whether they were picked for the target or set. */
  platforms: PlatformChoice;
  planned: string[];
  skipped: string[];
  folder?: vscode.WorkspaceFolder;
}

function labelsOf(plan: BuildPlanResult, indexes: number[]): string[] {
  return indexes.map((i) => plan.stages[i]?.label ?? `stage ${i}`);
}

export async function gitSha(dir: string): Promise<string | undefined> {
  const result = await exec('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { timeoutMs: 10_000 });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Why a request cannot be built before asking anyone: not on disk, or a target that is no stage name. */
function requestProblem(request: BuildRequest): Failure | undefined {
  if (request.uri.scheme !== 'file') return { ok: false, message: 'open a Dockerfile on disk to build it.' };
  if (request.target !== undefined && !STAGE_NAME.test(request.target))
    return { ok: false, message: `"${request.target}" is not a valid stage name; nothing was run.` };
  return undefined;
}

/** The plan from the language server, or why there is none to build. */
async function planOrFailure(extension: Extension, request: BuildRequest): Promise<BuildPlanResult | Failure> {
  const { uri } = request;
  const plan = await planFor(extension, uri, request.target);
  if (!plan) return { ok: false, message: `the language server did not answer for ${uri.fsPath}.` };
  if (plan.target === undefined) {
    return {
      ok: false,
      message: request.target
        ? `${path.basename(uri.fsPath)} has no stage named "${request.target}".`
        : `${path.basename(uri.fsPath)} has no FROM instruction to build.`,
    };
  }
  return plan;
}

/** The build context: the override, else the workspace folder or the Dockerfile's folder as set. */
function contextFor(request: BuildRequest, settings: BuildSettings, folder: vscode.WorkspaceFolder | undefined): string {
  const override = request.overrides?.context;
  if (override) return resolvePath(folder, override);
  return settings.context === 'workspaceFolder' && folder ? folder.uri.fsPath : path.dirname(request.uri.fsPath);
}

/** The names in a folder, or [] when it cannot be read (the tag then names the folder only). */
async function folderEntries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * The image tag of a build (and of an ACR build): the override, else the setting's template
 * expanded for this Dockerfile and target by imageTag (or why it cannot be).
 */
export async function tagFor(
  request: BuildRequest,
  settings: BuildSettings,
  folder: vscode.WorkspaceFolder | undefined,
  stage: string,
): Promise<string | Failure> {
  const override = request.overrides?.tag;
  if (override) return override;
  const dockerfile = request.uri.fsPath;
  const expanded = imageTag({
    template: settings.tagTemplate,
    workspaceFolder: folder?.uri.fsPath,
    dockerfile,
    folderEntries: settings.tagTemplate.includes('${dockerfilePath}') ? await folderEntries(path.dirname(dockerfile)) : [],
    stage,
    gitSha: settings.tagTemplate.includes('${gitSha}') ? await gitSha(path.dirname(dockerfile)) : undefined,
    date: new Date(),
  });
  if ('error' in expanded) return { ok: false, message: expanded.error, actions: [openSettings('build.tag')] };
  return expanded.tag;
}

/** The stage name a tag's `${stage}` is: the target, else the default target's name, else `latest`. */
export function tagStage(request: BuildRequest, plan: BuildPlanResult): string {
  return request.target ?? (plan.target !== undefined ? plan.stages[plan.target]?.name : undefined) ?? 'latest';
}

/** The `docker build` arguments for a spec, or why they cannot be written. */
function argsOrFailure(spec: BuildSpec): string[] | Failure {
  try {
    return buildArgs(spec);
  } catch (error) {
    if (error instanceof ArgumentError) return { ok: false, message: `${error.message}; nothing was run.` };
    throw error;
  }
}

/** Asks docker which builder runs the build: fails when docker, its engine or buildx is missing. */
async function builderOrFailure(
  extension: Extension,
  request: BuildRequest,
  settings: BuildSettings,
  folder: vscode.WorkspaceFolder | undefined,
  args: string[],
  destination: Destination,
): Promise<{ decision: BuilderDecision; probe: DockerProbe } | Failure> {
  const builderSetting = request.overrides?.builder ?? settings.builder;
  const probe = await probeDocker(settings.dockerPath, process.env, destinationExec(destination));
  if (probe.missing)
    return {
      ok: false,
      message: missingDockerMessage(settings.dockerPath),
      actions: [openSettings('docker.path'), ['Install Docker', () => vscode.env.openExternal(vscode.Uri.parse('https://docs.docker.com/engine/install/'))]],
      args,
    };
  const noContext = unknownContextMessage(probe.error, destination);
  if (noContext) return { ok: false, message: noContext, args };
  const unreachable = daemonMessage(probe, process.env.DOCKER_HOST);
  if (unreachable) return { ok: false, message: unreachable, args };
  const decision = decideBuilder(builderSetting, probe, process.env.DOCKER_BUILDKIT);
  // What this build found is what the lenses of its folder describe (a build-only override is not).
  if (!request.overrides?.builder) reportBuilder(extension, folderKey(request.uri), decision);
  if (decision.problem === 'needs-buildx') {
    return {
      ok: false,
      message: needsBuildxMessage(settings.dockerPath, probe.client),
      args,
      actions: [
        [
          'Use the Classic Builder',
          () =>
            vscode.workspace
              .getConfiguration('stagecraft', request.uri)
              .update('build.builder', 'classic', folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global),
        ],
        INSTALL_BUILDX,
      ],
    };
  }
  return { decision, probe };
}

/**
 * The platforms of a build: the ones picked for this target, else the setting (`value` is
 * `--platform`'s argument). Several need a buildx builder with a multi-platform driver: refused
 * before anything runs otherwise.
 */
async function platformsOrFailure(
  request: BuildRequest,
  stage: string,
  settings: BuildSettings,
  destination: Destination,
  hasBuildx: boolean,
): Promise<{ value?: string; choice: PlatformChoice } | Failure> {
  const choice = platformChoice(platformsFor(request.uri, stage), settings.platform);
  const { platforms } = choice;
  if (platforms.length === 0) return { choice };
  let builder;
  if (platforms.length > 1 && hasBuildx) {
    const listed = parseBuildxList((await exec(settings.dockerPath, toDestination(['buildx', 'ls'], destination), { timeoutMs: 30_000 })).stdout);
    builder = listed.find((b) => (destination.builder ? b.name === destination.builder : b.current));
  }
  const checked = checkPlatforms(platforms, { buildx: builder });
  if (checked.ok) return { value: checked.value, choice };
  return { ok: false, message: checked.message + platformSource(choice), actions: choice.source === 'setting' ? [openSettings('build.platform')] : undefined };
}

const INSTALL_BUILDX: [string, () => unknown] = [
  'Install buildx',
  () => vscode.env.openExternal(vscode.Uri.parse('https://github.com/docker/buildx#installing')),
];

/**
 * The file needs BuildKit and this build would use the classic builder without anyone choosing it:
 * asked before anything runs, with the ways out. Undefined: build (not needed, or "Build with Classic Anyway").
 */
async function classicRefusal(request: BuildRequest, plan: BuildPlanResult, decision: BuilderDecision, args: string[]): Promise<Failure | undefined> {
  const uses = plan.needsBuildKit ?? [];
  if (decision.builder !== 'classic' || decision.chosen || uses.length === 0) return undefined;
  const message = needsBuildKitMessage(path.basename(request.uri.fsPath), uses, decision);
  const anyway = 'Build with Classic Anyway';
  const picked = await vscode.window.showWarningMessage(`Stagecraft: ${message}`, { modal: true }, anyway, INSTALL_BUILDX[0], 'Set stagecraft.docker.path');
  if (picked === anyway) return undefined;
  if (picked === INSTALL_BUILDX[0]) void INSTALL_BUILDX[1]();
  if (picked === 'Set stagecraft.docker.path') void showSetting('docker.path');
  return { ok: false, message: `nothing was built: ${message}`, args, shown: true };
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { ok?: unknown }).ok === false;
}

/** Everything a build needs, checked: plan, tag, arguments, builder, executable. */
export async function prepare(extension: Extension, request: BuildRequest): Promise<Prepared | Failure> {
  const problem = requestProblem(request);
  if (problem) return problem;
  const { uri } = request;
  const settings = settingsFor(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const plan = await planOrFailure(extension, request);
  if (isFailure(plan)) return plan;
  const context = contextFor(request, settings, folder);
  const tag = await tagFor(request, settings, folder, tagStage(request, plan));
  if (isFailure(tag)) return tag;
  const spec: BuildSpec = {
    dockerfile: uri.fsPath,
    target: request.target,
    tag,
    context,
    buildArgs: { ...settings.buildArgs, ...(request.overrides?.buildArgs ?? {}) },
    platform: settings.platform || undefined,
    extraArgs: settings.extraArgs,
  };
  const destination = destinationFor(uri);
  const firstArgs = argsOrFailure(spec);
  if (isFailure(firstArgs)) return firstArgs;
  const found = await builderOrFailure(extension, request, settings, folder, firstArgs, destination);
  if (isFailure(found)) return found;
  const { decision, probe } = found;
  const refused = await classicRefusal(request, plan, decision, firstArgs);
  if (refused) return refused;
  const platform = await platformsOrFailure(request, tagStage(request, plan), settings, destination, probe.hasBuildx);
  if (isFailure(platform)) return platform;
  spec.platform = platform.value;
  const built = argsOrFailure(spec);
  if (isFailure(built)) return built;
  const args = toDestination(built, destination, { buildx: probe.hasBuildx && decision.builder === 'buildkit' });
  const stagesRun = decision.builder === 'buildkit' ? plan.buildkit : plan.classic;
  const skipped = plan.stages.map((s) => s.index).filter((i) => i <= plan.target! && !stagesRun.includes(i));
  return {
    request,
    settings,
    plan,
    spec,
    args,
    decision,
    probe,
    destination,
    platforms: platform.choice,
    folder,
    env: { ...process.env, ...decision.env },
    planned: labelsOf(plan, stagesRun),
    skipped: labelsOf(plan, skipped),
  };
}
