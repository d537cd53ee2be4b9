/**
 * The status-bar item that says where builds go (docker context and its engine, buildx builder when
 * one is chosen) and, on a click, switches between them: a quick pick from `docker context ls` and,
 * when buildx is there, `docker buildx ls`. Shown for Dockerfiles in trusted workspaces only (it runs
 * docker). The choice is kept per workspace folder (destinationStore.ts).
 */
import * as vscode from 'vscode';
import type { Extension } from '../extensionApi';
import { exec } from '../preflight';
import { describeDestination, engineLabel, isMultiPlatform, parseBuildxList, parseContextList, type Destination, type DockerContext } from './destination';
import { destinationFor, onDidChangeDestination, setDestination } from './destinationStore';
import { settingsFor } from './settings';
import { untrusted } from './trustGate';

export const CHOOSE_DESTINATION_COMMAND = 'stagecraft.chooseDestination';

function currentUri(): vscode.Uri | undefined {
  return vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function listContexts(docker: string): Promise<DockerContext[] | string> {
  // `{{json .}}` rather than `json`: docker 20.10 prints the word "json" for the latter.
  const result = await exec(docker, ['context', 'ls', '--format', '{{json .}}'], { timeoutMs: 20_000 });
  if (result.missing) return `the docker CLI was not found ("${docker}"); set stagecraft.docker.path.`;
  if (result.code !== 0) return `\`docker context ls\` failed: ${result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`}`;
  return parseContextList(result.stdout);
}

/** The item: `$(server-environment) context (engine) · builder`, refreshed on a new editor, trust or choice. */
export function registerDestinationStatus(extension: Extension): void {
  const item = vscode.window.createStatusBarItem('stagecraft.destination', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Stagecraft: where builds go';
  item.command = CHOOSE_DESTINATION_COMMAND;
  let endpoints: Map<string, string> | undefined;
  const refresh = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!vscode.workspace.isTrusted || editor?.document.languageId !== 'dockerfile') {
      item.hide();
      return;
    }
    const destination = destinationFor(editor.document.uri);
    if (!endpoints) {
      const listed = await listContexts(settingsFor(editor.document.uri).dockerPath);
      endpoints = new Map();
      for (const c of typeof listed === 'string' ? [] : listed) {
        endpoints.set(c.name, c.endpoint);
        if (c.current) endpoints.set('', c.endpoint); // no choice: docker's current context
      }
    }
    const engine = endpoints.get(destination.context ?? '');
    item.text = `$(server-environment) ${describeDestination(destination, engineLabel(engine))}`;
    item.tooltip = `Stagecraft builds, runs and cleans up on ${describeDestination(destination, engine)}. Click to choose a docker context or buildx builder.`;
    item.show();
  };
  extension.context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refresh()),
    onDidChangeDestination(() => {
      endpoints = undefined;
      void refresh();
    }),
  );
  void refresh();
}

type Choice = vscode.QuickPickItem & { destination?: Destination };

/** The quick pick of contexts and builders; returns the chosen destination (undefined: dismissed). */
export async function chooseDestination(): Promise<Destination | undefined> {
  const blocked = untrusted();
  if (blocked) {
    void vscode.window.showErrorMessage(`Stagecraft: ${blocked.message}`);
    return undefined;
  }
  const uri = currentUri();
  const docker = settingsFor(uri ?? vscode.Uri.file('/')).dockerPath;
  const now = destinationFor(uri);
  const contexts = await listContexts(docker);
  if (typeof contexts === 'string') {
    void vscode.window.showErrorMessage(`Stagecraft: ${contexts}`);
    return undefined;
  }
  const items: Choice[] = [{ label: 'Docker contexts', kind: vscode.QuickPickItemKind.Separator }];
  for (const c of contexts)
    items.push({
      label: `${c.name === now.context || (!now.context && c.current) ? '$(check) ' : ''}${c.name}`,
      description: c.endpoint + (c.current ? ' (docker’s current)' : ''),
      detail: c.error ? `error: ${c.error}` : c.description || undefined,
      // docker's current context is no choice: builds follow `docker context use` and DOCKER_HOST again.
      destination: { context: c.current ? undefined : c.name, builder: now.builder },
    });
  const buildx = await exec(docker, [...(now.context ? [`--context=${now.context}`] : []), 'buildx', 'ls'], { timeoutMs: 30_000 });
  if (buildx.code === 0) {
    items.push({ label: 'buildx builders', kind: vscode.QuickPickItemKind.Separator });
    for (const b of parseBuildxList(buildx.stdout))
      items.push({
        label: `${b.name === now.builder || (!now.builder && b.current) ? '$(check) ' : ''}${b.name}`,
        description: `${b.driver}${isMultiPlatform(b) ? ', several platforms at once' : ''}${b.current ? ' (buildx’s current)' : ''}`,
        detail: b.platforms.join(', ') || undefined,
        destination: { context: now.context, builder: b.current ? undefined : b.name },
      });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Where Stagecraft builds (this workspace folder)',
    placeHolder: `now: ${describeDestination(now)}`,
    matchOnDescription: true,
  });
  if (!picked?.destination) return undefined;
  await setDestination(uri, picked.destination);
  return picked.destination;
}
