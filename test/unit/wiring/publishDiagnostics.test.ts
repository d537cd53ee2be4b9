/**
 * One diagnostics run: the environment read from disk (the .dockerignore), the rules on the cached
 * model, the result sent over a real (in-memory) LSP connection at the version asked for, and only
 * when the document is still open at that version.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocuments, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import { SettingsStore } from '../../../server/src/settings';
import { BuildResults } from '../../../server/src/wiring/buildResults';
import { Builders } from '../../../server/src/wiring/builders';
import { TargetFileContexts } from '../../../server/src/wiring/targetFiles';
import { TargetIndex } from '../../../server/src/targets/index';
import { FeatureContexts } from '../../../server/src/wiring/contexts';
import { publishDiagnostics } from '../../../server/src/wiring/publishDiagnostics';
import { lspPair, until } from '../../helpers/lspPair';

const folder = mkdtempSync(join(tmpdir(), 'stagecraft-publish-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A later-stage reference (an error) and `COPY . .` (information while the folder has no .dockerignore). */
const TEXT = 'FROM alpine:3.20 AS base\nCOPY --from=later /a /a\nFROM alpine:3.20 AS later\nWORKDIR /app\nCOPY . .\n';

async function setUp(name: string) {
  const uri = pathToFileURL(join(folder, name)).href;
  writeFileSync(join(folder, name), TEXT);
  const pair = lspPair();
  const documents = new TextDocuments(TextDocument);
  documents.listen(pair.server);
  pair.server.listen();
  const contexts = new FeatureContexts(documents, new ModelCache(), new SettingsStore(pair.server), new BuildResults(), new Builders());
  const published: string[] = [];
  const targets = new TargetIndex();
  const targetFiles = new TargetFileContexts(documents, contexts, targets);
  const deps = { connection: pair.server, documents, contexts, targets, targetFiles, published: (uri: string) => published.push(uri) };
  await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 3, text: TEXT } });
  await until(() => documents.get(uri) !== undefined, 'didOpen');
  const sent = () => pair.received('textDocument/publishDiagnostics') as PublishDiagnosticsParams[];
  return { uri, pair, documents, contexts, deps, published, sent };
}

test("the rules' findings are sent at the document's version, then `published` is told", async () => {
  const { uri, pair, deps, published, sent } = await setUp('Dockerfile');
  await publishDiagnostics(deps, uri, 3);
  await until(() => sent().length === 1, 'publishDiagnostics');
  const [params] = sent();
  assert.equal(params.uri, uri);
  assert.equal(params.version, 3);
  const found = params.diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
  assert.ok(found.includes('later-stage-reference@1'), found.join());
  assert.ok(found.includes('dockerignore@4'), found.join());
  assert.deepEqual(published, [uri]);
  pair.dispose();
});

test('the environment is read from disk for each run and kept for the other features', async () => {
  const { uri, pair, contexts, deps, sent } = await setUp('with-ignore.Dockerfile');
  writeFileSync(join(folder, 'with-ignore.Dockerfile.dockerignore'), '.git\n');
  await publishDiagnostics(deps, uri, 3);
  await until(() => sent().length === 1, 'publishDiagnostics');
  const codes = sent()[0].diagnostics.map((d) => d.code);
  assert.ok(codes.includes('later-stage-reference'));
  assert.ok(!codes.includes('dockerignore'), 'the .dockerignore next to the Dockerfile is read: no dockerignore finding');
  const env = (await contexts.get(uri))!.env!;
  assert.equal(env.dockerignore?.text, '.git\n');
  assert.equal(env.dockerignore?.uri, pathToFileURL(join(folder, 'with-ignore.Dockerfile.dockerignore')).href);
  pair.dispose();
});

test('a run for an older version than the open one, or for a closed document, sends nothing', async () => {
  const { uri, pair, documents, deps, published, sent } = await setUp('closed.Dockerfile');
  await publishDiagnostics(deps, uri, 2);
  await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
  await until(() => documents.get(uri) === undefined, 'didClose');
  await publishDiagnostics(deps, uri, 3);
  // A message sent now arrives after any the runs above sent.
  await pair.client.sendRequest('shutdown').catch(() => undefined);
  assert.deepEqual(sent(), []);
  assert.deepEqual(published, []);
  pair.dispose();
});

/** test/fixtures/context/workspace-context: a .dockerignore at the workspace folder's root only, and app/ Dockerfiles. */
const workspace = join(__dirname, '..', '..', 'fixtures', 'context', 'workspace-context');

/** The codes (with 1-based lines) published for `app/<name>` in that workspace, with `stagecraft.build.context` as given. */
async function contextFindings(name: string, context: 'dockerfileFolder' | 'workspaceFolder', root = workspace) {
  const uri = pathToFileURL(join(root, 'app', name)).href;
  const pair = lspPair();
  const documents = new TextDocuments(TextDocument);
  documents.listen(pair.server);
  pair.server.listen();
  const settings = new SettingsStore(pair.server);
  settings.setFolders([pathToFileURL(root).href]);
  settings.push({ stagecraft: { build: { context } } });
  const contexts = new FeatureContexts(documents, new ModelCache(), settings, new BuildResults(), new Builders());
  const targets = new TargetIndex();
  const deps = {
    connection: pair.server,
    documents,
    contexts,
    targets,
    targetFiles: new TargetFileContexts(documents, contexts, targets),
    published: () => {},
  };
  const text = readFileSync(join(root, 'app', name), 'utf8');
  await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  await until(() => documents.get(uri) !== undefined, 'didOpen');
  await publishDiagnostics(deps, uri, 1);
  const sent = () => pair.received('textDocument/publishDiagnostics') as PublishDiagnosticsParams[];
  await until(() => sent().length === 1, 'publishDiagnostics');
  const env = (await contexts.get(uri))!.env ?? {};
  pair.dispose();
  const codes = sent()[0]
    .diagnostics.filter((d) => d.code === 'copy-ignored-file' || d.code === 'dockerignore')
    .map((d) => `${d.code}@${d.range.start.line + 1}: ${d.message}`);
  return { codes, ignoreFile: env.dockerignore?.uri.slice(pathToFileURL(root).href.length + 1) };
}

test('the rules read the .dockerignore of the build context that stagecraft.build.context sets', async () => {
  // The Dockerfile's folder (the default): app/ has no .dockerignore.
  const own = await contextFindings('Dockerfile', 'dockerfileFolder');
  assert.equal(own.ignoreFile, 'app/.dockerignore');
  assert.deepEqual(
    own.codes.map((c) => c.split(':')[0]),
    ['dockerignore@4'],
  );
  assert.match(own.codes[0], /The build context \(this Dockerfile's folder\) has no \.dockerignore/);
  // The workspace folder: its .dockerignore excludes secrets/ (COPY of it fails) and .git (nothing missing).
  const workspaceWide = await contextFindings('Dockerfile', 'workspaceFolder');
  assert.equal(workspaceWide.ignoreFile, '.dockerignore');
  assert.deepEqual(workspaceWide.codes, ['copy-ignored-file@3: Attempting to Copy file "secrets/token.txt" that is excluded by .dockerignore']);
  // <name>.dockerignore beside the Dockerfile wins over the context's, whichever the context is.
  const specific = await contextFindings('other.Dockerfile', 'workspaceFolder');
  // A context with no .dockerignore at all is named as the setting made it.
  const bare = join(folder, 'bare');
  mkdirSync(join(bare, 'app'), { recursive: true });
  copyFileSync(join(workspace, 'app', 'Dockerfile'), join(bare, 'app', 'Dockerfile'));
  const none = await contextFindings('Dockerfile', 'workspaceFolder', bare);
  assert.equal(none.ignoreFile, '.dockerignore');
  assert.match(none.codes.join('\n'), /^dockerignore@4: The build context \(`bare`, as stagecraft.build.context sets it\) has no \.dockerignore/);
  assert.equal(specific.ignoreFile, 'app/other.Dockerfile.dockerignore');
  assert.deepEqual(specific.codes, []);
});
