/** The extension in a real VS Code, through the VS Code API only. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test, waitFor } from './harness';
import { decideBuilder } from '../../client/src/build/builder';
import { probeDocker } from '../../client/src/preflight';

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const file = (...path: string[]) => vscode.Uri.joinPath(folder(), ...path);
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'stagecraft');

async function open(...path: string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(file(...path));
  return vscode.window.showTextDocument(document);
}

function positionOf(document: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `${needle} not in ${document.uri.path}`);
  return document.positionAt(index + delta);
}

/**
 * Resolves with this file's stagecraft diagnostics once `accept` holds: checks now, then on every
 * `onDidChangeDiagnostics` for the file; rejects after `timeoutMs` with what was last seen.
 */
function diagnosticsOf(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, message: string, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = ours(uri);
      if (!accept(current)) return false;
      done();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`waited ${timeoutMs} ms: ${message}; last: ${JSON.stringify(ours(uri))}`));
    }, timeoutMs);
    function done() {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

/** The server answers once it is running: ask until the outline has the stages. */
async function symbolsOf(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  return waitFor(async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    return symbols?.length ? symbols : undefined;
  }, `no symbols for ${uri.path}`);
}

test('the extension activates when a Dockerfile is opened', async () => {
  const extension = vscode.extensions.getExtension('stagecraft.stagecraft');
  assert.ok(extension, 'stagecraft.stagecraft is not installed');
  await open('Dockerfile');
  await waitFor(() => extension.isActive, 'extension did not activate');
});

test('Dockerfile, *.dockerfile, Dockerfile.* and Containerfile are Dockerfiles', async () => {
  for (const name of ['Dockerfile', 'names/app.dockerfile', 'names/Dockerfile.prod', 'names/Containerfile']) {
    const document = await vscode.workspace.openTextDocument(file(...name.split('/')));
    assert.equal(document.languageId, 'dockerfile', name);
  }
});

test('the server reports a broken Dockerfile, and clears the error when it is fixed', async () => {
  const editor = await open('broken', 'Dockerfile');
  const uri = editor.document.uri;
  const diagnostics = await diagnosticsOf(uri, (d) => d.length > 0, 'no stagecraft diagnostics');
  assert.ok(
    diagnostics.some((d) => d.range.start.line === 3 && d.severity === vscode.DiagnosticSeverity.Error),
    JSON.stringify(diagnostics),
  );
  const line = editor.document.lineAt(3);
  await editor.edit((edit) => edit.replace(line.range, 'EXPOSE 8080'));
  // Advice from the rules (information) may stay: the errors must go.
  await diagnosticsOf(uri, (d) => !d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'the error was not cleared after the fix');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('the outline shows stages with their instructions', async () => {
  const editor = await open('Dockerfile');
  const symbols = await symbolsOf(editor.document.uri);
  const stages = symbols.filter((s) => s.kind === vscode.SymbolKind.Class);
  assert.deepEqual(
    stages.map((s) => s.name),
    ['base', 'build', 'test', 'final'],
  );
  assert.equal(stages[3].detail, 'FROM scratch');
  assert.ok(stages[1].children.some((c) => c.name === 'RUN'));
});

/** The lens titles once `accept` takes them (settings and the builder reach the server asynchronously). */
async function lensTitlesWhen(uri: vscode.Uri, accept: (titles: string[]) => boolean, message: string): Promise<string[]> {
  return waitFor(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    return accept(titles) ? titles : undefined;
  }, message);
}

test('CodeLens: build each named target, the default target on its own FROM; the test stage is skipped by BuildKit for the default target', async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const config = vscode.workspace.getConfiguration('stagecraft', editor.document.uri);
  await config.update('build.builder', 'buildkit', vscode.ConfigurationTarget.Workspace);
  let titles: string[];
  try {
    titles = await lensTitlesWhen(editor.document.uri, (t) => t.includes('skipped by BuildKit for the default target'), 'no BuildKit lenses');
  } finally {
    await config.update('build.builder', undefined, vscode.ConfigurationTarget.Workspace);
  }
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
  const byLine = lenses.filter((lens) => lens.command?.command).map((lens) => `${lens.range.start.line + 1}: ${lens.command!.title}`);
  // Plain titles; Run only on the default target (no other stage has a CMD or ENTRYPOINT).
  assert.deepEqual(byLine, ['4: Build target base', '8: Build target build', '12: Build target test', '16: Build (default target)', '16: Run']);
  assert.ok(titles.includes('skipped by BuildKit for the default target'), JSON.stringify(titles));
  const build = lenses.find((lens) => lens.command?.title === 'Build target test')!;
  assert.equal(build.command!.command, 'stagecraft.buildTarget');
  assert.deepEqual(build.command!.arguments, [{ uri: editor.document.uri.toString(), target: 'test' }]);
});

test('Show Stage Graph opens one webview panel beside the Dockerfile; asked again, it shows the same one', async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const graphTabs = () =>
    vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('stagecraft.stageGraph'));
  await vscode.commands.executeCommand('stagecraft.showStageGraph', editor.document.uri);
  const [tab] = await waitFor(() => (graphTabs().length ? graphTabs() : undefined), 'no stage graph tab');
  assert.equal(tab.label, 'Stages: Dockerfile');
  assert.notEqual(tab.group.viewColumn, editor.viewColumn, 'the graph opens beside the editor');
  assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');
  await vscode.commands.executeCommand('stagecraft.showStageGraph');
  assert.equal(graphTabs().length, 1);
  await vscode.window.tabGroups.close(graphTabs());
  await vscode.commands.executeCommand('workbench.action.joinAllGroups');
});

test('go to definition, references and rename of a stage', async () => {
  const editor = await open('Dockerfile');
  const document = editor.document;
  await symbolsOf(document.uri);
  const reference = positionOf(document, '--from=build', 8);
  const definitions = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
    'vscode.executeDefinitionProvider',
    document.uri,
    reference,
  );
  const target = definitions[0] as vscode.Location;
  assert.equal(document.getText(target.range), 'build');
  assert.equal(target.range.start.line, positionOf(document, 'AS build').line);

  const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, reference);
  assert.deepEqual(
    references.map((r) => r.range.start.line),
    [positionOf(document, 'AS build').line, reference.line],
  );

  const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, reference, 'compile');
  const edits = edit.get(document.uri);
  assert.equal(edits.length, 2);
  assert.ok(edits.every((e) => e.newText === 'compile'));
});

test('hover on FROM explains the instruction; hover on a stage tells what builds it', async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const text = async (position: vscode.Position) => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  };
  assert.match(await text(positionOf(editor.document, 'FROM')), /base image|build stage|FROM/i);
  assert.match(await text(positionOf(editor.document, 'AS test', 4)), /BuildKit skips this stage/);
});

test('Stagecraft: Restart Language Server keeps the features working', async () => {
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['stagecraft.restartServer', 'stagecraft.buildTarget', 'stagecraft.runTarget']) assert.ok(commands.includes(id), id);
  await vscode.commands.executeCommand('stagecraft.restartServer');
  const editor = await open('Dockerfile');
  const symbols = await symbolsOf(editor.document.uri);
  assert.ok(symbols.length > 0);
  // Diagnostics from the restarted server: a new error, on a line no earlier server has seen.
  const broken = await open('broken', 'Dockerfile');
  const uri = broken.document.uri;
  await broken.edit((edit) => edit.insert(new vscode.Position(1, 0), 'FOO bar\n'));
  try {
    const diagnostics = await diagnosticsOf(uri, (d) => d.some((x) => x.range.start.line === 1), 'no diagnostic for `FOO bar` after the restart', 30_000);
    assert.ok(
      diagnostics.some((d) => d.range.start.line === 1 && d.severity === vscode.DiagnosticSeverity.Error),
      JSON.stringify(diagnostics),
    );
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}, 60_000);

test("CodeLens: with build.builder auto the lenses name the builder this folder's docker really uses; classic as set", async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const config = vscode.workspace.getConfiguration('stagecraft', editor.document.uri);
  // What the extension's detection decides for this docker (the engine suite checks that against real builds).
  const decision = decideBuilder('auto', await probeDocker(config.get<string>('docker.path')!, process.env), process.env.DOCKER_BUILDKIT);
  const expected = decision.builder === 'classic' ? `classic builder builds 4 of 4 stages: ${decision.reason}` : 'skipped by BuildKit for the default target';
  await lensTitlesWhen(editor.document.uri, (t) => t.includes(expected), `no lens "${expected}"`);
  await config.update('build.builder', 'classic', vscode.ConfigurationTarget.Workspace);
  try {
    await lensTitlesWhen(
      editor.document.uri,
      (t) => t.includes('classic builder builds 4 of 4 stages: stagecraft.build.builder is classic') && !t.some((title) => /BuildKit/.test(title)),
      'no classic lenses with build.builder = classic',
    );
  } finally {
    await config.update('build.builder', undefined, vscode.ConfigurationTarget.Workspace);
  }
}, 60_000);

test('the stagecraft.codeLens.enable setting reaches the server', async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const config = vscode.workspace.getConfiguration('stagecraft', editor.document.uri);
  await config.update('codeLens.enable', false, vscode.ConfigurationTarget.Workspace);
  try {
    await waitFor(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return lenses.length === 0 ? true : undefined;
    }, 'lenses still shown with codeLens.enable = false');
  } finally {
    await config.update('codeLens.enable', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('New Multi-Stage Dockerfile writes the template and a .dockerignore, and never replaces a file unasked', async () => {
  const target = file('new-go');
  const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('stagecraft.newDockerfile', { folder: target.toString(), stack: 'go' });
  assert.ok(created, 'the command returned no file');
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, 'Dockerfile')));
  assert.match(text, /^FROM golang:\$\{GO_VERSION\}-alpine AS build$/m, text);
  assert.match(text, /^FROM scratch AS final$/m, text);
  assert.ok(!/\$\{\d/.test(text), `placeholders left in the file: ${text}`);
  const ignore = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, '.dockerignore')));
  assert.ok(ignore.split('\n').includes('.git'), ignore);
  // The new file is a Dockerfile the server analyzes: its outline has the template's stages.
  const symbols = await symbolsOf(vscode.Uri.joinPath(target, 'Dockerfile'));
  assert.deepEqual(
    symbols
      .filter((s) => s.kind === vscode.SymbolKind.Class)
      .map((s) => s.name)
      .slice(-2),
    ['test', 'final'],
  );
  // Asked again, with the answer "no": nothing changes.
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, 'Dockerfile'), new TextEncoder().encode('FROM scratch\n'));
  const again = await vscode.commands.executeCommand('stagecraft.newDockerfile', { folder: target.toString(), stack: 'node', overwrite: false });
  assert.equal(again, undefined);
  assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(target, 'Dockerfile'))), 'FROM scratch\n');
}, 60_000);

test('Add CI Workflow writes the filled-in template and opens it, and never replaces a file unasked', async () => {
  const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const github = file('.github', 'workflows', 'stagecraft.yml');
  const azure = file('azure-pipelines.yml');
  try {
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('stagecraft.addCiWorkflow', {
      ci: 'github',
      dockerfile: file('Dockerfile').toString(),
    });
    assert.equal(created?.toString(), github.toString());
    const text = await read(github);
    assert.match(text, /^ {2}DOCKERFILE: 'Dockerfile' # /m, text);
    assert.match(text, /^ {2}BUILD_CONTEXT: '\.'$/m, text);
    assert.match(text, /^ {2}TEST_TARGET: 'test' # /m, text);
    assert.match(text, /run: stagecraft lint --format github --fail-on error$/m, text);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), github.toString(), 'the workflow is opened');
    // A Dockerfile in a subfolder, without a test stage, for Azure Pipelines.
    const second = await vscode.commands.executeCommand<vscode.Uri | undefined>('stagecraft.addCiWorkflow', {
      ci: 'azure',
      dockerfile: file('rules', 'Dockerfile').toString(),
    });
    assert.equal(second?.toString(), azure.toString());
    const pipeline = await read(azure);
    assert.match(pipeline, /^ {2}DOCKERFILE: 'rules\/Dockerfile' # /m, pipeline);
    assert.match(pipeline, /^ {2}BUILD_CONTEXT: 'rules'$/m, pipeline);
    assert.match(pipeline, /^ {2}TEST_TARGET: '' # /m, pipeline);
    // Asked again, with the answer "no": nothing changes.
    await vscode.workspace.fs.writeFile(github, new TextEncoder().encode('name: mine\n'));
    const again = await vscode.commands.executeCommand('stagecraft.addCiWorkflow', {
      ci: 'github',
      dockerfile: file('Dockerfile').toString(),
      overwrite: false,
    });
    assert.equal(again, undefined);
    assert.equal(await read(github), 'name: mine\n');
  } finally {
    await vscode.workspace.fs.delete(file('.github'), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(azure).then(undefined, () => undefined);
  }
}, 60_000);

test('the multi-stage snippets are offered by IntelliSense in a Dockerfile', async () => {
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'ms-' });
  await vscode.window.showTextDocument(document);
  const items = await waitFor(async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 3));
    const snippets = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet);
    return snippets.some((item) => (typeof item.label === 'string' ? item.label : item.label.label) === 'ms-go') ? snippets : undefined;
  }, 'no ms-go snippet in the completion list');
  const labels = items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); // no "save?" dialog
  for (const prefix of ['ms-go', 'ms-dotnet', 'ms-node', 'ms-python', 'ms-java-maven', 'ms-rust', 'ms-skeleton'])
    assert.ok(labels.includes(prefix), `${prefix} missing: ${labels.join(', ')}`);
});

test('the server is killed: the client restarts it, the documents stay open, and the user is told once', async () => {
  type Api = { client: { sendRequest<R>(method: string): Promise<R> }; crashes: { crashes: number; restarts: number; notices: number } };
  const api = vscode.extensions.getExtension<Api>('stagecraft.stagecraft')!.exports;
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const status = async () => {
    // A request sent while the client restarts may fail or wait: each probe gets 2 s.
    const probe = api.client.sendRequest<{ pid: number; documents: number }>('stagecraft/serverStatus').catch(() => undefined);
    return Promise.race([probe, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000))]);
  };
  const first = await waitFor(status, 'no server status');
  const noticesBefore = api.crashes.notices;
  for (let kill = 1; kill <= 2; kill++) {
    const before = await waitFor(status, 'no server status');
    process.kill(before.pid, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const s = await status();
        return s && s.pid !== before.pid ? s : undefined;
      },
      `the server was not restarted after kill ${kill}`,
      30_000,
    );
    assert.ok(after.documents >= 1, `the restarted server has the open documents again: ${JSON.stringify(after)}`);
    const symbols = await symbolsOf(editor.document.uri);
    assert.ok(symbols.length > 0);
  }
  assert.notEqual(first.pid, (await waitFor(status, 'no server status')).pid);
  assert.ok(api.crashes.restarts >= 2, JSON.stringify(api.crashes));
  assert.equal(api.crashes.notices, Math.max(1, noticesBefore), `told once, not on every crash: ${JSON.stringify(api.crashes)}`);
}, 90_000);

/** The rule id of a diagnostic (`code` is `{ value, target }` when the rule links its docs page). */
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);

test('a rule warning shows with its code, severity and docs link, and its quick fix removes it', async () => {
  const editor = await open('rules', 'Dockerfile');
  const uri = editor.document.uri;
  const [sdk] = (await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'sdk-image-in-final-stage'), 'no sdk-image-in-final-stage diagnostic')).filter(
    (d) => codeOf(d) === 'sdk-image-in-final-stage',
  );
  assert.equal(sdk.severity, vscode.DiagnosticSeverity.Warning);
  assert.equal(sdk.source, 'stagecraft');
  assert.equal(editor.document.getText(sdk.range), 'golang:1.22-alpine');
  assert.match(sdk.message, /Go SDK/);
  assert.match(String((sdk.code as { target: vscode.Uri }).target), /docs\/rules\/sdk-image-in-final-stage\.md$/);
  try {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, sdk.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.title === 'Use `gcr.io/distroless/static-debian12:nonroot` as the base');
    assert.ok(fix?.edit, `no quick fix among ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Use `alpine:3` as the base'), JSON.stringify(titles));
    assert.ok(titles.includes('Ignore `sdk-image-in-final-stage` for this instruction'), JSON.stringify(titles));
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit was not applied');
    assert.equal(editor.document.lineAt(sdk.range.start.line).text, 'FROM gcr.io/distroless/static-debian12:nonroot AS app');
    await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'sdk-image-in-final-stage'), 'the warning stayed after the quick fix');
  } finally {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});

test('no .dockerignore: the information diagnostic, and "Create .dockerignore" makes it go away', async () => {
  const editor = await open('rules', 'no-ignore', 'Dockerfile');
  const uri = editor.document.uri;
  const ignoreUri = file('rules', 'no-ignore', '.dockerignore');
  const [info] = (await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'dockerignore'), 'no dockerignore diagnostic')).filter(
    (d) => codeOf(d) === 'dockerignore',
  );
  assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
  try {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, info.range);
    const create = actions.find((a) => a.title === 'Create .dockerignore');
    assert.ok(create?.edit, `no "Create .dockerignore" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(create.edit), 'the edit was not applied');
    // The edit creates the file and fills it in an editor: saved, the server sees it on disk (file watcher).
    const created = await vscode.workspace.openTextDocument(ignoreUri);
    assert.match(created.getText(), /^\.git$/m);
    if (created.isDirty) assert.ok(await created.save(), 'the new .dockerignore was not saved');
    await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'dockerignore'), 'the diagnostic stayed after the .dockerignore was created');
  } finally {
    await vscode.workspace.fs.delete(ignoreUri).then(undefined, () => undefined);
  }
});

/** The markdown of every hover at a position. */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

test('hover on a FROM image: compressed size, kind, source and date, merged with the FROM docs; offline asks no registry', async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const config = vscode.workspace.getConfiguration('stagecraft', editor.document.uri);
  await config.update('imageSizes.offline', true, vscode.ConfigurationTarget.Workspace);
  try {
    const image = positionOf(editor.document, 'golang:', 2);
    const text = await waitFor(async () => {
      const value = await hoverText(editor.document.uri, image);
      return value.includes('Image size') && !/Registry/.test(value) ? value : undefined;
    }, 'no offline image-size hover on golang:${GO_VERSION}-alpine');
    assert.match(text, /`golang:1\.22-alpine` · Go toolchain \(Alpine\) · \*\*SDK \/ build toolchain\*\*/);
    assert.match(text, /71\.4 MB compressed \(linux\/amd64\) — catalog, Aug–Sep 2026, docker-library\/repo-info/);
    assert.match(text, /Build stage \(used by `build`, `test`\)/);
    assert.match(text, /Set the `baseImage`/);
    // The stage hover adds the target's shipped size: its base plus what it copies in.
    const final = await hoverText(editor.document.uri, positionOf(editor.document, 'AS final', 4));
    assert.match(final, /\*\*Shipped size\*\* if `final` is the target/);
    assert.match(final, /- base `scratch`: 0 B\n- plus what it copies in from stage `build`: known after a build/);
    const started = Date.now();
    await hoverText(editor.document.uri, image);
    console.log(`    (image-size hover round trip in VS Code, offline: ${Date.now() - started} ms)`);

    // An SDK image in the shipped (default) stage: the runtime alternatives and the saving.
    const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'FROM golang:1.27\nRUN go build -o /app .\n' });
    await vscode.window.showTextDocument(document);
    const shipped = await waitFor(async () => {
      const value = await hoverText(document.uri, new vscode.Position(0, 8));
      return value.includes('ship on') ? value : undefined;
    }, 'no shipping advice for golang:1.27 in the default target');
    assert.match(shipped, /`gcr\.io\/distroless\/static-debian12` is about 99% smaller than 316 MB \(compressed\)/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  } finally {
    await config.update('imageSizes.offline', undefined, vscode.ConfigurationTarget.Workspace);
  }
});

test('hover on a FROM image online: the registry lookup runs in the background and its outcome shows on a later hover', async () => {
  const editor = await open('Dockerfile');
  await symbolsOf(editor.document.uri);
  const image = positionOf(editor.document, 'golang:', 2);
  const first = Date.now();
  const now = await hoverText(editor.document.uri, image);
  const firstMs = Date.now() - first;
  assert.match(now, /71\.4 MB compressed .* catalog/, 'the catalog answers at once');
  // No registry is reachable here: the outcome is an error, shown as one; with a network, a figure.
  const later = await waitFor(
    async () => {
      const value = await hoverText(editor.document.uri, image);
      return /Registry lookup failed|compressed\*\* .* registry docker\.io/.test(value) ? value : undefined;
    },
    'the registry lookup never finished',
    25_000,
  );
  const second = Date.now();
  await hoverText(editor.document.uri, image);
  console.log(`    (image-size hover round trip in VS Code: first ${firstMs} ms, after the lookup ${Date.now() - second} ms)`);
  const line = later.split('\n').find((l) => /registry/i.test(l))!;
  assert.ok(/Registry lookup failed \(\w[\w-]*\): registry-1\.docker\.io/.test(line) || /compressed\*\*/.test(line), line);
}, 40_000);
