/**
 * Build, run, ACR builds and clean-up, as VS Code tasks in the integrated terminal.
 *
 * Nothing reaches a shell: docker and az are started with an argument list (`spawn` without a
 * shell for builds, `ProcessExecution` for runs and ACR). Builds are `CustomExecution` tasks: the
 * terminal shows which stages the chosen builder will run and the command line as the user's shell
 * would read it, then docker's own output; the output is kept to find the failing line, and after
 * a successful build the image size is read and shown. Nothing runs in an untrusted workspace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildResultNotification, type BuildPlanResult, type BuildResultParams, type TargetCommandArgs } from '../../server/src/protocol';
import type { Extension } from './extensionApi';
import { readBuildSettings, type BuildSettings } from './config';
import {
  ArgumentError, STAGE_NAME, acrArgs, buildArgs, expandTag, listContainersArgs, listImagesArgs, runArgs, type Builder, type BuildSpec,
} from './dockerArgs';
import { findFailure, problemLine, type BuildFailure } from './buildOutput';
import {
  NOT_LOGGED_IN_MESSAGE, classifyAzAccount, daemonMessage, decideBuilder, exec, missingAzMessage, missingDockerMessage, needsBuildxMessage, probeDocker, type BuilderDecision,
} from './preflight';
import { commandLine, shellKind, UnquotableError } from './shellQuote';
import { sizeMessage, type SizeReport } from './results';
import { targetItems } from './targets';
import { planFor } from './plans';

export const TASK_TYPE = 'stagecraft';
/**
 * Problems from failed builds, at the line the output names (source `docker build`). The extension
 * publishes them itself: a problem matcher on a CustomExecution task raced with the task's end in
 * code-server (the last line could arrive after the matcher stopped). The terminal still prints the
 * `stagecraft: error: FILE:LINE: message` line, which the contributed `$stagecraft` matcher reads.
 */
let buildProblems: vscode.DiagnosticCollection | undefined;

function setBuildProblem(uri: vscode.Uri, failure: BuildFailure | undefined): void {
  if (!buildProblems) return;
  if (!failure) { buildProblems.delete(uri); return; }
  const diagnostic = new vscode.Diagnostic(new vscode.Range(failure.line, 0, failure.line, Number.MAX_SAFE_INTEGER), `build failed here: ${failure.message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'docker build';
  buildProblems.set(uri, [diagnostic]);
}

/** A `stagecraft` task in tasks.json (package.json `taskDefinitions` declares the same properties). */
export interface StagecraftTaskDefinition extends vscode.TaskDefinition {
  type: 'stagecraft';
  /** Absolute, or relative to the workspace folder. */
  dockerfile: string;
  target?: string;
  tag?: string;
  /** Absolute, or relative to the workspace folder. */
  context?: string;
  buildArgs?: Record<string, string>;
  builder?: Builder;
}

/** What a command returns (and tests read): the outcome, the exact arguments, what it printed. */
export interface Outcome {
  ok: boolean;
  message?: string;
  exitCode?: number;
  tag?: string;
  args?: string[];
  executable?: string;
  builder?: 'buildkit' | 'classic';
  /** Stage labels the chosen builder runs for the target, from stagecraft/buildPlan. */
  plannedStages?: string[];
  output?: string;
  sizeBytes?: number;
  size?: SizeReport;
  failure?: BuildFailure;
  /** Milliseconds from the command to the image's size being known. */
  elapsedMs?: number;
}

interface BuildRequest {
  uri: vscode.Uri;
  /** undefined: the default target. */
  target?: string;
  overrides?: Partial<Pick<StagecraftTaskDefinition, 'tag' | 'context' | 'buildArgs' | 'builder'>>;
}

interface Prepared {
  request: BuildRequest;
  settings: BuildSettings;
  plan: BuildPlanResult;
  spec: BuildSpec;
  args: string[];
  env: NodeJS.ProcessEnv;
  decision: BuilderDecision;
  planned: string[];
  skipped: string[];
  folder?: vscode.WorkspaceFolder;
}

type Failure = { ok: false; message: string; actions?: [string, () => unknown][]; args?: string[] };

let last: BuildRequest | undefined;

function settingsFor(uri: vscode.Uri): BuildSettings {
  const config = vscode.workspace.getConfiguration('stagecraft', uri);
  return readBuildSettings((key) => config.get(key), (message) => warnOnce(message));
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  void vscode.window.showWarningMessage(`Stagecraft: ${message}`);
}

function untrusted(): Failure | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  return {
    ok: false,
    message: 'building, running and ACR builds are disabled in an untrusted workspace: a Dockerfile and its settings could run any program. Trust this folder to enable them.',
    actions: [['Manage Workspace Trust', () => vscode.commands.executeCommand('workbench.trust.manage')]],
  };
}

/** Shows a failure (with its actions) and returns it as the command's outcome. */
function report(failure: Failure): Outcome {
  const buttons = (failure.actions ?? []).map(([title]) => title);
  void vscode.window.showErrorMessage(`Stagecraft: ${failure.message}`, ...buttons).then((picked) => failure.actions?.find(([title]) => title === picked)?.[1]());
  return { ok: false, message: failure.message, args: failure.args };
}

const openSettings = (key: string): [string, () => unknown] => ['Open Settings', () => vscode.commands.executeCommand('workbench.action.openSettings', `stagecraft.${key}`)];

function labelsOf(plan: BuildPlanResult, indexes: number[]): string[] {
  return indexes.map((i) => plan.stages[i]?.label ?? `stage ${i}`);
}

async function gitSha(dir: string): Promise<string | undefined> {
  const result = await exec('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { timeoutMs: 10_000 });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

function resolvePath(folder: vscode.WorkspaceFolder | undefined, file: string): string {
  return path.isAbsolute(file) || !folder ? file : path.join(folder.uri.fsPath, file);
}

/** Everything a build needs, checked: plan, tag, arguments, builder, executable. */
async function prepare(extension: Extension, request: BuildRequest): Promise<Prepared | Failure> {
  const { uri } = request;
  if (uri.scheme !== 'file') return { ok: false, message: 'open a Dockerfile on disk to build it.' };
  if (request.target !== undefined && !STAGE_NAME.test(request.target)) return { ok: false, message: `"${request.target}" is not a valid stage name; nothing was run.` };
  const settings = settingsFor(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const plan = await planFor(extension, uri, request.target);
  if (!plan) return { ok: false, message: `the language server did not answer for ${uri.fsPath}.` };
  if (plan.target === undefined) {
    return { ok: false, message: request.target ? `${path.basename(uri.fsPath)} has no stage named "${request.target}".` : `${path.basename(uri.fsPath)} has no FROM instruction to build.` };
  }
  const dockerfile = uri.fsPath;
  const overrides = request.overrides ?? {};
  const context = overrides.context
    ? resolvePath(folder, overrides.context)
    : settings.context === 'workspaceFolder' && folder ? folder.uri.fsPath : path.dirname(dockerfile);
  let tag = overrides.tag;
  if (!tag) {
    const stageName = request.target ?? plan.stages[plan.target]?.name ?? 'latest';
    const expanded = expandTag(settings.tagTemplate, {
      workspaceFolderBasename: path.basename(folder?.uri.fsPath ?? path.dirname(dockerfile)),
      dockerfileFolderBasename: path.basename(path.dirname(dockerfile)),
      stage: stageName,
      gitSha: settings.tagTemplate.includes('${gitSha}') ? await gitSha(path.dirname(dockerfile)) : undefined,
      date: new Date(),
    });
    if ('error' in expanded) return { ok: false, message: expanded.error, actions: [openSettings('build.tag')] };
    tag = expanded.tag;
  }
  const spec: BuildSpec = {
    dockerfile, target: request.target, tag, context,
    buildArgs: { ...settings.buildArgs, ...(overrides.buildArgs ?? {}) },
    platform: settings.platform || undefined,
    extraArgs: settings.extraArgs,
  };
  let args: string[];
  try {
    args = buildArgs(spec);
  } catch (error) {
    if (error instanceof ArgumentError) return { ok: false, message: `${error.message}; nothing was run.` };
    throw error;
  }
  const builderSetting = overrides.builder ?? settings.builder;
  const probe = await probeDocker(settings.dockerPath, process.env);
  if (probe.missing) return { ok: false, message: missingDockerMessage(settings.dockerPath), actions: [openSettings('docker.path'), ['Install Docker', () => vscode.env.openExternal(vscode.Uri.parse('https://docs.docker.com/engine/install/'))]], args };
  const unreachable = daemonMessage(probe, process.env.DOCKER_HOST);
  if (unreachable) return { ok: false, message: unreachable, args };
  const decision = decideBuilder(builderSetting, probe.client, probe.hasBuildx, process.env.DOCKER_BUILDKIT);
  if (decision.problem === 'needs-buildx') {
    return {
      ok: false, message: needsBuildxMessage(settings.dockerPath, probe.client), args,
      actions: [
        ['Use the Classic Builder', () => vscode.workspace.getConfiguration('stagecraft', uri).update('build.builder', 'classic', folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global)],
        ['Install buildx', () => vscode.env.openExternal(vscode.Uri.parse('https://github.com/docker/buildx#installing'))],
      ],
    };
  }
  const stagesRun = decision.builder === 'buildkit' ? plan.buildkit : plan.classic;
  const skipped = plan.stages.map((s) => s.index).filter((i) => i <= plan.target! && !stagesRun.includes(i));
  return {
    request, settings, plan, spec, args, decision, folder,
    env: { ...process.env, ...decision.env },
    planned: labelsOf(plan, stagesRun),
    skipped: labelsOf(plan, skipped),
  };
}

/** The command line as the user's shell would read it (shown above the build; never executed). */
function shownCommand(prepared: Prepared): string {
  const kind = shellKind(vscode.env.shell);
  try {
    return commandLine(prepared.settings.dockerPath, prepared.args, kind, prepared.decision.env);
  } catch (error) {
    if (error instanceof UnquotableError) return `${prepared.settings.dockerPath} ${JSON.stringify(prepared.args)}  (${error.message})`;
    throw error;
  }
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;

/**
 * The terminal of one build: prints the plan and the command, runs docker with the argument list,
 * keeps the output, and after the exit reads the result. `outcome` resolves when all that is done.
 */
class BuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;
  private output = '';
  private resolve!: (outcome: Outcome) => void;
  readonly outcome = new Promise<Outcome>((resolve) => { this.resolve = resolve; });

  constructor(private readonly extension: Extension, private readonly request: BuildRequest, private prepared?: Prepared, private readonly started = Date.now()) {}

  private write(text: string): void { this.writer.fire(crlf(text)); }

  open(): void { void this.run(); }

  close(): void { this.child?.kill('SIGTERM'); }

  handleInput(data: string): void {
    if (data === '\x03') this.child?.kill('SIGINT');
  }

  private finish(code: number, outcome: Outcome): void {
    this.resolve(outcome);
    this.closer.fire(code);
  }

  private async run(): Promise<void> {
    let prepared = this.prepared;
    if (!prepared) {
      const result = await prepare(this.extension, this.request).catch((error): Failure => ({ ok: false, message: String(error?.message ?? error) }));
      if ('ok' in result) {
        this.write(`Stagecraft: ${result.message}\n`);
        this.finish(1, report(result));
        return;
      }
      prepared = this.prepared = result;
    }
    const p = prepared;
    setBuildProblem(p.request.uri, undefined);
    const targetText = p.request.target ? `target \`${p.request.target}\`` : `the default target \`${p.plan.stages[p.plan.target!].label}\``;
    this.write(`${bold(`Stagecraft: building ${targetText} of ${vscode.workspace.asRelativePath(p.spec.dockerfile)} as ${p.spec.tag}`)}\n`);
    this.write(`builder: ${p.decision.reason}\n`);
    const builderName = p.decision.builder === 'buildkit' ? 'BuildKit' : 'the classic builder';
    this.write(`${builderName} runs ${p.planned.length} of ${p.plan.stages.length} stage${p.plan.stages.length === 1 ? '' : 's'}: ${p.planned.join(', ')}${p.skipped.length ? ` (skips ${p.skipped.join(', ')})` : ''}\n`);
    this.write(`$ ${shownCommand(p)}\n\n`);
    const child = spawn(p.settings.dockerPath, p.args, { cwd: path.dirname(p.spec.dockerfile), env: p.env, shell: false, windowsHide: true });
    this.child = child;
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      this.write(text);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const code = await new Promise<number>((resolve) => {
      child.once('error', (error) => { this.output += String(error); this.write(`\n${error.message}\n`); resolve(127); });
      child.once('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1)));
    });
    this.child = undefined;
    const outcome: Outcome = { ok: code === 0, exitCode: code, tag: p.spec.tag, args: p.args, executable: p.settings.dockerPath, builder: p.decision.builder, plannedStages: p.planned, output: this.output };
    try {
      if (code === 0) await this.succeeded(p, outcome);
      else this.failed(p, outcome);
    } catch (error) {
      this.write(`\nStagecraft: ${String((error as Error)?.message ?? error)}\n`);
    }
    outcome.elapsedMs = Date.now() - this.started;
    this.finish(code, outcome);
  }

  private async succeeded(p: Prepared, outcome: Outcome): Promise<void> {
    const size = await imageSize(p.settings.dockerPath, p.spec.tag, p.env);
    if (size === undefined) {
      this.write(`\nStagecraft: built ${p.spec.tag}, but \`docker image inspect\` could not read its size.\n`);
      notifyServer(this.extension, { uri: p.request.uri.toString(), target: p.request.target, ok: true, finishedAt: Date.now() });
      return;
    }
    const report: SizeReport = { tag: p.spec.tag, size, base: await largestLocalBase(p) };
    outcome.sizeBytes = size;
    outcome.size = report;
    outcome.message = sizeMessage(report);
    this.write(`\n${bold(`Stagecraft: ${outcome.message}`)}\n`);
    notifyServer(this.extension, { uri: p.request.uri.toString(), target: p.request.target, ok: true, finishedAt: Date.now(), sizeBytes: size });
    void vscode.window.showInformationMessage(`Stagecraft: ${outcome.message}`);
  }

  private failed(p: Prepared, outcome: Outcome): void {
    const failure = findFailure(this.output, p.plan);
    outcome.failure = failure;
    const file = path.basename(p.spec.dockerfile);
    outcome.message = failure
      ? `the build failed at ${file} line ${failure.line + 1}: ${failure.message}`
      : `docker build failed (exit ${outcome.exitCode}). See the terminal.`;
    // One line in the form the `$stagecraft` problem matcher reads, so Problems points at the line.
    if (failure) this.write(`\n${problemLine(p.spec.dockerfile, failure)}\n`);
    setBuildProblem(p.request.uri, failure);
    notifyServer(this.extension, { uri: p.request.uri.toString(), target: p.request.target, ok: false, finishedAt: Date.now(), failedLine: failure?.line });
    const actions = failure ? ['Go to Line'] : [];
    void vscode.window.showErrorMessage(`Stagecraft: ${outcome.message}`, ...actions).then(async (picked) => {
      if (picked && failure) {
        const editor = await vscode.window.showTextDocument(p.request.uri);
        const position = new vscode.Position(failure.line, 0);
        editor.selection = new vscode.Selection(position, position);
        editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
      }
    });
  }
}

function notifyServer(extension: Extension, params: BuildResultParams): void {
  void extension.client.sendNotification(BuildResultNotification.type, params).catch(() => undefined);
}

async function imageSize(docker: string, image: string, env: NodeJS.ProcessEnv): Promise<number | undefined> {
  const result = await exec(docker, ['image', 'inspect', '--format', '{{.Size}}', image], { env, timeoutMs: 20_000 });
  const size = Number(result.stdout.trim());
  return result.code === 0 && Number.isFinite(size) ? size : undefined;
}

/** The largest base image, among the stages the build ran, that the engine has locally. */
async function largestLocalBase(p: Prepared): Promise<SizeReport['base']> {
  const ran = p.decision.builder === 'buildkit' ? p.plan.buildkit : p.plan.classic;
  // The stage the target's FROM chain starts at: its base image is "its base".
  let root = p.plan.stages[p.plan.target!];
  for (let guard = 0; root?.baseKind === 'stage' && guard < 100; guard++) {
    const key = root.baseText.toLowerCase();
    root = p.plan.stages.find((s) => s.index < root!.index && (s.name?.toLowerCase() === key || String(s.index) === key)) ?? root;
    if (root.baseKind !== 'stage') break;
  }
  let best: SizeReport['base'];
  for (const index of ran) {
    const stage = p.plan.stages[index];
    if (stage.baseKind !== 'image') continue;
    const names = [stage.baseText, stage.image].filter((n): n is string => !!n && !n.includes('$'));
    for (const name of names) {
      const size = await imageSize(p.settings.dockerPath, name, p.env);
      if (size === undefined) continue;
      if (!best || size > best.size) best = { image: stage.baseText.includes('$') ? name : stage.baseText, size, stage: stage.label, isTargetBase: stage.index === root?.index };
      break;
    }
  }
  return best;
}

function presentation(settings: BuildSettings): vscode.TaskPresentationOptions {
  const panel = settings.terminalReuse === 'shared' ? vscode.TaskPanelKind.Shared : settings.terminalReuse === 'new' ? vscode.TaskPanelKind.New : vscode.TaskPanelKind.Dedicated;
  return { reveal: vscode.TaskRevealKind.Always, panel, clear: true, echo: false };
}

/** Task names say the target and the Dockerfile. */
function taskName(verb: string, uri: vscode.Uri, target: string | undefined): string {
  return `${verb} ${target ?? 'default target'} · ${vscode.workspace.asRelativePath(uri)}`;
}

/**
 * VS Code reuses a dedicated terminal for tasks of the same identity, which it derives from the
 * definition: with "perDockerfile" every target of a Dockerfile has the definition of that file, so
 * its builds share one terminal (the task's name still says the target).
 */
function definitionOf(request: BuildRequest, reuse: BuildSettings['terminalReuse']): StagecraftTaskDefinition {
  if (reuse === 'perDockerfile') return { type: 'stagecraft', dockerfile: request.uri.fsPath };
  return { type: 'stagecraft', dockerfile: request.uri.fsPath, ...(request.target ? { target: request.target } : {}), ...(request.overrides ?? {}) };
}

/**
 * Starts a task and returns when VS Code says it ended (onDidEndTask). Tasks of one Dockerfile and
 * target share an identity in VS Code (it is derived from the declared definition properties), so
 * the next one may start only after the end of this one was processed: a new execution started
 * while the old end event is still in flight loses its custom execution.
 */
async function executeAndWait(task: vscode.Task, onProcessEnd?: (code: number | undefined) => void): Promise<boolean> {
  let execution: vscode.TaskExecution | undefined;
  const endedEarly = new Set<vscode.TaskExecution>();
  let resolveEnd!: () => void;
  const ended = new Promise<void>((resolve) => { resolveEnd = resolve; });
  const endListener = vscode.tasks.onDidEndTask((event) => {
    if (execution === undefined) endedEarly.add(event.execution);
    else if (event.execution === execution) resolveEnd();
  });
  const processListener = onProcessEnd && vscode.tasks.onDidEndTaskProcess((event) => {
    if (event.execution === execution || (execution === undefined && event.execution.task.name === task.name)) onProcessEnd(event.exitCode);
  });
  try {
    execution = await vscode.tasks.executeTask(task);
    if (endedEarly.has(execution)) resolveEnd();
    await ended;
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: could not start the task "${task.name}": ${String((error as Error)?.message ?? error)}`);
    return false;
  } finally {
    endListener.dispose();
    processListener?.dispose();
  }
}

async function executeBuild(extension: Extension, prepared: Prepared): Promise<Outcome> {
  const terminal = new BuildTerminal(extension, prepared.request, prepared);
  const task = new vscode.Task(definitionOf(prepared.request, prepared.settings.terminalReuse), prepared.folder ?? vscode.TaskScope.Workspace, taskName('build', prepared.request.uri, prepared.request.target), 'stagecraft', new vscode.CustomExecution(async () => terminal), []);
  task.group = vscode.TaskGroup.Build;
  task.presentationOptions = presentation(prepared.settings);
  const started = await executeAndWait(task);
  if (!started) return { ok: false, message: 'could not start the build task' };
  return terminal.outcome;
}

/**
 * Runs a process task (docker run, az acr build) and resolves with its exit code. Its type is not
 * `stagecraft`: VS Code derives a task's identity from the declared properties of its type, so a
 * run would share the identity of the build before it, and the next build with that identity
 * would not get its terminal.
 */
async function runProcessTask(name: string, folder: vscode.WorkspaceFolder | undefined, executable: string, args: string[], cwd: string, settings: BuildSettings, definition: vscode.TaskDefinition): Promise<number | undefined> {
  const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'stagecraft', new vscode.ProcessExecution(executable, args, { cwd }));
  task.presentationOptions = presentation(settings);
  let code: number | undefined;
  await executeAndWait(task, (exitCode) => { code = exitCode; });
  return code;
}

// ---- picking a target ----

/** A quick pick of the file's buildable stages: the default target first, each with what it needs. */
async function pickTarget(extension: Extension, uri: vscode.Uri, verb: string): Promise<{ target?: string } | undefined> {
  const plan = await planFor(extension, uri);
  if (!plan || plan.stages.length === 0) return {};
  const picked = await vscode.window.showQuickPick(targetItems(plan), { placeHolder: `Stage to ${verb} (--target)`, matchOnDetail: true });
  return picked ? { target: picked.target } : undefined;
}

function activeDockerfile(args?: TargetCommandArgs): vscode.Uri | undefined {
  if (args?.uri) return vscode.Uri.parse(args.uri);
  const document = vscode.window.activeTextEditor?.document;
  return document && document.languageId === 'dockerfile' ? document.uri : undefined;
}

async function requestFrom(extension: Extension, args: TargetCommandArgs | undefined, verb: string, pick: boolean): Promise<BuildRequest | Failure | undefined> {
  const uri = activeDockerfile(args);
  if (!uri) return { ok: false, message: `open a Dockerfile to ${verb} a target.` };
  if (args && typeof args === 'object' && 'uri' in args) return { uri, target: typeof args.target === 'string' ? args.target : undefined };
  if (!pick) return { uri };
  const picked = await pickTarget(extension, uri, verb);
  return picked && { uri, target: picked.target };
}

// ---- commands ----

export async function buildTarget(extension: Extension, args?: TargetCommandArgs, pick = true): Promise<Outcome | undefined> {
  const started = Date.now();
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const request = await requestFrom(extension, args, 'build', pick);
  if (!request) return undefined;
  if ('ok' in request) return report(request);
  return build(extension, request, started);
}

async function build(extension: Extension, request: BuildRequest, started = Date.now()): Promise<Outcome> {
  const prepared = await prepare(extension, request);
  if ('ok' in prepared) return report(prepared);
  last = request;
  await extension.context.workspaceState.update('stagecraft.lastBuild', { uri: request.uri.toString(), target: request.target });
  const outcome = await executeBuild(extension, prepared);
  outcome.elapsedMs = Date.now() - started;
  buildEnded.fire({ dockerfile: request.uri.fsPath, target: request.target, tag: outcome.tag, ok: outcome.ok, builder: outcome.builder });
  return outcome;
}

/** A build that ended (from a lens, the palette, a task or the walkthrough): for listeners such as the walkthrough. */
export interface BuildEnded {
  dockerfile: string;
  /** undefined: the default target. */
  target?: string;
  tag?: string;
  ok: boolean;
  builder?: 'buildkit' | 'classic';
}

const buildEnded = new vscode.EventEmitter<BuildEnded>();
export const onDidEndBuild = buildEnded.event;

/** Builds a target of a Dockerfile with one builder for this build only (the walkthrough's classic-builder step). */
export async function buildWithBuilder(extension: Extension, uri: vscode.Uri, target: string | undefined, builder: Builder): Promise<Outcome> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  return build(extension, { uri, target, overrides: { builder } });
}

export function buildDefault(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const uri = activeDockerfile(args);
  return buildTarget(extension, uri ? { uri: uri.toString() } : undefined, false);
}

export async function rebuildLast(extension: Extension): Promise<Outcome | undefined> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const saved = last ?? (() => {
    const state = extension.context.workspaceState.get<{ uri: string; target?: string }>('stagecraft.lastBuild');
    return state ? { uri: vscode.Uri.parse(state.uri), target: state.target } : undefined;
  })();
  if (!saved) return report({ ok: false, message: 'nothing was built yet in this workspace: use Build Target… first.' });
  return build(extension, saved);
}

export async function runTarget(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const built = await buildTarget(extension, args);
  if (!built?.ok || !built.tag) {
    if (built && built.exitCode !== undefined) void vscode.window.showErrorMessage(`Stagecraft: the build failed (exit ${built.exitCode}); nothing was run.`);
    return built;
  }
  const uri = activeDockerfile(args) ?? (last?.uri as vscode.Uri);
  const settings = settingsFor(uri);
  let run: string[];
  try {
    run = runArgs({ tag: built.tag, ports: settings.runPorts, args: settings.runArgs });
  } catch (error) {
    if (error instanceof ArgumentError) return report({ ok: false, message: error.message, actions: [openSettings('run.ports')] });
    throw error;
  }
  const code = await runProcessTask(`run ${built.tag}`, vscode.workspace.getWorkspaceFolder(uri), settings.dockerPath, run, path.dirname(uri.fsPath), settings, { type: 'stagecraft-run', dockerfile: uri.fsPath, target: last?.target, tag: built.tag });
  return { ...built, ok: code === 0, exitCode: code, args: run, message: code === 0 ? `${built.tag} ran and exited 0` : `${built.tag} exited ${code ?? '(did not start)'}` };
}

export async function acrBuild(extension: Extension, args?: TargetCommandArgs): Promise<Outcome | undefined> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const request = await requestFrom(extension, args, 'build in Azure Container Registry', true);
  if (!request) return undefined;
  if ('ok' in request) return report(request);
  const settings = settingsFor(request.uri);
  let registry = settings.acrRegistry;
  if (!registry) {
    registry = (await vscode.window.showInputBox({ prompt: 'Azure Container Registry name (stagecraft.acr.registry)', validateInput: (v) => (/^[a-zA-Z0-9]{5,50}(\.azurecr\.[a-z.]+)?$/.test(v) ? undefined : '5-50 letters and digits') })) ?? '';
    if (!registry) return undefined;
  }
  const plan = await planFor(extension, request.uri, request.target);
  if (!plan || plan.target === undefined) return report({ ok: false, message: `${path.basename(request.uri.fsPath)} has no stage named "${request.target}".` });
  const folder = vscode.workspace.getWorkspaceFolder(request.uri);
  const context = settings.context === 'workspaceFolder' && folder ? folder.uri.fsPath : path.dirname(request.uri.fsPath);
  const expanded = expandTag(settings.tagTemplate, {
    workspaceFolderBasename: path.basename(folder?.uri.fsPath ?? context), dockerfileFolderBasename: path.basename(path.dirname(request.uri.fsPath)),
    stage: request.target ?? plan.stages[plan.target]?.name ?? 'latest', gitSha: settings.tagTemplate.includes('${gitSha}') ? await gitSha(path.dirname(request.uri.fsPath)) : undefined,
  });
  if ('error' in expanded) return report({ ok: false, message: expanded.error, actions: [openSettings('build.tag')] });
  let az: string[];
  try {
    az = acrArgs({ registry, dockerfile: request.uri.fsPath, target: request.target, tag: expanded.tag, context, buildArgs: settings.buildArgs, platform: settings.platform || undefined });
  } catch (error) {
    if (error instanceof ArgumentError) return report({ ok: false, message: error.message });
    throw error;
  }
  const account = classifyAzAccount(await exec(settings.azPath, ['account', 'show', '--output', 'none'], { timeoutMs: 60_000 }));
  if (account.state === 'missing') return report({ ok: false, message: missingAzMessage(settings.azPath), args: az, actions: [openSettings('az.path')] });
  if (account.state === 'not-logged-in') return report({ ok: false, message: NOT_LOGGED_IN_MESSAGE, args: az });
  if (account.state === 'failed') return report({ ok: false, message: `\`az account show\` failed: ${account.detail}`, args: az });
  const code = await runProcessTask(`acr build ${expanded.tag} · ${registry}`, folder, settings.azPath, az, context, settings, { type: 'stagecraft-acr', dockerfile: request.uri.fsPath, target: request.target, registry });
  return { ok: code === 0, exitCode: code, args: az, executable: settings.azPath, tag: expanded.tag, message: code === 0 ? `ACR built ${registry}/${expanded.tag}` : `az acr build exited ${code}` };
}

/** Removes the containers and images Stagecraft created (found by its label), after asking. */
export async function cleanUp(_extension: Extension, options?: { confirm?: boolean }): Promise<Outcome & { containers?: number; images?: number }> {
  const blocked = untrusted();
  if (blocked) return report(blocked);
  const settings = settingsFor(vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/'));
  const docker = settings.dockerPath;
  const list = async (args: string[]) => {
    const result = await exec(docker, args, { timeoutMs: 30_000 });
    if (result.missing) throw new ArgumentError(missingDockerMessage(docker));
    if (result.code !== 0) throw new ArgumentError(`\`docker ${args.join(' ')}\` failed: ${result.stderr.trim()}`);
    return result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  };
  let containers: string[];
  let images: string[];
  try {
    containers = await list(listContainersArgs);
    images = [...new Set(await list(listImagesArgs))];
  } catch (error) {
    if (error instanceof ArgumentError) return report({ ok: false, message: error.message });
    throw error;
  }
  if (containers.length === 0 && images.length === 0) {
    void vscode.window.showInformationMessage('Stagecraft: nothing to clean up (no container or image with the label dev.stagecraft.managed=true).');
    return { ok: true, containers: 0, images: 0, message: 'nothing to clean up' };
  }
  if (options?.confirm !== false) {
    const answer = await vscode.window.showWarningMessage(`Remove ${containers.length} container(s) and ${images.length} image(s) that Stagecraft built or ran (label dev.stagecraft.managed=true)?`, { modal: true }, 'Remove');
    if (answer !== 'Remove') return { ok: false, message: 'cancelled' };
  }
  const removed = async (args: string[]) => (await exec(docker, args, { timeoutMs: 120_000 })).code === 0;
  const okContainers = containers.length === 0 || (await removed(['rm', '--force', ...containers]));
  const okImages = images.length === 0 || (await removed(['image', 'rm', '--force', ...images]));
  const message = `removed ${containers.length} container(s) and ${images.length} image(s)${okContainers && okImages ? '' : ' (some could not be removed; see `docker ps -a` / `docker images`)'}`;
  void vscode.window.showInformationMessage(`Stagecraft: ${message}.`);
  return { ok: okContainers && okImages, containers: containers.length, images: images.length, message };
}

// ---- tasks.json ----

/** Resolves `stagecraft` tasks from tasks.json into builds (the same terminal and checks as the commands). */
export function registerTaskProvider(extension: Extension): vscode.Disposable {
  buildProblems ??= vscode.languages.createDiagnosticCollection('stagecraft-build');
  extension.context.subscriptions.push(buildProblems);
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () => [],
    resolveTask(task) {
      const definition = task.definition as StagecraftTaskDefinition;
      if (typeof definition.dockerfile !== 'string') return undefined;
      const folder = task.scope && typeof task.scope === 'object' ? (task.scope as vscode.WorkspaceFolder) : vscode.workspace.workspaceFolders?.[0];
      const uri = vscode.Uri.file(resolvePath(folder, definition.dockerfile));
      const request: BuildRequest = {
        uri, target: definition.target,
        overrides: {
          tag: typeof definition.tag === 'string' ? definition.tag : undefined,
          context: typeof definition.context === 'string' ? definition.context : undefined,
          buildArgs: definition.buildArgs && typeof definition.buildArgs === 'object' ? definition.buildArgs : undefined,
          builder: definition.builder === 'buildkit' || definition.builder === 'classic' || definition.builder === 'auto' ? definition.builder : undefined,
        },
      };
      const resolved = new vscode.Task(definition, task.scope ?? vscode.TaskScope.Workspace, task.name, 'stagecraft', new vscode.CustomExecution(async () => {
        const blocked = untrusted();
        if (blocked) return failedTerminal(report(blocked).message!);
        return new BuildTerminal(extension, request);
      }), []);
      resolved.group = vscode.TaskGroup.Build;
      return resolved;
    },
  });
}

function failedTerminal(message: string): vscode.Pseudoterminal {
  const writer = new vscode.EventEmitter<string>();
  const closer = new vscode.EventEmitter<number | void>();
  return { onDidWrite: writer.event, onDidClose: closer.event, open: () => { writer.fire(crlf(`Stagecraft: ${message}\n`)); closer.fire(1); }, close: () => undefined };
}
