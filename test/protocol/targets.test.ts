/**
 * Compose, Dev Container and CI files over the real protocol: the built server in a copy of the
 * fixture workspace test/fixtures/targets/app. The Dockerfile's unused-stage hints leave once the
 * targets index has read the workspace; a Compose file gets its own diagnostics, completion,
 * definition, hover and quick fix; a rename in the Dockerfile edits the files that build the stage;
 * requests meant for Dockerfiles answer nothing there. Run `node esbuild.mjs` first (npm test does).
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver';
import { stopServer } from '../helpers/stopServer';
import { targetFixtures } from '../helpers/targets';

const serverPath = join(__dirname, '..', '..', 'dist', 'server.js');
let server: ChildProcess;
let connection: MessageConnection;
let workspace: string;
const published = new Map<string, Diagnostic[]>();
const listeners: (() => void)[] = [];

/** Resolves once `predicate` holds for the diagnostics published so far (checked on every publish). */
function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms; ${JSON.stringify([...published])}`)), timeoutMs);
    const check = () => {
      if (predicate()) {
        clearTimeout(timer);
        resolve();
      } else listeners.push(check);
    };
    check();
  });
}

const uriOf = (file: string) => pathToFileURL(join(workspace, file)).href;
const open = (file: string, languageId: string, text = readFileSync(join(workspace, file), 'utf8')) =>
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
const request = <R>(method: string, file: string, params: object = {}) => connection.sendRequest<R>(method, { textDocument: { uri: uriOf(file) }, ...params });
/** Where `needle` starts in the workspace file (line, character), `delta` characters in. */
function at(file: string, needle: string, delta = 0) {
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line].indexOf(needle) + delta };
}

before(async () => {
  assert.ok(existsSync(serverPath), 'dist/server.js is missing: run `node esbuild.mjs`');
  workspace = mkdtempSync(join(tmpdir(), 'stagecraft-targets-protocol-'));
  cpSync(join(targetFixtures, 'app'), workspace, { recursive: true });
  server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
    published.set(params.uri, params.diagnostics);
    for (const listener of listeners.splice(0)) listener();
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();
  const folder = pathToFileURL(workspace).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'app' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true, codeLens: { refreshSupport: true } } },
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  await stopServer(connection, server);
  rmSync(workspace, { recursive: true, force: true });
});

const unusedStages = (uri: string) => (published.get(uri) ?? []).filter((d) => d.code === 'unused-stage');

test('the Dockerfile loses its unused-stage hints for stages Compose, the Dev Container and CI build', async () => {
  await open('Dockerfile', 'dockerfile');
  const uri = uriOf('Dockerfile');
  await until(() => published.has(uri) && unusedStages(uri).length === 0, 'diagnostics without unused-stage');
  const lenses = await request<{ command: { title: string } }[]>('textDocument/codeLens', 'Dockerfile');
  const outside = lenses.map((lens) => lens.command.title).filter((title) => title.startsWith('target of '));
  assert.deepEqual(outside, [
    'target of Compose service worker',
    'target of Dev Container, CI: build-push-action in ci.yml, job images (matrix), Compose service dev (profile debug)',
    'target of CI: build-push-action in ci.yml, job images (matrix), CI: AzureCLI task in azure-pipelines.yml, Compose service tests',
    'target of CI: build-push-action in ci.yml, job images (matrix), CI: build-push-action in ci.yml, job default, Compose service web +1 more',
  ]);
});

test('a Compose file: a target that is no stage, its quick fix, completion, definition and hover', async () => {
  await open('compose.yaml', 'dockercompose');
  const uri = uriOf('compose.yaml');
  await until(() => (published.get(uri) ?? []).length > 0, 'compose.yaml diagnostics');
  const [diagnostic] = published.get(uri)!;
  assert.match(diagnostic.message as string, /^`tset` is not a stage of Dockerfile .* Did you mean `test`\?$/);
  const actions = await request<{ title: string }[]>('textDocument/codeAction', 'compose.yaml', {
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Change the target to `test`'],
  );
  const items = await request<{ label: string }[]>('textDocument/completion', 'compose.yaml', { position: at('compose.yaml', 'tset', 2) });
  assert.deepEqual(
    items.map((i) => i.label),
    ['base', 'deps', 'build', 'dev', 'test', 'prod'],
  );
  const location = await request<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', 'compose.yaml', {
    position: at('compose.yaml', 'target: dev', 9),
  });
  assert.deepEqual([location.uri, location.range.start.line], [uriOf('Dockerfile'), 9]);
  const hover = await request<{ contents: { value: string } }>('textDocument/hover', 'compose.yaml', { position: at('compose.yaml', 'target: dev', 9) });
  assert.match(hover.contents.value, /^\*\*Target `dev`\*\* of `Dockerfile` \(Compose service `dev` \(profile `debug`\)\)/);
  // Requests for Dockerfiles answer nothing in it (no outline, no formatting of YAML as a Dockerfile).
  assert.deepEqual(await request('textDocument/documentSymbol', 'compose.yaml'), []);
  assert.deepEqual(await request('textDocument/formatting', 'compose.yaml', { options: { tabSize: 2, insertSpaces: true } }), []);
  assert.deepEqual(await request('textDocument/codeLens', 'compose.yaml'), []);
});

test('an edit of the Compose file (unsaved) is what counts; a broken one gets a clear message', async () => {
  const uri = uriOf('compose.yaml');
  const fixed = readFileSync(join(workspace, 'compose.yaml'), 'utf8').replace('tset', 'test');
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  await until(() => published.get(uri)?.length === 0, 'no diagnostic once the target is a stage');
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'services:\n  web: [\n' }] });
  await until(() => (published.get(uri) ?? []).some((d) => /^compose\.yaml is not valid YAML: /.test(d.message as string)), 'the YAML error');
});

test('rename of a stage edits the Compose file, devcontainer.json and the CI files in one workspace edit', async () => {
  const edit = await request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', 'Dockerfile', {
    position: at('Dockerfile', 'AS dev', 4),
    newName: 'develop',
  });
  assert.deepEqual(Object.keys(edit.changes).sort(), [uriOf('.devcontainer/devcontainer.json'), uriOf('.github/workflows/ci.yml'), uriOf('Dockerfile')].sort());
  // compose.yaml is open with unsaved, broken text: its `dev` target is not known now.
  assert.deepEqual(
    edit.changes[uriOf('.devcontainer/devcontainer.json')].map((e) => e.newText),
    ['develop'],
  );
});
