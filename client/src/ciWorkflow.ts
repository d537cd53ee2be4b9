/**
 * "Stagecraft: Add CI Workflow…": asks for GitHub Actions or Azure Pipelines and the Dockerfile
 * (the active one, else a pick when the workspace has several), writes the template from docs/ci
 * with the Dockerfile's path, folder and test stage filled in (ciTemplates.ts), and opens it. An
 * existing file is never replaced without asking.
 */
import * as vscode from 'vscode';
import { confirmReplace } from './workspaceFiles';
import type { Extension } from './extensionApi';
import { CI_TEMPLATES, fillTemplate, valuesFor, type CiTemplate } from './ciTemplates';

export interface AddCiWorkflowArgs {
  /** `github` or `azure`; asked for when omitted. */
  ci?: string;
  /** URI of the Dockerfile the pipeline builds; the active or a picked one when omitted. */
  dockerfile?: string;
  /** Tests only: answer the "replace?" question without a dialog. */
  overwrite?: boolean;
}

const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.dockerfile,*.Dockerfile}';

async function pickTemplate(args: AddCiWorkflowArgs): Promise<CiTemplate | undefined> {
  if (args.ci) {
    const template = CI_TEMPLATES.find((t) => t.id === args.ci);
    if (!template) void vscode.window.showErrorMessage(`Stagecraft: no CI template "${args.ci}" (github or azure).`);
    return template;
  }
  const items = CI_TEMPLATES.map((template) => ({ label: template.label, description: template.target, detail: template.detail, template }));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'CI system for the workflow' }))?.template;
}

/** The Dockerfile: the argument, the active editor's, the only one in the workspace, or a pick; null when none exists. */
async function pickDockerfile(args: AddCiWorkflowArgs): Promise<vscode.Uri | null | undefined> {
  if (args.dockerfile) return vscode.Uri.parse(args.dockerfile);
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dockerfile' && !active.isUntitled && vscode.workspace.getWorkspaceFolder(active.uri)) return active.uri;
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 200);
  if (found.length === 0) return null;
  if (found.length === 1) return found[0];
  found.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));
  const items = found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Dockerfile the pipeline builds' }))?.uri;
}

export async function addCiWorkflow(extension: Extension, args: AddCiWorkflowArgs = {}): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showErrorMessage('Stagecraft: open a folder first; the workflow is written into it.');
    return undefined;
  }
  const template = await pickTemplate(args);
  if (!template) return undefined;
  const dockerfile = await pickDockerfile(args);
  if (dockerfile === undefined) return undefined;
  const folder = dockerfile ? vscode.workspace.getWorkspaceFolder(dockerfile) : vscode.workspace.workspaceFolders[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Stagecraft: the Dockerfile is outside the workspace folders.');
    return undefined;
  }
  let text: string;
  try {
    const raw = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.context.extensionUri, ...template.source.split('/')));
    const dockerfileText = dockerfile ? (await vscode.workspace.openTextDocument(dockerfile)).getText() : undefined;
    const relative = dockerfile ? dockerfile.path.slice(folder.uri.path.replace(/\/$/, '').length + 1) : undefined;
    text = fillTemplate(new TextDecoder().decode(raw), valuesFor(relative, dockerfileText));
  } catch (error) {
    void vscode.window.showErrorMessage(`Stagecraft: the ${template.label} template could not be written: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
  const target = vscode.Uri.joinPath(folder.uri, ...template.target.split('/'));
  if (!(await confirmReplace(target, args.overwrite, 'the Stagecraft template'))) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text)); // creates .github/workflows
  await vscode.window.showTextDocument(target);
  return target;
}
