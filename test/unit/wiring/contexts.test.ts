/**
 * FeatureContexts: what a feature is given for an open document, from the real parts (documents
 * synced over an in-memory LSP connection, the model cache, the settings store, the build results).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import { defaultSettings, SettingsStore } from '../../../server/src/settings';
import { BuildResults } from '../../../server/src/wiring/buildResults';
import { Builders } from '../../../server/src/wiring/builders';
import { FeatureContexts } from '../../../server/src/wiring/contexts';
import { lspPair, until } from '../../helpers/lspPair';

const URI = 'file:///w/Dockerfile';
const TEXT = 'ARG BASE=alpine\nFROM ${BASE} AS app\nRUN true\n';

/** The parts FeatureContexts is made of, wired to an in-memory client; `stagecraft` is what the client pushes. */
async function setUp(stagecraft?: unknown) {
  const pair = lspPair();
  const documents = new TextDocuments(TextDocument);
  documents.listen(pair.server);
  pair.server.listen();
  const models = new ModelCache();
  const settings = new SettingsStore(pair.server);
  if (stagecraft) settings.push({ stagecraft });
  const builds = new BuildResults();
  const contexts = new FeatureContexts(documents, models, settings, builds, new Builders());
  const open = async (uri: string, text: string, version = 1) => {
    await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
    await until(() => documents.get(uri)?.version === version, `didOpen of ${uri}`);
  };
  return { pair, documents, models, builds, contexts, open };
}

test('a document that is not open has no context, and nothing is parsed for it', async () => {
  const { pair, models, contexts } = await setUp();
  assert.equal(await contexts.get(URI), undefined);
  assert.equal(models.parses, 0);
  pair.dispose();
});

test('an open document: its text, one cached model per version, the settings, no environment yet', async () => {
  const { pair, documents, models, contexts, open } = await setUp();
  await open(URI, TEXT);
  const context = (await contexts.get(URI))!;
  assert.equal(context.document.getText(), TEXT);
  assert.equal(context.model.stages[0].name, 'app');
  assert.deepEqual(context.env, {});
  assert.equal(context.settings.codeLensEnable, true);
  assert.equal(context.builds, undefined, 'no build recorded');
  const again = (await contexts.get(URI))!;
  assert.equal(again.model, context.model, 'the same model object');
  assert.equal(models.parses, 1);

  await pair.client.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } }, text: 'false' }],
  });
  await until(() => documents.get(URI)?.version === 2, 'didChange');
  const changed = (await contexts.get(URI))!;
  assert.equal(changed.document.getText(), TEXT.replace('true', 'false'));
  assert.notEqual(changed.model, context.model);
  assert.equal(models.parses, 2);
  pair.dispose();
});

test("the settings' build args reach the parse: a FROM variable takes its value from them", async () => {
  const { pair, contexts, open } = await setUp({ buildArgs: { BASE: 'debian:12' } });
  await open(URI, TEXT);
  const base = (await contexts.get(URI))!.model.stages[0].base;
  assert.equal(base.kind === 'image' && base.image.normalized, 'docker.io/library/debian:12');
  pair.dispose();
});

test('the environment of the last diagnostics run and the build results are handed on; forget drops model and environment', async () => {
  const { pair, models, builds, contexts, open } = await setUp();
  await open(URI, TEXT);
  const env = { dockerignore: { contextUri: 'file:///w', uri: 'file:///w/.dockerignore' } };
  contexts.setEnvironment(URI, env);
  builds.record({ uri: URI, target: 'app', ok: true, finishedAt: 1 });
  const context = (await contexts.get(URI))!;
  assert.equal(context.env, env);
  assert.equal(context.builds?.get('app')?.ok, true);

  contexts.forget(URI);
  assert.equal(models.has(URI), false);
  assert.deepEqual((await contexts.get(URI))!.env, {}, 'the environment went with the model');
  assert.equal(models.parses, 2, 'parsed again after forget');
  pair.dispose();
});

test('the build context folder follows stagecraft.build.context: the Dockerfile’s folder, or its workspace folder', async () => {
  const { pair, contexts } = await setUp();
  const settings = new SettingsStore(pair.server);
  const uri = 'file:///w/app/Dockerfile';
  assert.equal(contexts.contextDir(uri, { ...defaultSettings, buildContext: 'dockerfileFolder' }), '/w/app');
  assert.equal(contexts.contextDir(uri, { ...defaultSettings, buildContext: 'workspaceFolder' }), '/w/app', 'no workspace folder: its own folder');
  assert.equal(contexts.contextDir('untitled:Untitled-1', defaultSettings), undefined, 'a document not on disk has none');
  settings.setFolders(['file:///w']);
  const inFolder = new FeatureContexts(new TextDocuments(TextDocument), new ModelCache(), settings, new BuildResults(), new Builders());
  assert.equal(inFolder.contextDir(uri, { ...defaultSettings, buildContext: 'workspaceFolder' }), '/w');
  pair.dispose();
});
