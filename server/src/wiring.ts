/**
 * The one place that wires LSP requests to the pure feature functions. It owns the documents,
 * the model cache (one parse per document version), the settings store and the diagnostics scheduler.
 */
import {
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from './analysis/cache';
import { SettingsStore } from './settings';
import { DiagnosticsScheduler } from './scheduler';
import { IdleCollector } from './idleCollector';
import type { RawJson } from './rawJson';
import { platformFacts, readEnvironment } from './environment';
import type { RuleEnvironment } from './features/rules/rule';
import { setBaselineCapabilities, type FeatureContext } from './features/context';
import { completion, resolveCompletion } from './features/completion';
import { hover } from './features/hover';
import { withImageSizes } from './features/imageHover';
import { configureImageSizes, imageSizes, ImageSizeService } from './sizes/service';
import { signatureHelp } from './features/signatureHelp';
import { formatDocument, formatOnType, formatRange } from './features/formatting';
import { definition } from './features/definition';
import { documentHighlight } from './features/documentHighlight';
import { prepareRename, rename } from './features/rename';
import { documentLinks, resolveDocumentLink } from './features/documentLinks';
import { foldingRanges } from './features/foldingRange';
import { documentSymbolsJson, forgetOutline } from './features/documentSymbol';
import { codeActions } from './features/codeAction';
import { diagnostics } from './features/diagnostics';
import { references } from './features/references';
import { codeLenses } from './features/codeLens';
import { buildPlan } from './features/buildPlan';
import { BuildPlanRequest, BuildResultNotification, ServerStatusRequest, serverSide, type BuildPlanParams, type BuildPlanResult, type BuildResultParams, type ServerStatus } from './protocol';

declare const STAGECRAFT_VERSION: string;

type Pos = { line: number; character: number };

/** How long a request waits for the didOpen of a document it names (see `opened`). */
const OPEN_WAIT_MS = 3000;

const megabytes = (bytes: number) => Math.round(bytes / 104857.6) / 10;

/**
 * Positions and ranges from the client, held to the document: a position past the end becomes the
 * end, a negative one the start (libraries below loop over whatever range they get). Undefined when
 * a position is not made of numbers: the request is answered with the feature's fallback.
 */
export function clampPositions<P>(document: TextDocument, params: P): P | undefined {
  const fix = (value: unknown): Pos | undefined => {
    const p = value as Pos;
    if (!p || typeof p !== 'object' || !Number.isFinite(p.line) || !Number.isFinite(p.character)) return undefined;
    return document.positionAt(document.offsetAt({ line: Math.max(0, Math.floor(p.line)), character: Math.max(0, Math.floor(p.character)) }));
  };
  const record = params as Record<string, unknown>;
  const result: Record<string, unknown> = { ...record };
  if ('position' in record) {
    const position = fix(record.position);
    if (!position) return undefined;
    result.position = position;
  }
  if ('range' in record) {
    const range = record.range as { start?: unknown; end?: unknown } | undefined;
    const start = fix(range?.start);
    const end = fix(range?.end);
    if (!start || !end) return undefined;
    result.range = { start, end };
  }
  return result as P;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  // What is kept per document beside its model goes with it (the outline's JSON holds the model's words).
  const models = new ModelCache(undefined, (uri) => { const document = documents.get(uri); if (document) forgetOutline(document); });
  // After a quiet spell that followed a burst of work: models held to their budget, then a full collection.
  const idle = new IdleCollector({ onQuiet: () => models.trim().length > 0 });
  const settings = new SettingsStore(connection);
  const environments = new Map<string, RuleEnvironment>(); // per open document, read for each diagnostics run
  const builds = new Map<string, Map<string, BuildResultParams>>(); // per document: the last build of each target (in memory only)
  let buildLensTimer: ReturnType<typeof setInterval> | undefined;

  async function contextFor(uri: string): Promise<FeatureContext | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const documentSettings = await settings.get(uri);
    const model = models.get(uri, document.version, () => document.getText(), { buildArgs: documentSettings.buildArgs });
    return { document, model, settings: documentSettings, env: environments.get(uri) ?? {}, builds: builds.get(uri) };
  }

  // A request may reach the server before the didOpen of its document (a client that asks for a
  // document's lenses or outline as it opens it): such a request waits for the open, bounded. So
  // does one for a document closed a moment ago: VS Code closes a Dockerfile's model and opens it
  // again when its tab is closed and reopened, and the editor's first request can overtake the open.
  const openWaits = new Map<string, (() => void)[]>();
  function opened(uri: string): Promise<boolean> {
    if (documents.get(uri)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); resolve(documents.get(uri) !== undefined); };
      const timer = setTimeout(() => {
        const waits = openWaits.get(uri);
        const at = waits?.indexOf(done) ?? -1;
        if (waits && at >= 0) waits.splice(at, 1);
        if (waits?.length === 0) openWaits.delete(uri);
        resolve(false);
      }, OPEN_WAIT_MS);
      const waits = openWaits.get(uri);
      if (waits) waits.push(done);
      else openWaits.set(uri, [done]);
    });
  }

  /**
   * Runs a feature on a document; a failing feature logs and answers `fallback`, it never kills the
   * server. `waitForOpen`: a request for a document not open yet waits for its didOpen (bounded).
   */
  function on<P extends { textDocument: { uri: string } }, R>(name: string, feature: (context: FeatureContext, params: P) => R | Promise<R>, fallback: R, waitForOpen = false) {
    return async (params: P): Promise<R> => {
      idle.touch();
      try {
        const uri = params.textDocument.uri;
        if (waitForOpen && typeof uri === 'string' && !documents.get(uri) && !(await opened(uri))) return fallback;
        const context = await contextFor(uri);
        if (!context) return fallback;
        const clamped = clampPositions(context.document, params);
        return clamped ? await feature(context, clamped) : fallback;
      } catch (error) {
        connection.console.error(`${name} failed for ${params.textDocument.uri}: ${(error as Error)?.stack ?? error}`);
        return fallback;
      }
    };
  }

  const scheduler = new DiagnosticsScheduler((uri, version) => idle.during(() => publishDiagnostics(uri, version)));
  async function publishDiagnostics(uri: string, version: number): Promise<void> {
    const environment = readEnvironment(uri); // from disk meanwhile: overlaps the settings round trip
    environment.catch(() => undefined);
    const context = await contextFor(uri); // asks the client for the settings on a document's first run
    if (!context || context.document.version !== version) return;
    // Base images' platforms as the size lookups know them now (memory only; a lookup that learns
    // more runs the diagnostics again, see onPlatforms below).
    const env = { ...(await environment), platforms: platformFacts(context.model, context.settings, imageSizes()) };
    if (!documents.get(uri) || documents.get(uri)!.version !== version) return; // closed or edited meanwhile
    environments.set(uri, env);
    let result;
    try {
      result = diagnostics(context, env, (id, error) => connection.console.error(`rule ${id} failed for ${uri}: ${(error as Error)?.stack ?? error}`));
    } catch (error) {
      connection.console.error(`diagnostics failed for ${uri}: ${(error as Error)?.stack ?? error}`);
      return;
    }
    await connection.sendDiagnostics({ uri, version, diagnostics: result });
    if (firstRun.delete(uri)) refreshLenses();
  }

  // Lenses a client asked for before the server had a document's first model are asked again once
  // it exists (VS Code asks on its own only after an edit): one refresh for documents opened together.
  const firstRun = new Set<string>();
  let lensRefresh: ReturnType<typeof setTimeout> | undefined;
  function refreshLenses(): void {
    if (!codeLensRefresh || lensRefresh) return;
    lensRefresh = setTimeout(() => {
      lensRefresh = undefined;
      connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined);
    }, 50);
  }

  let configurationPull = false;
  let workspaceFolders = false;
  let codeLensRefresh = false;
  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    // Image sizes are cached on disk in the client's storage folder (VS Code's globalStorage), else in the temp folder.
    const storagePath = (params.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
    if (typeof storagePath === 'string' && storagePath) {
      configureImageSizes(new ImageSizeService({ cacheDir: storagePath, onError: (message) => connection.console.warn(message) }));
    }
    // A lookup (from a hover) learnt an image's platforms: invalid-base-image-platform may now know more.
    imageSizes().onPlatforms(() => { for (const document of documents.all()) scheduler.schedule(document, true); });
    configurationPull = capabilities.workspace?.configuration === true;
    if (configurationPull) settings.enablePull();
    workspaceFolders = capabilities.workspace?.workspaceFolders === true;
    settings.setFolders(params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []));
    codeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport === true;
    setBaselineCapabilities({
      completion: capabilities.textDocument?.completion as never,
      hover: capabilities.textDocument?.hover,
      foldingRange: capabilities.textDocument?.foldingRange,
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$'] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
        definitionProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: true },
        foldingRangeProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'stagecraft-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (configurationPull) connection.client.register(DidChangeConfigurationNotification.type, { section: 'stagecraft' }).then(undefined, () => undefined);
    // Settings are kept per workspace folder: a folder added or removed re-reads them.
    if (workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = await connection.workspace.getWorkspaceFolders().catch(() => null);
        settings.setFolders(folders?.map((folder) => folder.uri) ?? []);
        for (const document of documents.all()) scheduler.schedule(document, true);
      });
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings.push(params.settings);
    settings.clear();
    for (const document of documents.all()) scheduler.schedule(document, true);
    if (codeLensRefresh) connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined);
  });

  // A .dockerignore was created, changed or deleted (the client watches them): the rules that read
  // it run again for the open Dockerfiles on disk (each run reads the environment afresh).
  connection.onDidChangeWatchedFiles(() => {
    for (const document of documents.all()) if (document.uri.startsWith('file:')) scheduler.schedule(document, true);
  });

  documents.onDidOpen((event) => {
    idle.touch();
    const uri = event.document.uri;
    firstRun.add(uri);
    scheduler.schedule(event.document, true);
    const waits = openWaits.get(uri);
    openWaits.delete(uri);
    for (const done of waits ?? []) done();
  });
  documents.onDidChangeContent((event) => { idle.touch(); scheduler.schedule(event.document); });
  documents.onDidClose((event) => {
    idle.touch();
    scheduler.cancel(event.document.uri, true);
    firstRun.delete(event.document.uri);
    models.delete(event.document.uri);
    environments.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCompletion(on('completion', completion, []));
  connection.onCompletionResolve((item) => resolveCompletion(item));
  connection.onHover(on('hover', withImageSizes(hover), null));
  connection.onSignatureHelp(on('signatureHelp', signatureHelp, null));
  connection.onDocumentFormatting(on('formatting', formatDocument, []));
  connection.onDocumentRangeFormatting(on('rangeFormatting', formatRange, []));
  connection.onDocumentOnTypeFormatting(on('onTypeFormatting', formatOnType, []));
  connection.onDefinition(on('definition', definition, null));
  connection.onDocumentHighlight(on('documentHighlight', documentHighlight, []));
  connection.onPrepareRename(on('prepareRename', prepareRename, null));
  connection.onRenameRequest(on('rename', rename, null));
  connection.onDocumentLinks(on('documentLinks', documentLinks, [], true));
  connection.onDocumentLinkResolve((link) => resolveDocumentLink(link));
  connection.onFoldingRanges(on('foldingRanges', foldingRanges, [], true));
  // The outline goes out as JSON made per stage (rawJson.ts): a DocumentSymbol[] on the wire.
  const documentSymbolHandler = on<DocumentSymbolParams, RawJson | DocumentSymbol[]>('documentSymbol', documentSymbolsJson, [], true);
  connection.onDocumentSymbol(documentSymbolHandler as unknown as (params: DocumentSymbolParams) => Promise<DocumentSymbol[]>);
  connection.onCodeAction(on('codeAction', codeActions, []));
  connection.onReferences(on('references', references, []));
  connection.onCodeLens(on('codeLens', codeLenses, [], true));
  const buildPlanHandler = on<BuildPlanParams & { textDocument: { uri: string } }, BuildPlanResult | null>('buildPlan', buildPlan, null, true);
  connection.onRequest(serverSide(BuildPlanRequest.type), (params) => buildPlanHandler({ ...params, textDocument: { uri: params.uri } }));
  connection.onRequest(serverSide(ServerStatusRequest.type), (): ServerStatus => {
    const { heapUsed, heapTotal } = process.memoryUsage();
    return {
      pid: process.pid, version: typeof STAGECRAFT_VERSION === 'string' ? STAGECRAFT_VERSION : 'dev', documents: documents.all().length,
      memory: {
        heapUsedMB: megabytes(heapUsed), heapHeldMB: megabytes(heapTotal),
        baselineMB: megabytes(idle.baselineBytes), baselineHeldMB: megabytes(idle.baselineHeldBytes), idleCollections: idle.collections, idleCollectMs: Math.round(idle.collectMs) },
    };
  });
  connection.onNotification(serverSide(BuildResultNotification.type), (params) => {
    if (!params || typeof params.uri !== 'string' || typeof params.ok !== 'boolean' || typeof params.finishedAt !== 'number') return;
    const key = typeof params.target === 'string' ? params.target.toLowerCase() : '';
    let perDocument = builds.get(params.uri);
    if (!perDocument) builds.set(params.uri, (perDocument = new Map()));
    perDocument.set(key, {
      uri: params.uri, target: params.target, ok: params.ok, finishedAt: params.finishedAt,
      sizeBytes: typeof params.sizeBytes === 'number' ? params.sizeBytes : undefined,
      failedLine: typeof params.failedLine === 'number' ? params.failedLine : undefined,
    });
    if (codeLensRefresh) {
      connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined);
      // "built 2 min ago" ages: refresh the lenses once a minute while any result is shown.
      buildLensTimer ??= setInterval(() => { if (builds.size) connection.sendRequest('workspace/codeLens/refresh').then(undefined, () => undefined); }, 60_000);
      buildLensTimer.unref?.();
    }
  });

  // One handler: the connection keeps only the last one given.
  connection.onShutdown(() => {
    scheduler.dispose();
    idle.dispose();
    if (buildLensTimer) clearInterval(buildLensTimer);
    if (lensRefresh) clearTimeout(lensRefresh);
    imageSizes().flush();
  });
  documents.listen(connection);
  connection.listen();
}
