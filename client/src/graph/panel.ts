/**
 * "Stagecraft: Show Stage Graph": one webview panel per Dockerfile, beside its editor. The panel asks
 * the server for the build plan (`stagecraft/buildPlan`) when it opens, when the user picks a target
 * and, debounced, while the user types; the webview draws it. Reveal and build requests from the
 * webview are checked here again (stage index in range, trust, stage name) before anything runs.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, type BuildPlanResult, type TargetCommandArgs } from '../../../server/src/protocol';
import type { Extension } from '../extensionApi';
import { planFor } from '../plans';
import type { GraphPlan } from './graph';
import { graphPage } from './html';
import type { ToExtension, ToWebview } from './messages';

export const VIEW_TYPE = 'stagecraft.stageGraph';
const DEBOUNCE_MS = 250;

const panels = new Map<string, StageGraphPanel>();

export async function showStageGraph(extension: Extension, resource?: unknown): Promise<void> {
  const uri =
    resource instanceof vscode.Uri ? resource : typeof resource === 'string' ? vscode.Uri.parse(resource) : vscode.window.activeTextEditor?.document.uri;
  const document =
    uri &&
    (await vscode.workspace.openTextDocument(uri).then(
      (d) => d,
      () => undefined,
    ));
  if (!uri || !document || document.languageId !== 'dockerfile') {
    void vscode.window.showErrorMessage('Stagecraft: open a Dockerfile to show its stage graph.');
    return;
  }
  const existing = panels.get(uri.toString());
  if (existing) existing.reveal();
  else panels.set(uri.toString(), new StageGraphPanel(extension, document));
}

class StageGraphPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly uri: string;
  private target: number | undefined;
  private plan: BuildPlanResult | null = null;
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;

  constructor(
    private readonly extension: Extension,
    document: vscode.TextDocument,
  ) {
    this.uri = document.uri.toString();
    const dist = vscode.Uri.joinPath(extension.context.extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Stages: ${path.basename(document.uri.path)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [dist],
      },
    );
    const webview = this.panel.webview;
    webview.html = graphPage({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'graph.js')).toString(),
      title: `Stages: ${path.basename(document.uri.path)}`,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: ToExtension) => this.onMessage(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === this.uri) this.schedule();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /**
   * Asks the server again (plans.ts); an answer to an older question is dropped, and one for an older
   * version than the editor's is shown and asked again, up to `retries` times (it follows typing).
   */
  private async refresh(retries = 5): Promise<void> {
    const sequence = ++this.sequence;
    const plan = (await planFor(this.extension, vscode.Uri.parse(this.uri), this.target)) ?? null;
    if (sequence !== this.sequence) return;
    if (plan && this.target !== undefined && plan.target === undefined) {
      // The chosen stage is gone (deleted or renumbered while typing): follow the default target.
      this.target = undefined;
      return this.refresh(retries);
    }
    // The server answers for the version it has; one that is behind the editor is asked again.
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri);
    if (plan && document && plan.version < document.version && retries > 0) {
      this.plan = plan;
      this.post();
      this.timer = setTimeout(() => void this.refresh(retries - 1), DEBOUNCE_MS);
      return;
    }
    this.plan = plan;
    this.post();
  }

  private post(): void {
    const message: ToWebview = { type: 'plan', plan: this.plan as GraphPlan | null, target: this.target, trusted: vscode.workspace.isTrusted };
    void this.panel.webview.postMessage(message);
  }

  private stage(index: unknown) {
    return typeof index === 'number' ? this.plan?.stages.find((stage) => stage.index === index) : undefined;
  }

  private async onMessage(message: ToExtension): Promise<void> {
    switch (message?.type) {
      case 'ready':
      case 'target':
        this.target = typeof message.target === 'number' && Number.isInteger(message.target) && message.target >= 0 ? message.target : undefined;
        await this.refresh();
        return;
      case 'reveal': {
        const stage = this.stage(message.stage);
        if (!stage) return;
        const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === this.uri);
        const start = new vscode.Position(stage.range.start.line, stage.range.start.character);
        const editor = await vscode.window.showTextDocument(vscode.Uri.parse(this.uri), {
          viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
          selection: new vscode.Range(start, start),
        });
        editor.revealRange(
          new vscode.Range(start, new vscode.Position(stage.range.end.line, stage.range.end.character)),
          vscode.TextEditorRevealType.InCenterIfOutsideViewport,
        );
        return;
      }
      case 'build': {
        const stage = this.stage(message.stage);
        if (!stage || !vscode.workspace.isTrusted) return;
        if (stage.name === undefined && stage.index !== this.plan?.defaultTarget) return;
        const args: TargetCommandArgs = {
          uri: this.uri,
          target: stage.index === this.plan?.defaultTarget && stage.name === undefined ? undefined : stage.name,
        };
        await vscode.commands.executeCommand(Commands.buildTarget, args);
        return;
      }
      default:
        return;
    }
  }

  private dispose(): void {
    clearTimeout(this.timer);
    panels.delete(this.uri);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
