/**
 * "Stagecraft: New Multi-Stage Dockerfile…": asks for the stack (those the workspace's files suggest
 * first), writes `Dockerfile` from the stack's template with live placeholders, and a matching
 * `.dockerignore` when there is none. An existing file is never replaced without asking.
 */
import * as vscode from 'vscode';
import { confirmReplace, exists } from './workspaceFiles';
import type { Extension } from './extensionApi';
import { STACKS, detectStacks, dockerignoreFor, markerGlob, templateBody, type Stack } from './templates';

export interface NewDockerfileArgs {
  /** Folder URI to write into; the (picked) workspace folder when omitted. */
  folder?: string;
  /** A stack id (see templates.ts); asked for when omitted. */
  stack?: string;
  /** Tests only: answer the "overwrite?" question without a dialog. */
  overwrite?: boolean;
}

async function pickFolder(args: NewDockerfileArgs): Promise<vscode.Uri | undefined> {
  if (args.folder) return vscode.Uri.parse(args.folder);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Stagecraft: open a folder first; the Dockerfile is written into it.');
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new Dockerfile' }))?.uri;
}

async function pickStack(folder: vscode.Uri, args: NewDockerfileArgs): Promise<Stack | undefined> {
  if (args.stack) {
    const stack = STACKS.find((s) => s.id === args.stack);
    if (!stack) void vscode.window.showErrorMessage(`Stagecraft: no template for "${args.stack}".`);
    return stack;
  }
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, markerGlob()), '**/node_modules/**', 200);
  const detected = detectStacks(files.map((uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1)));
  const first = new Set(detected.map((d) => d.stack.id));
  const items = [
    ...detected.map((d) => ({ label: d.stack.label, description: `detected: ${d.because}`, stack: d.stack })),
    ...STACKS.filter((s) => !first.has(s.id)).map((stack) => ({ label: stack.label, description: '', stack })),
  ];
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Stack of the project (a multi-stage Dockerfile template)' }))?.stack;
}

export async function newDockerfile(extension: Extension, args: NewDockerfileArgs = {}): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder(args);
  if (!folder) return undefined;
  const stack = await pickStack(folder, args);
  if (!stack) return undefined;
  let snippets: Record<string, { prefix: string; body: string[] }>;
  try {
    const raw = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.context.extensionUri, 'snippets', 'dockerfile.code-snippets'));
    snippets = JSON.parse(new TextDecoder().decode(raw));
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: the templates could not be read: ${error}`);
    return undefined;
  }
  const body = templateBody(snippets, stack);
  if (!body) return undefined;
  const dockerfile = vscode.Uri.joinPath(folder, 'Dockerfile');
  if (!(await confirmReplace(dockerfile, args.overwrite, 'the template'))) return undefined;
  await vscode.workspace.fs.writeFile(dockerfile, new Uint8Array());
  const editor = await vscode.window.showTextDocument(dockerfile);
  const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
  await editor.insertSnippet(new vscode.SnippetString(body + '\n'), whole);
  await editor.document.save();
  const ignore = vscode.Uri.joinPath(folder, '.dockerignore');
  if (!(await exists(ignore))) await vscode.workspace.fs.writeFile(ignore, new TextEncoder().encode(dockerignoreFor(stack)));
  return dockerfile;
}
