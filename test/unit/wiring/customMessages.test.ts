/**
 * Stagecraft's own messages over a real (in-memory) LSP connection: the build plan of an open
 * document, the server's status, and the build results that refresh the lenses.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import { IdleCollector } from '../../../server/src/idleCollector';
import { BuildPlanRequest, BuildResultNotification, ServerStatusRequest, type BuildPlanResult, type ServerStatus } from '../../../server/src/protocol';
import { SettingsStore } from '../../../server/src/settings';
import { BuildResults } from '../../../server/src/wiring/buildResults';
import { Builders } from '../../../server/src/wiring/builders';
import { FeatureContexts } from '../../../server/src/wiring/contexts';
import { registerCustomMessages, serverStatus } from '../../../server/src/wiring/customMessages';
import { ContextWalks } from '../../../server/src/wiring/contextWalks';
import { LensRefresh } from '../../../server/src/wiring/lensRefresh';
import { OpenWaits } from '../../../server/src/wiring/openWaits';
import { featureHandler } from '../../../server/src/wiring/requests';
import { lspPair, until } from '../../helpers/lspPair';

const URI = 'file:///w/Dockerfile';
const TEXT = 'FROM golang:1.22 AS build\nRUN go build\nFROM build AS test\nRUN go test\nFROM alpine:3.20 AS final\nCOPY --from=build /out /out\n';

async function setUp() {
  const pair = lspPair();
  const connection = pair.server;
  const documents = new TextDocuments(TextDocument);
  documents.listen(connection);
  const builds = new BuildResults();
  const contexts = new FeatureContexts(documents, new ModelCache(), new SettingsStore(connection), builds, new Builders());
  const idle = new IdleCollector();
  const openWaits = new OpenWaits((uri) => documents.get(uri) !== undefined, 50);
  documents.onDidOpen((event) => openWaits.opened(event.document.uri));
  let refreshes = 0;
  const lenses = new LensRefresh(() => refreshes++);
  lenses.enable(true);
  const on = featureHandler({ connection, documents, contexts, openWaits, idle });
  const walks = new ContextWalks(connection, lenses);
  registerCustomMessages({ connection, documents, idle, builds, builders: new Builders(), lenses, on, walks });
  connection.listen();
  const open = async (uri: string, text: string) => {
    await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await until(() => documents.get(uri) !== undefined, 'didOpen');
  };
  const dispose = () => {
    walks.dispose();
    lenses.dispose();
    idle.dispose();
    pair.dispose();
  };
  return { pair, documents, builds, idle, open, refreshes: () => refreshes, dispose };
}

test('stagecraft/buildPlan: the plan of an open document for a target; BuildKit skips what the target does not need', async () => {
  const { pair, open, dispose } = await setUp();
  await open(URI, TEXT);
  const plan = (await pair.client.sendRequest(BuildPlanRequest.method, { uri: URI })) as BuildPlanResult;
  assert.equal(plan.uri, URI);
  assert.equal(plan.version, 1);
  assert.deepEqual(
    plan.stages.map((stage) => stage.label),
    ['build', 'test', 'final'],
  );
  assert.equal(plan.target, 2);
  assert.deepEqual(plan.buildkit, [0, 2]);
  assert.deepEqual(plan.classic, [0, 1, 2]);
  const test = (await pair.client.sendRequest(BuildPlanRequest.method, { uri: URI, target: 'TEST' })) as BuildPlanResult;
  assert.equal(test.target, 1, 'the target name is matched without case');
  assert.deepEqual(test.buildkit, [0, 1]);
  dispose();
});

test('stagecraft/buildPlan waits for the didOpen of its document, and answers null for one never opened', async () => {
  const { pair, open, dispose } = await setUp();
  const asked = pair.client.sendRequest(BuildPlanRequest.method, { uri: 'file:///w/late/Dockerfile' });
  await open('file:///w/late/Dockerfile', TEXT);
  assert.equal(((await asked) as BuildPlanResult).stages.length, 3);
  assert.equal(await pair.client.sendRequest(BuildPlanRequest.method, { uri: 'file:///w/never/Dockerfile' }), null);
  dispose();
});

test('stagecraft/serverStatus: pid, version, open documents and memory in MB', async () => {
  const { pair, open, dispose } = await setUp();
  await open(URI, TEXT);
  const status = (await pair.client.sendRequest(ServerStatusRequest.method)) as ServerStatus;
  assert.equal(status.pid, process.pid);
  assert.equal(status.version, 'dev', 'STAGECRAFT_VERSION is defined by the bundle only');
  assert.equal(status.documents, 1);
  assert.ok(status.memory.heapUsedMB > 0 && status.memory.heapUsedMB <= status.memory.heapHeldMB);
  assert.equal(status.memory.idleCollections, 0);
  dispose();
});

test('serverStatus rounds bytes to tenths of a MB and reports the idle collector', async () => {
  const { documents, dispose } = await setUp();
  const idle = new IdleCollector({ heapUsed: () => 3 * 1048576 + 52429, heapHeld: () => 10 * 1048576 });
  const status = serverStatus(documents, idle);
  assert.equal(status.memory.baselineMB, 3.1);
  assert.equal(status.memory.baselineHeldMB, 10);
  assert.equal(status.documents, 0);
  idle.dispose();
  dispose();
});

test('stagecraft/buildResult: a well-formed result is recorded and refreshes the lenses; a malformed one does neither', async () => {
  const { pair, builds, refreshes, dispose } = await setUp();
  await pair.client.sendNotification(BuildResultNotification.method, { uri: URI, target: 'Final', ok: true, finishedAt: 1000, sizeBytes: 7 });
  await until(() => builds.size === 1, 'the build result');
  assert.equal(builds.of(URI)?.get('final')?.sizeBytes, 7);
  assert.equal(refreshes(), 1);
  await pair.client.sendNotification(BuildResultNotification.method, { uri: URI, ok: 'yes' });
  await pair.client.sendRequest('shutdown'); // answered after the notification above was handled
  assert.equal(builds.size, 1);
  assert.equal(refreshes(), 1);
  dispose();
});
