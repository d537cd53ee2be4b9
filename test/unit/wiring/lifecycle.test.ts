/**
 * The session's messages over a real (in-memory) LSP connection: initialize and what the server takes
 * from the client's capabilities, initialized, settings and watched files changed, and the document
 * events. Diagnostics runs are counted through a real DiagnosticsScheduler whose run records them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocuments, type InitializeResult, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import { IdleCollector } from '../../../server/src/idleCollector';
import { DiagnosticsScheduler } from '../../../server/src/scheduler';
import { SettingsStore } from '../../../server/src/settings';
import { BuildResults } from '../../../server/src/wiring/buildResults';
import { Builders } from '../../../server/src/wiring/builders';
import { FeatureContexts } from '../../../server/src/wiring/contexts';
import { LensRefresh } from '../../../server/src/wiring/lensRefresh';
import { ContextWalks } from '../../../server/src/wiring/contextWalks';
import { TargetIndex } from '../../../server/src/targets/index';
import { INITIALIZE_RESULT, clientSupport, registerDocumentEvents, registerSession } from '../../../server/src/wiring/lifecycle';
import { OpenWaits } from '../../../server/src/wiring/openWaits';
import { lspPair, until } from '../../helpers/lspPair';

const TEXT = 'FROM alpine:3.20 AS app\nRUN true\n';
const PULLING = { workspace: { configuration: true, workspaceFolders: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } } };

/** The session wired to an in-memory client; the client answers workspace/configuration with `configuration`. */
function setUp(configuration: unknown = {}) {
  const pair = lspPair((method) => (method === 'workspace/configuration' ? [configuration] : null));
  const connection = pair.server;
  const documents = new TextDocuments(TextDocument);
  const models = new ModelCache();
  const settings = new SettingsStore(connection);
  const contexts = new FeatureContexts(documents, models, settings, new BuildResults(), new Builders());
  const runs: string[] = [];
  const scheduler = new DiagnosticsScheduler(async (uri, version) => {
    runs.push(`${uri}@${version}`);
  });
  const idle = new IdleCollector();
  const lenses = new LensRefresh(() => {
    connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined);
  });
  const openWaits = new OpenWaits((uri) => documents.get(uri) !== undefined);
  const walks = new ContextWalks(connection, lenses);
  const deps = { connection, documents, settings, scheduler, idle, contexts, lenses, openWaits, walks, targets: new TargetIndex() };
  registerSession(deps);
  registerDocumentEvents(deps);
  documents.listen(connection);
  connection.listen();
  const client = pair.client;
  const initialize = async (capabilities: object, folders = [{ uri: 'file:///w', name: 'w' }]) => {
    const result = (await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities, workspaceFolders: folders })) as InitializeResult;
    await client.sendNotification('initialized', {});
    return result;
  };
  const open = async (uri: string, version = 1) => {
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text: TEXT } });
    await until(() => runs.includes(`${uri}@${version}`), `the diagnostics run of ${uri}`);
  };
  /** A round trip: the server handled every message sent before it. */
  const settled = () => client.sendRequest('shutdown');
  const dispose = () => {
    scheduler.dispose();
    walks.dispose();
    lenses.dispose();
    idle.dispose();
    pair.dispose();
  };
  return { pair, client, documents, models, contexts, runs, initialize, open, settled, dispose };
}

test('clientSupport reads configuration pull, folder changes, lens and inlay hint refresh from the capabilities', () => {
  assert.deepEqual(clientSupport({}), { configurationPull: false, workspaceFolders: false, codeLensRefresh: false, inlayHintRefresh: false });
  assert.deepEqual(clientSupport(PULLING), { configurationPull: true, workspaceFolders: true, codeLensRefresh: true, inlayHintRefresh: true });
  assert.deepEqual(clientSupport({ workspace: { configuration: 'yes' } } as never).configurationPull, false, 'true only');
});

test('initialize answers what the server offers; initialized registers for stagecraft settings when the client is asked for them', async () => {
  const { pair, initialize, settled, dispose } = setUp();
  const result = await initialize(PULLING);
  assert.deepEqual(result.capabilities, INITIALIZE_RESULT.capabilities);
  assert.equal(result.serverInfo?.name, 'stagecraft-language-server');
  await until(() => pair.requested('client/registerCapability').length === 1, 'registerCapability');
  const [{ registrations }] = pair.requested('client/registerCapability') as { registrations: { method: string; registerOptions: unknown }[] }[];
  assert.deepEqual(
    registrations.map(({ method, registerOptions }) => ({ method, registerOptions })),
    [{ method: 'workspace/didChangeConfiguration', registerOptions: { section: 'stagecraft' } }],
  );
  await settled();
  dispose();
});

test('a client that is not asked for settings gets no registration', async () => {
  const { pair, initialize, settled, dispose } = setUp();
  await initialize({});
  await settled();
  assert.deepEqual(pair.requested('client/registerCapability'), []);
  dispose();
});

test('settings are asked per workspace folder; a change asks again, runs every document again and refreshes the lenses', async () => {
  const { pair, contexts, runs, initialize, open, settled, dispose } = setUp({ codeLens: { enable: false } });
  await initialize(PULLING);
  await open('file:///w/Dockerfile');
  assert.equal((await contexts.get('file:///w/Dockerfile'))!.settings.codeLensEnable, false, "the client's answer");
  assert.deepEqual(
    pair.requested('workspace/configuration').map((params) => (params as { items: { scopeUri: string; section: string }[] }).items[0]),
    [{ scopeUri: 'file:///w', section: 'stagecraft' }],
  );
  await pair.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await until(() => runs.filter((run) => run === 'file:///w/Dockerfile@1').length === 2, 'the run after the change');
  await contexts.get('file:///w/Dockerfile');
  assert.equal(pair.requested('workspace/configuration').length, 2, 'asked again');
  await until(() => pair.requested('workspace/codeLens/refresh').length === 1, 'the lens refresh');
  await settled();
  dispose();
});

test('a client that only pushes settings: didChangeConfiguration sets them for every document', async () => {
  const { pair, contexts, initialize, open, settled, dispose } = setUp();
  await initialize({});
  await open('file:///elsewhere/Dockerfile');
  assert.equal((await contexts.get('file:///elsewhere/Dockerfile'))!.settings.codeLensEnable, true, 'the defaults');
  await pair.client.sendNotification('workspace/didChangeConfiguration', { settings: { stagecraft: { codeLens: { enable: false } } } });
  await settled();
  assert.equal((await contexts.get('file:///elsewhere/Dockerfile'))!.settings.codeLensEnable, false);
  assert.deepEqual(pair.requested('workspace/configuration'), []);
  assert.deepEqual(pair.requested('workspace/codeLens/refresh'), [], 'no refresh without the capability');
  dispose();
});

test('open, change and close: a run per version; a .dockerignore change runs the files on disk only; close clears', async () => {
  const { pair, client, models, runs, initialize, open, settled, dispose } = setUp();
  await initialize({});
  await open('file:///w/Dockerfile');
  await open('untitled:Untitled-1');
  await client.sendNotification('textDocument/didChange', {
    textDocument: { uri: 'file:///w/Dockerfile', version: 2 },
    contentChanges: [{ text: 'FROM alpine:3.21\n' }],
  });
  await until(() => runs.includes('file:///w/Dockerfile@2'), 'the run of version 2');

  runs.length = 0;
  await client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///w/.dockerignore', type: 1 }] });
  await until(() => runs.length === 1, 'the run after the watched file changed');
  await settled();
  assert.deepEqual(runs, ['file:///w/Dockerfile@2']);

  models.get('file:///w/Dockerfile', 2, () => 'FROM alpine:3.21\n');
  assert.equal(models.has('file:///w/Dockerfile'), true);
  await client.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///w/Dockerfile' } });
  await until(() => pair.received('textDocument/publishDiagnostics').length === 1, 'the cleared diagnostics');
  assert.deepEqual(pair.received('textDocument/publishDiagnostics') as PublishDiagnosticsParams[], [{ uri: 'file:///w/Dockerfile', diagnostics: [] }]);
  assert.equal(models.has('file:///w/Dockerfile'), false, 'the model went with the document');
  dispose();
});
