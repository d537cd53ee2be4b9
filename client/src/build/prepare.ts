/**
 * Everything a build needs, checked before anything runs: the plan from the server, the tag, the
 * argument list, the builder, and that docker and its engine answer.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildPlanResult } from '../../../server/src/protocol';
import type { BuildSettings } from '../config';
import { ArgumentError, STAGE_NAME, buildArgs, expandTag, type BuildSpec } from '../dockerArgs';
import type { Extension } from '../extensionApi';
import { planFor } from '../plans';
import { daemonMessage, decideBuilder, exec, missingDockerMessage, needsBuildxMessage, probeDocker, type BuilderDecision } from '../preflight';
import { checkPlatforms, parseBuildxList, toDestination, unknownContextMessage, type Destination } from './destination';
import { destinationFor, platformsFor } from './destinationStore';
import { openSettings, type Failure } from './outcome';
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
  /** Where the build goes (docker context, buildx builder); every docker call of this build uses it. */
  destination: Destination;
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

/** The image tag: the override, else the setting's template expanded (or why it cannot be). */
async function tagFor(
  request: BuildRequest,
  settings: BuildSettings,
  folder: vscode.WorkspaceFolder | undefined,
  plan: BuildPlanResult,
): Promise<string | Failure> {
  const override = request.overrides?.tag;
  if (override) return override;
  const dockerfile = request.uri.fsPath;
  const stageName = request.target ?? plan.stages[plan.target!]?.name ?? 'latest';
  const expanded = expandTag(settings.tagTemplate, {
    workspaceFolderBasename: path.basename(folder?.uri.fsPath ?? path.dirname(dockerfile)),
    dockerfileFolderBasename: path.basename(path.dirname(dockerfile)),
    stage: stageName,
    gitSha: settings.tagTemplate.includes('${gitSha}') ? await gitSha(path.dirname(dockerfile)) : undefined,
    date: new Date(),
  });
  if ('error' in expanded) return { ok: false, message: expanded.error, actions: [openSettings('build.tag')] };
  return expanded.tag;
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
  request: BuildRequest,
  settings: BuildSettings,
  folder: vscode.WorkspaceFolder | undefined,
  args: string[],
  destination: Destination,
): Promise<(BuilderDecision & { hasBuildx: boolean }) | Failure> {
  const builderSetting = request.overrides?.builder ?? settings.builder;
  const probe = await probeDocker(settings.dockerPath, process.env, (file, a, options) => exec(file, toDestination(a, destination), options));
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
  const decision = decideBuilder(builderSetting, probe.client, probe.hasBuildx, process.env.DOCKER_BUILDKIT);
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
        ['Install buildx', () => vscode.env.openExternal(vscode.Uri.parse('https://github.com/docker/buildx#installing'))],
      ],
    };
  }
  return { ...decision, hasBuildx: probe.hasBuildx };
}

/**
 * The platforms of a build: the ones picked for this target, else the setting. Several need a
 * buildx builder with a multi-platform driver: refused before anything runs otherwise.
 */
async function platformsOrFailure(
  request: BuildRequest,
  settings: BuildSettings,
  destination: Destination,
  hasBuildx: boolean,
): Promise<string | undefined | Failure> {
  const picked = platformsFor(request.uri, request.target);
  const platforms = picked?.length ? picked : settings.platform ? settings.platform.split(',').map((p) => p.trim()) : [];
  if (platforms.length === 0) return undefined;
  let builder;
  if (platforms.length > 1 && hasBuildx) {
    const listed = parseBuildxList((await exec(settings.dockerPath, toDestination(['buildx', 'ls'], destination), { timeoutMs: 30_000 })).stdout);
    builder = listed.find((b) => (destination.builder ? b.name === destination.builder : b.current));
  }
  const checked = checkPlatforms(platforms, { buildx: builder });
  return checked.ok ? checked.value : { ok: false, message: checked.message };
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
  const tag = await tagFor(request, settings, folder, plan);
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
  const decision = await builderOrFailure(request, settings, folder, firstArgs, destination);
  if (isFailure(decision)) return decision;
  const platform = await platformsOrFailure(request, settings, destination, decision.hasBuildx);
  if (isFailure(platform)) return platform;
  spec.platform = platform;
  const built = argsOrFailure(spec);
  if (isFailure(built)) return built;
  const args = toDestination(built, destination, { buildx: decision.hasBuildx && decision.builder === 'buildkit' });
  const stagesRun = decision.builder === 'buildkit' ? plan.buildkit : plan.classic;
  const skipped = plan.stages.map((s) => s.index).filter((i) => i <= plan.target! && !stagesRun.includes(i));
  return {
    request,
    settings,
    plan,
    spec,
    args,
    decision,
    destination,
    folder,
    env: { ...process.env, ...decision.env },
    planned: labelsOf(plan, stagesRun),
    skipped: labelsOf(plan, skipped),
  };
}
