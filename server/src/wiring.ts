/**
 * The one place that wires LSP messages to the pure feature functions. It makes the server's parts
 * and hands each what it uses (wiring/): the documents, the model cache (one parse per document
 * version), the settings store, the diagnostics scheduler and the idle collector.
 */
import type { Connection } from 'vscode-languageserver';
import { TextDocuments } from './lsp';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from './analysis/cache';
import { SettingsStore } from './settings';
import { DiagnosticsScheduler } from './scheduler';
import { IdleCollector } from './idleCollector';
import { forgetOutline } from './features/documentSymbol';
import { imageSizes } from './sizes/service';
import { BuildResults } from './wiring/buildResults';
import { Builders } from './wiring/builders';
import { LayerResults } from './wiring/layerResults';
import { HintRefresh, registerLayerSizes } from './wiring/layerSizes';
import { FeatureContexts } from './wiring/contexts';
import { OpenWaits } from './wiring/openWaits';
import { LensRefresh } from './wiring/lensRefresh';
import { publishDiagnostics } from './wiring/publishDiagnostics';
import { featureHandler, registerFeatureRequests } from './wiring/requests';
import { registerCustomMessages } from './wiring/customMessages';
import { registerDocumentEvents, registerSession } from './wiring/lifecycle';
import { ContextWalks } from './wiring/contextWalks';
import { createTargetIndex } from './wiring/targets';
import { TargetFileContexts } from './wiring/targetFiles';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  // What is kept per document beside its model goes with it (the outline's JSON holds the model's words).
  const models = new ModelCache(undefined, (uri) => {
    const document = documents.get(uri);
    if (document) forgetOutline(document);
  });
  // After a quiet spell that followed a burst of work: models held to their budget, then a full collection.
  // While a very large file's model is kept, the heap grows less before V8 collects (idleCollector.ts,
  // holdGrowth): held after a diagnostics run that kept one, let go in the quiet spell that drops it.
  const idle = new IdleCollector({
    onQuiet: () => {
      const dropped = models.trim().length > 0;
      idle.holdGrowth(models.holdsOverBudget());
      return dropped;
    },
  });
  const settings = new SettingsStore(connection);
  const builds = new BuildResults();
  const builders = new Builders();
  const layers = new LayerResults();
  const openWaits = new OpenWaits((uri) => documents.get(uri) !== undefined);
  const lenses = new LensRefresh(() => {
    connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined);
  });
  const walks = new ContextWalks(connection, lenses);
  const contexts = new FeatureContexts(documents, models, settings, builds, builders, layers, walks.sizes);
  const hints = new HintRefresh(() => {
    connection.sendRequest('workspace/inlayHint/refresh').then(undefined, () => undefined);
  });
  // Compose, Dev Container and CI files that build stages: read behind the edits; what it finds
  // later runs the diagnostics again, and the lenses once those went out (they read the same facts).
  const targets = createTargetIndex(
    () => documents.all(),
    () => {
      for (const document of documents.all()) {
        lenses.opened(document.uri);
        scheduler.schedule(document, true);
      }
    },
  );
  const targetFiles = new TargetFileContexts(documents, contexts, targets);
  const diagnosticsDeps = { connection, documents, contexts, targets, targetFiles, published: (uri: string) => lenses.published(uri) };
  const run = async (uri: string, version: number) => {
    await publishDiagnostics(diagnosticsDeps, uri, version);
    if (models.holdsOverBudget()) idle.holdGrowth(true);
  };
  const scheduler = new DiagnosticsScheduler((uri, version) => idle.during(() => run(uri, version)));

  const lifecycle = { connection, documents, settings, scheduler, idle, contexts, lenses, openWaits, hints, walks, targets };
  registerSession(lifecycle);
  registerDocumentEvents(lifecycle);
  const on = featureHandler({ connection, documents, contexts, openWaits, idle, targetFiles });
  registerFeatureRequests(connection, on);
  registerCustomMessages({ connection, documents, idle, builds, builders, lenses, on, walks });
  registerLayerSizes({ connection, contexts, layers, hints });
  walks.register(settings);

  // One handler: the connection keeps only the last one given.
  connection.onShutdown(() => {
    scheduler.dispose();
    idle.dispose();
    lenses.dispose();
    walks.dispose();
    imageSizes().flush();
  });
  documents.listen(connection);
  connection.listen();
}
