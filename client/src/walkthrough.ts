/**
 * The "Get started with multi-stage builds" walkthrough (package.json `contributes.walkthroughs`):
 * the commands behind its buttons, and the context keys that check its steps off. Every command that
 * runs docker refuses in an untrusted workspace, checks first that docker and its engine answer (and
 * says what to do when not), and passes arguments as a list: no shell reads a path or a name.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildPlanResult } from '../../server/src/protocol';
import { buildTarget, buildWithBuilder } from './build/commands';
import { onDidEndBuild, type BuildEnded } from './build/events';
import { tagFor } from './build/prepare';
import { settingsFor } from './build/settings';
import type { Extension } from './extensionApi';
import { planFor } from './plans';
import { baseImages, explainPlan, sizeReport, testStage, type MeasuredBase } from './walkthroughModel';
import { checkDocker, docker, imageSize, problemOf, trusted } from './walkthroughDocker';
import { quoteArg } from './shellQuote';

export const WALKTHROUGH = 'stagecraft.stagecraft#multiStageBuilds';
/** Folder the example project is written to, inside the workspace folder. */
export const EXAMPLE_FOLDER = 'stagecraft-example';
const EXAMPLE_FILES = ['Dockerfile', 'app.sh', 'test.sh'];
/** Label on the containers the walkthrough runs, so Clean Up finds them. */
const LABEL = 'stagecraft.walkthrough=1';

/** Context keys the walkthrough's completion events wait for (`onContext:`). */
export const Keys = {
  example: 'stagecraft.walkthrough.example',
  explained: 'stagecraft.walkthrough.explained',
  builtTest: 'stagecraft.walkthrough.builtTest',
  builtDefault: 'stagecraft.walkthrough.builtDefault',
  comparedSizes: 'stagecraft.walkthrough.comparedSizes',
  builtClassic: 'stagecraft.walkthrough.builtClassic',
  ran: 'stagecraft.walkthrough.ran',
  cleanedUp: 'stagecraft.walkthrough.cleanedUp',
} as const;

const setKey = (key: string) => vscode.commands.executeCommand('setContext', key, true);

/** The Dockerfile the walkthrough works on: the last one the user had in front of them. */
let lastDockerfile: vscode.Uri | undefined;
/** Where it is kept across window reloads (the editors VS Code restores are not always there). */
const LAST_DOCKERFILE_KEY = 'stagecraft.walkthrough.dockerfile';
let workspaceState: vscode.Memento | undefined;
/** Image of the last successful default-target build, per Dockerfile path. */
const defaultImages = new Map<string, string>();
/** Every image a successful build made in this session (Clean Up removes them). */
const builtImages = new Set<string>();

function isDockerfile(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.languageId === 'dockerfile';
}

/** The Dockerfile to work on: the active or last one, else the workspace's (picked when several). */
async function findDockerfile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isDockerfile(active)) return active.uri;
  if (lastDockerfile) return lastDockerfile;
  const kept = await keptDockerfile();
  if (kept) return kept;
  const visible = vscode.window.visibleTextEditors.find((e) => isDockerfile(e.document));
  if (visible) return visible.document.uri;
  const found = await vscode.workspace.findFiles('**/{Dockerfile,Containerfile,*.dockerfile,Dockerfile.*}', '**/node_modules/**', 100);
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const picked = await vscode.window.showQuickPick(
      found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { placeHolder: 'Which Dockerfile?' },
    );
    return picked?.uri;
  }
  void vscode.window.showErrorMessage('Stagecraft: there is no Dockerfile yet. Create one or open the example (first step of the walkthrough).');
  return undefined;
}

/** The plan of a Dockerfile (plans.ts), or an error message saying it could not be read. */
async function readablePlan(extension: Extension, uri: vscode.Uri): Promise<BuildPlanResult | undefined> {
  const plan = await planFor(extension, uri);
  if (!plan) void vscode.window.showErrorMessage(`Stagecraft: ${vscode.workspace.asRelativePath(uri)} could not be read as a Dockerfile.`);
  return plan;
}

function remember(uri: vscode.Uri): void {
  lastDockerfile = uri;
  void workspaceState?.update(LAST_DOCKERFILE_KEY, uri.toString());
}

/** The Dockerfile kept from before a reload, if it is still there. */
async function keptDockerfile(): Promise<vscode.Uri | undefined> {
  const kept = workspaceState?.get<string>(LAST_DOCKERFILE_KEY);
  if (typeof kept !== 'string') return undefined;
  const uri = vscode.Uri.parse(kept);
  try {
    await vscode.workspace.fs.stat(uri);
    return uri;
  } catch {
    return undefined; // deleted or moved meanwhile: find one as usual
  }
}

/** Records a finished build: its image, and the walkthrough steps it completes. */
function recordBuild(event: BuildEnded): void {
  if (!event.ok || !event.tag) return;
  builtImages.add(event.tag);
  remember(vscode.Uri.file(event.dockerfile));
  if (event.target === undefined) {
    defaultImages.set(event.dockerfile, event.tag);
    void setKey(Keys.builtDefault);
  } else if (event.target.toLowerCase() === 'test') {
    void setKey(Keys.builtTest);
  }
}

/** Step 1: the base / build / test / final example, written into the workspace folder and opened. */
export async function openExample(extension: Extension): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the example' });
  if (!folder) {
    if (folders.length === 0) void vscode.window.showErrorMessage('Stagecraft: open a folder first; the example is written into it.');
    return undefined;
  }
  const target = vscode.Uri.joinPath(folder.uri, EXAMPLE_FOLDER);
  for (const name of EXAMPLE_FILES) {
    const to = vscode.Uri.joinPath(target, name);
    try {
      await vscode.workspace.fs.stat(to);
      continue;
    } catch {
      /* missing: write it */
    }
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.context.extensionUri, 'media', 'example', name), to);
  }
  const dockerfile = vscode.Uri.joinPath(target, 'Dockerfile');
  await vscode.window.showTextDocument(dockerfile, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  remember(dockerfile);
  await setKey(Keys.example);
  return dockerfile;
}

/** Step 2: what the default target builds and skips, in plain words, next to the Outline. */
export async function explainTarget(extension: Extension): Promise<string | undefined> {
  const uri = await findDockerfile();
  if (!uri) return undefined;
  const plan = await readablePlan(extension, uri);
  if (!plan) return undefined;
  remember(uri);
  // Where the Dockerfile is already shown, there; else beside the walkthrough.
  const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  // The Dockerfile, the Outline, then the Dockerfile's text focused again. The Outline follows the
  // active editor: shown while the walkthrough page was active it said "The active editor cannot
  // provide outline information" and kept saying it. And VS Code asks for an editor's lenses after a
  // short delay that a blur of its text cancels (until it has the focus again or is edited): leaving
  // the focus in the Outline left the Dockerfile without lenses until the user clicked into it.
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside, preview: false });
  await vscode.commands.executeCommand('outline.focus');
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preview: false });
  const text = explainPlan(plan);
  void vscode.window.showInformationMessage(`Stagecraft: ${text}`);
  await setKey(Keys.explained);
  return text;
}

export interface WalkthroughBuildArgs {
  /** `test`: the stage named test; `default` (or omitted): the default target. */
  stage?: 'test' | 'default';
  /** Omitted: the normal Build command. `classic` / `buildkit`: DOCKER_BUILDKIT=0 / 1 for this build. */
  builder?: 'classic' | 'buildkit';
}

/** Steps 3 and 5: build the test or the default target of the walkthrough's Dockerfile. */
export async function walkthroughBuild(extension: Extension, args: WalkthroughBuildArgs = {}): Promise<number | undefined> {
  if (!trusted()) return undefined;
  const uri = await findDockerfile();
  if (!uri || !(await checkDocker(false))) return undefined;
  const plan = await readablePlan(extension, uri);
  if (!plan) return undefined;
  remember(uri);
  let target: string | undefined;
  if (args.stage === 'test') {
    target = testStage(plan);
    if (!target) {
      void vscode.window.showErrorMessage(
        `Stagecraft: ${vscode.workspace.asRelativePath(uri)} has no stage named test. Add one (type stage-test in the Dockerfile) or open the example.`,
      );
      return undefined;
    }
  }
  if (!args.builder) {
    const outcome = await buildTarget(extension, { uri: uri.toString(), target }, false);
    return outcome === undefined ? undefined : outcome.ok ? 0 : (outcome.exitCode ?? 1);
  }
  return builderBuild(extension, uri, plan, args.builder);
}

/** A build of the default target with one builder for this build only (the Build command, its terminal and checks). */
async function builderBuild(extension: Extension, uri: vscode.Uri, plan: BuildPlanResult, builder: 'classic' | 'buildkit'): Promise<number | undefined> {
  const outcome = await buildWithBuilder(extension, uri, undefined, builder);
  const name = builder === 'classic' ? 'classic builder' : 'BuildKit';
  if (!outcome.ok) {
    const hint = builder === 'classic' ? ' The classic builder does not know BuildKit-only syntax (RUN --mount, heredocs, COPY --link).' : '';
    if (outcome.exitCode !== undefined)
      void vscode.window.showErrorMessage(`Stagecraft: the build with the ${name} failed (exit ${outcome.exitCode}). See the terminal.${hint}`);
    return outcome.exitCode ?? 1;
  }
  const labels = (indices: number[]) => indices.map((i) => plan.stages[i].label).join(', ');
  if (builder === 'classic') {
    await setKey(Keys.builtClassic);
    void vscode.window.showInformationMessage(
      `Stagecraft: the classic builder ran every stage up to the target, one after another: ${labels(plan.classic)} (${plan.classic.length} of ${plan.stages.length}). Each "Step n/m" in the terminal is one instruction. BuildKit builds only ${labels(plan.buildkit)}.`,
    );
  } else {
    void vscode.window.showInformationMessage(
      `Stagecraft: BuildKit built only what the target needs: ${labels(plan.buildkit)} (${plan.buildkit.length} of ${plan.stages.length} stages).`,
    );
  }
  return 0;
}

/** The image of the Dockerfile's default target: the last one built, else the name Build gives it. */
function defaultImage(uri: vscode.Uri): string | undefined {
  return defaultImages.get(uri.fsPath);
}

/** Step 4: the built default-target image against the base images its stages start from. */
export async function compareSizes(extension: Extension): Promise<string | undefined> {
  if (!trusted()) return undefined;
  const uri = await findDockerfile();
  if (!uri || !(await checkDocker(false))) return undefined;
  const plan = await readablePlan(extension, uri);
  if (!plan) return undefined;
  const ref = defaultImage(uri);
  if (!ref) {
    void vscode.window.showErrorMessage('Stagecraft: build the default target first (step 3), then compare its size.');
    return undefined;
  }
  try {
    const size = await imageSize(ref);
    if (size === undefined) {
      void vscode.window.showErrorMessage(`Stagecraft: build the default target first: the engine has no image ${ref} yet.`);
      return undefined;
    }
    const bases: MeasuredBase[] = [];
    for (const base of baseImages(plan)) bases.push({ ...base, size: await imageSize(base.image) });
    const report = sizeReport({ ref, size }, bases);
    void vscode.window.showInformationMessage(`Stagecraft: ${report}`);
    await setKey(Keys.comparedSizes);
    return report;
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: ${problemOf(error).message}`);
    return undefined;
  }
}

/**
 * Step 6: runs the default target's image detached with PORT=<a high port> for the app, that port
 * exposed and every exposed port published on a free host port (-P), labelled for Clean Up.
 */
export async function runImage(): Promise<string | undefined> {
  if (!trusted()) return undefined;
  const uri = await findDockerfile();
  if (!uri || !(await checkDocker(false))) return undefined;
  const ref = defaultImage(uri);
  if (!ref) {
    void vscode.window.showErrorMessage('Stagecraft: build the default target first (step 3), then run it.');
    return undefined;
  }
  const port = await vscode.window.showInputBox({
    title: 'Port the app listens on inside the container',
    value: '18080',
    ignoreFocusOut: true, // a click back into the walkthrough must not cancel it
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1024 && Number(v) <= 65535 ? undefined : 'A port from 1024 to 65535'),
  });
  if (!port) return undefined;
  try {
    if ((await imageSize(ref)) === undefined) {
      void vscode.window.showErrorMessage(`Stagecraft: build the default target first: the engine has no image ${ref} yet.`);
      return undefined;
    }
    const id = (await docker(['run', '-d', '--label', LABEL, '-e', `PORT=${port}`, '--expose', port, '-P', ref])).stdout.trim();
    const short = id.slice(0, 12);
    const ports = (await docker(['port', id]).catch(() => ({ stdout: '' }))).stdout.trim().split('\n').filter(Boolean);
    await setKey(Keys.ran);
    const text = ports.length
      ? `container ${short} runs ${ref} with PORT=${port}; published: ${ports.join(', ')} (container port -> host address). Clean up when done.`
      : `container ${short} ran ${ref} with PORT=${port} and has already stopped, so nothing stays published (this app does not serve). "docker logs ${short}" shows its output. Clean up when done.`;
    void vscode.window.showInformationMessage(`Stagecraft: ${text}`);
    return text;
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: ${problemOf(error).message}`);
    return undefined;
  }
}

/** Step 6: removes the containers the walkthrough ran and the images built in this session. */
export async function cleanUp(): Promise<string | undefined> {
  if (!trusted() || !(await checkDocker(false))) return undefined;
  try {
    const containers = (await docker(['ps', '-aq', '--filter', `label=${LABEL}`])).stdout.split('\n').filter(Boolean);
    const images = [...builtImages];
    if (containers.length + images.length === 0) {
      void vscode.window.showInformationMessage('Stagecraft: nothing to clean up: no walkthrough containers, no images built in this session.');
      await setKey(Keys.cleanedUp);
      return '';
    }
    const what = `${containers.length} container(s) and ${images.length} image(s)${images.length ? ` (${images.join(', ')})` : ''}`;
    const answer = await vscode.window.showWarningMessage(`Remove ${what}?`, { modal: true }, 'Remove');
    if (answer !== 'Remove') return undefined;
    if (containers.length) await docker(['rm', '-f', ...containers]);
    for (const image of images) {
      await docker(['image', 'rm', image]).catch(() => undefined); // already gone, or used by a container the user made
      builtImages.delete(image);
    }
    defaultImages.clear();
    await setKey(Keys.cleanedUp);
    void vscode.window.showInformationMessage(`Stagecraft: removed ${what}. Cached build layers stay until "docker builder prune".`);
    return what;
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: ${problemOf(error).message}`);
    return undefined;
  }
}

/** Step 7 (optional): the same build in Azure Container Registry, as a command line to copy. Runs nothing. */
export async function acrCommand(extension: Extension): Promise<string | undefined> {
  const uri = await findDockerfile();
  if (!uri) return undefined;
  const plan = await readablePlan(extension, uri);
  const target = plan?.defaultTarget !== undefined ? plan.stages[plan.defaultTarget]?.name : undefined;
  // The image a build of the default target makes (built or not yet), as Build would name it.
  const tag = defaultImage(uri) ?? (await tagFor({ uri }, settingsFor(uri), vscode.workspace.getWorkspaceFolder(uri), target ?? 'latest'));
  const image = typeof tag === 'string' ? tag : `app:${target ?? 'latest'}`;
  const file = path.basename(uri.fsPath);
  const buildArgFlags = Object.entries(vscode.workspace.getConfiguration('stagecraft', uri).get<Record<string, string>>('buildArgs') ?? {}).flatMap(
    ([k, v]) => ['--build-arg', `${k}=${v}`],
  );
  const args = [
    'az',
    'acr',
    'build',
    '--registry',
    '<registry-name>',
    '--image',
    image,
    ...(target ? ['--target', target] : []),
    ...buildArgFlags,
    '--file',
    file,
    '.',
  ];
  // POSIX quoting (shellQuote.ts), for a command line the user copies: nothing here runs it.
  const quote = (arg: string) => quoteArg(arg, 'posix');
  const line = `cd ${quote(path.dirname(uri.fsPath))} && ${args.map((a) => (a === '<registry-name>' ? a : quote(a))).join(' ')}`;
  const answer = await vscode.window.showInformationMessage(`Stagecraft: in Azure Container Registry (after "az login"): ${line}`, 'Copy');
  if (answer === 'Copy') await vscode.env.clipboard.writeText(line);
  return line;
}

/** "Stagecraft: Get Started with Multi-Stage Builds". */
export function openWalkthrough(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
}

/** Listeners: the last Dockerfile in front of the user, and builds finished anywhere (lenses too). */
export function activateWalkthrough(extension: Extension): void {
  workspaceState = extension.context.workspaceState;
  const track = (editor: vscode.TextEditor | undefined) => {
    if (editor && isDockerfile(editor.document)) remember(editor.document.uri);
  };
  track(vscode.window.activeTextEditor);
  extension.context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(track), onDidEndBuild(recordBuild));
}
