/**
 * Problems from failed builds, at the line the output names (source `docker build`). The extension
 * publishes them itself: a problem matcher on a CustomExecution task raced with the task's end in
 * code-server (the last line could arrive after the matcher stopped). The terminal still prints the
 * `stagecraft: error: FILE:LINE: message` line, which the contributed `$stagecraft` matcher reads.
 */
import * as vscode from 'vscode';
import type { BuildFailure } from '../buildOutput';
import type { Extension } from '../extensionApi';

let buildProblems: vscode.DiagnosticCollection | undefined;

/** Creates the collection, once; it is disposed with the extension. */
export function createBuildProblems(extension: Extension): void {
  if (buildProblems) return;
  buildProblems = vscode.languages.createDiagnosticCollection('stagecraft-build');
  extension.context.subscriptions.push(buildProblems);
}

export function setBuildProblem(uri: vscode.Uri, failure: BuildFailure | undefined): void {
  if (!buildProblems) return;
  if (!failure) {
    buildProblems.delete(uri);
    return;
  }
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(failure.line, 0, failure.line, Number.MAX_SAFE_INTEGER),
    `build failed here: ${failure.message}`,
    vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'docker build';
  buildProblems.set(uri, [diagnostic]);
}
