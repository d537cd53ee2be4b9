/**
 * The terminal of one build (a CustomExecution task's pseudoterminal): it shows which stages the
 * chosen builder runs, what the build context sends (counted by the server), and the command line as the user's shell would read it, runs docker with the
 * argument list (`spawn`, no shell), keeps the output to find the failing line, and after a
 * successful build reads and shows the image's size. It tells the server how the build ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildResultNotification, ContextSizeRequest, LayerHistoryNotification, type BuildResultParams } from '../../../server/src/protocol';
import { failureSummary, findFailure, problemLine } from '../buildOutput';
import type { Extension } from '../extensionApi';
import { sizeMessage, type SizeReport } from '../results';
import { commandLine, shellKind, UnquotableError } from '../shellQuote';
import { builtImage, imageSize, largestLocalBase } from './baseImage';
import { readImageLayers } from './layerHistory';
import { report, type Failure, type Outcome } from './outcome';
import { prepare, type Prepared } from './prepare';
import { builderLine, builderName } from './builder';
import { platformLine } from './destination';
import { setBuildProblem } from './problems';
import type { BuildRequest } from './request';

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

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** How long the header waits for the server's count of the build context (it is usually cached by then). */
const CONTEXT_WAIT_MS = 3_000;

/**
 * What the build context sends (`build context: 1,037 files, 2.0 MB (after .dockerignore; …)`), as
 * the server counts it: the client never reads the folder. Undefined when the server does not answer
 * in time or cannot read the folder.
 */
async function contextSummary(extension: Extension, prepared: Prepared): Promise<string | undefined> {
  const params = { uri: prepared.request.uri.toString(), context: vscode.Uri.file(prepared.spec.context).toString() };
  const answer = extension.client.sendRequest(ContextSizeRequest.type, params).catch(() => null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CONTEXT_WAIT_MS);
  });
  const result = await Promise.race([answer, late]);
  clearTimeout(timer);
  return result && !result.error ? result.summary : undefined;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;
const boldRed = (text: string) => `\x1b[1;31m${text}\x1b[0m`;

/**
 * VS Code counts a terminal that exits with a non-zero code within 500 ms of its creation as one
 * that "failed to launch" (ErrorLaunchThresholdDuration in terminalProcessManager.ts; parseExitResult
 * in terminalInstance.ts then says "The terminal process failed to launch (exit code: 1)"), which a
 * build refused at once (a parse error, RUN --mount on the classic builder) is not. Closing no sooner
 * than this after open() makes VS Code say "terminated with exit code: 1" under our own last line.
 * The exit code stays the build's, so a task that depends on the build (preLaunchTask, dependsOn)
 * still sees it fail.
 */
const LAUNCH_WINDOW_MS = 600;

/** Fires `close` with the code, but not before LAUNCH_WINDOW_MS after `openedAt`. */
function closeAfterLaunchWindow(openedAt: number, close: () => void): void {
  const wait = LAUNCH_WINDOW_MS - (Date.now() - openedAt);
  if (wait > 0) setTimeout(close, wait);
  else close();
}

/**
 * The terminal of one build: prints the plan and the command, runs docker with the argument list,
 * keeps the output, and after the exit reads the result. `outcome` resolves when all that is done.
 */
export class BuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;
  private output = '';
  private openedAt = Date.now();
  /** The editor had unsaved changes when docker started: it built the file on disk. */
  private unsaved = false;
  private resolve!: (outcome: Outcome) => void;
  readonly outcome = new Promise<Outcome>((resolve) => {
    this.resolve = resolve;
  });

  constructor(
    private readonly extension: Extension,
    private readonly request: BuildRequest,
    private prepared?: Prepared,
    private readonly started = Date.now(),
  ) {}

  private write(text: string): void {
    this.writer.fire(crlf(text));
  }

  open(): void {
    this.openedAt = Date.now();
    void this.run();
  }

  close(): void {
    this.child?.kill('SIGTERM');
  }

  handleInput(data: string): void {
    if (data === '\x03') this.child?.kill('SIGINT');
  }

  private finish(code: number, outcome: Outcome): void {
    this.resolve(outcome);
    if (code === 0) this.closer.fire(code);
    else closeAfterLaunchWindow(this.openedAt, () => this.closer.fire(code));
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
    let headerText = '';
    const header = (text: string) => {
      headerText += text;
      this.write(text);
    };
    const targetText = p.request.target ? `target \`${p.request.target}\`` : `the default target \`${p.plan.stages[p.plan.target!].label}\``;
    header(`${bold(`Stagecraft: building ${targetText} of ${vscode.workspace.asRelativePath(p.spec.dockerfile)} as ${p.spec.tag}`)}\n`);
    header(`${builderLine(p.decision, p.probe)}\n`);
    const platform = platformLine(p.platforms);
    if (platform) header(`${platform}\n`);
    const uses = p.decision.builder === 'classic' ? (p.plan.needsBuildKit ?? []) : [];
    if (uses.length) header(`needs BuildKit, which the classic builder refuses: ${uses.map((u) => `line ${u.line + 1} ${u.feature}`).join(', ')}\n`);
    const context = await contextSummary(this.extension, p);
    if (context) header(`${context}\n`);
    header(
      `${capitalized(builderName(p.decision.builder))} runs ${p.planned.length} of ${p.plan.stages.length} stage${p.plan.stages.length === 1 ? '' : 's'}: ${p.planned.join(', ')}${p.skipped.length ? ` (skips ${p.skipped.join(', ')})` : ''}\n`,
    );
    header(`$ ${shownCommand(p)}\n\n`);
    this.unsaved = vscode.workspace.textDocuments.some((d) => d.uri.toString() === p.request.uri.toString() && d.isDirty);
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
      child.once('error', (error) => {
        this.output += String(error);
        this.write(`\n${error.message}\n`);
        resolve(127);
      });
      child.once('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1)));
    });
    this.child = undefined;
    const outcome: Outcome = {
      ok: code === 0,
      exitCode: code,
      tag: p.spec.tag,
      args: p.args,
      executable: p.settings.dockerPath,
      builder: p.decision.builder,
      plannedStages: p.planned,
      output: this.output,
      header: headerText,
    };
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
    const image = await builtImage(p.settings.dockerPath, p.spec.tag, p.env, p.destination);
    if (image === undefined) {
      this.write(`\nStagecraft: built ${p.spec.tag}, but \`docker image inspect\` could not read its size.\n`);
      notifyServer(this.extension, { uri: p.request.uri.toString(), target: p.request.target, ok: true, finishedAt: Date.now() });
      return;
    }
    const { size, platform } = image;
    const report: SizeReport = {
      tag: p.spec.tag,
      size,
      platform,
      base: await largestLocalBase(p.plan, p.decision.builder, (image) => imageSize(p.settings.dockerPath, image, p.env, p.destination)),
    };
    outcome.sizeBytes = size;
    outcome.size = report;
    outcome.message = sizeMessage(report);
    this.write(`\n${bold(`Stagecraft: ${outcome.message}`)}\n`);
    const finishedAt = Date.now();
    notifyServer(this.extension, { uri: p.request.uri.toString(), target: p.request.target, ok: true, finishedAt, sizeBytes: size, platform });
    void vscode.window.showInformationMessage(`Stagecraft: ${outcome.message}`);
    await this.sendLayers(p, finishedAt);
  }

  /** The image's history for the server, which maps it on the target's instructions (layer sizes beside them). */
  private async sendLayers(p: Prepared, finishedAt: number): Promise<void> {
    const layers = await readImageLayers(p.settings.dockerPath, p.spec.tag, p.plan, p.env, p.destination).catch(() => undefined);
    if (!layers) return;
    const uri = p.request.uri.toString();
    const params = {
      uri,
      target: p.request.target,
      tag: p.spec.tag,
      builder: p.decision.builder,
      finishedAt,
      planVersion: p.plan.version,
      unsaved: this.unsaved,
      ...layers,
    };
    void this.extension.client.sendNotification(LayerHistoryNotification.type, params).catch(() => undefined);
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
    this.write(`\n${boldRed(failureSummary(vscode.workspace.asRelativePath(p.spec.dockerfile), outcome.exitCode ?? 1, failure))}\n`);
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

/** A terminal that only says why nothing ran (an untrusted workspace) and ends with exit code 1. */
export function failedTerminal(message: string): vscode.Pseudoterminal {
  const writer = new vscode.EventEmitter<string>();
  const closer = new vscode.EventEmitter<number | void>();
  return {
    onDidWrite: writer.event,
    onDidClose: closer.event,
    open: () => {
      writer.fire(crlf(`Stagecraft: ${message}\n`));
      closeAfterLaunchWindow(Date.now(), () => closer.fire(1));
    },
    close: () => undefined,
  };
}
