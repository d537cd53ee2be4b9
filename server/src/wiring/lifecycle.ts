/**
 * The session's messages: initialize (what the client supports, what the server offers), initialized,
 * settings and watched files changed, and the document events (open, change, close).
 */
import type { ClientCapabilities, Connection, InitializeParams, InitializeResult, TextDocuments } from 'vscode-languageserver';
import { DidChangeConfigurationNotification, TextDocumentSyncKind } from '../lsp';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SettingsStore } from '../settings';
import type { DiagnosticsScheduler } from '../scheduler';
import type { IdleCollector } from '../idleCollector';
import { setBaselineCapabilities } from '../features/context';
import { configureImageSizes, imageSizes, ImageSizeService } from '../sizes/service';
import type { FeatureContexts } from './contexts';
import type { LensRefresh } from './lensRefresh';
import type { HintRefresh } from './layerSizes';
import type { OpenWaits } from './openWaits';
import type { ContextWalks } from './contextWalks';
import type { TargetIndex } from '../targets/index';
import { folderPaths, targetsFilePath, uriPath } from './targets';

/** What the server offers, whatever the client. */
export const INITIALIZE_RESULT: InitializeResult = {
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
    inlayHintProvider: true,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  },
  serverInfo: { name: 'stagecraft-language-server' },
};

/** What the server uses of the client's capabilities after initialize. */
export interface ClientSupport {
  /** workspace/configuration: settings are asked per workspace folder. */
  configurationPull: boolean;
  /** Workspace folder change notifications. */
  workspaceFolders: boolean;
  /** workspace/codeLens/refresh. */
  codeLensRefresh: boolean;
  /** workspace/inlayHint/refresh. */
  inlayHintRefresh?: boolean;
}

export function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  return {
    configurationPull: capabilities.workspace?.configuration === true,
    workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    codeLensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
    inlayHintRefresh: capabilities.workspace?.inlayHint?.refreshSupport === true,
  };
}

export interface LifecycleDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  scheduler: DiagnosticsScheduler;
  idle: IdleCollector;
  contexts: FeatureContexts;
  lenses: LensRefresh;
  openWaits: OpenWaits;
  /** Inlay hints asked again (layer sizes) after a settings change. */
  hints?: HintRefresh;
  walks: ContextWalks;
  targets: TargetIndex;
}

/** Applies initialize's params to the server's parts; the client's support for what comes later. */
function initialize(deps: LifecycleDeps, params: InitializeParams): ClientSupport {
  const { connection, documents, settings, scheduler, lenses, targets } = deps;
  const capabilities = params.capabilities;
  // Image sizes are cached on disk in the client's storage folder (VS Code's globalStorage), else in the temp folder.
  const storagePath = (params.initializationOptions as { storagePath?: unknown } | undefined)?.storagePath;
  if (typeof storagePath === 'string' && storagePath) {
    configureImageSizes(new ImageSizeService({ cacheDir: storagePath, onError: (message) => connection.console.warn(message) }));
  }
  // A lookup (from a hover) learnt an image's platforms: invalid-base-image-platform may now know more.
  imageSizes().onPlatforms(() => {
    for (const document of documents.all()) scheduler.schedule(document, true);
  });
  const support = clientSupport(capabilities);
  if (support.configurationPull) settings.enablePull();
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  settings.setFolders(folders);
  targets.setFolders(folderPaths(folders));
  lenses.enable(support.codeLensRefresh);
  deps.hints?.enable(support.inlayHintRefresh === true);
  deps.walks.enable(capabilities);
  setBaselineCapabilities({
    completion: capabilities.textDocument?.completion as never,
    hover: capabilities.textDocument?.hover,
    foldingRange: capabilities.textDocument?.foldingRange,
  });
  return support;
}

/** initialize, initialized, and the workspace's notifications: settings, folders, watched files. */
export function registerSession(deps: LifecycleDeps): void {
  const { connection, documents, settings, scheduler, lenses, targets } = deps;
  const rerunAll = () => {
    for (const document of documents.all()) scheduler.schedule(document, true);
  };
  let support: ClientSupport = { configurationPull: false, workspaceFolders: false, codeLensRefresh: false };
  connection.onInitialize((params): InitializeResult => {
    support = initialize(deps, params);
    return INITIALIZE_RESULT;
  });
  connection.onInitialized(() => {
    if (support.configurationPull)
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'stagecraft' }).then(undefined, () => undefined);
    // Settings are kept per workspace folder: a folder added or removed re-reads them.
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = await connection.workspace.getWorkspaceFolders().catch(() => null);
        settings.setFolders(folders?.map((folder) => folder.uri) ?? []);
        targets.setFolders(folderPaths(folders?.map((folder) => folder.uri) ?? []));
        rerunAll();
      });
    }
  });
  connection.onDidChangeConfiguration((params) => {
    settings.push(params.settings);
    settings.clear();
    rerunAll();
    lenses.now();
    deps.hints?.now();
  });
  // Files changed. Context walks they change are dropped (wiring/contextWalks.ts). A Compose, Dev
  // Container or CI file: the targets index reads it again (and says when that changed anything). A
  // .dockerignore created, changed or deleted (the client watches them): the rules that read it run
  // again for the open Dockerfiles on disk (each run reads the environment afresh).
  connection.onDidChangeWatchedFiles((params) => {
    const changes = Array.isArray(params?.changes) ? params.changes : [];
    const uris = changes.map((change) => change?.uri).filter((uri): uri is string => typeof uri === 'string');
    deps.walks.changed(uris);
    for (const change of changes) {
      const path = typeof change?.uri === 'string' ? uriPath(change.uri) : undefined;
      if (path !== undefined) targets.fileChanged(path, change.type === 3);
    }
    if (!uris.some((uri) => /(?:^|\/)[^/]*\.dockerignore$/.test(uri))) return;
    for (const document of documents.all()) if (document.uri.startsWith('file:')) scheduler.schedule(document, true);
  });
}

/** didOpen, didChange, didClose: diagnostics scheduled or dropped, waiting requests resumed. */
export function registerDocumentEvents(deps: LifecycleDeps): void {
  const { connection, documents, scheduler, idle, contexts, lenses, openWaits, targets } = deps;
  // A Compose, Dev Container or CI file's unsaved text is what the targets index reads while it is
  // open; an edit of a Dockerfile may make a target in one of them right or wrong: they run again.
  const rerunTargetsFiles = (except: string) => {
    for (const document of documents.all()) if (document.uri !== except && targetsFilePath(targets, document.uri)) scheduler.schedule(document);
  };
  documents.onDidOpen((event) => {
    idle.touch();
    const uri = event.document.uri;
    const path = targetsFilePath(targets, uri);
    if (path) targets.documentChanged(path);
    lenses.opened(uri);
    scheduler.schedule(event.document, true);
    openWaits.opened(uri);
  });
  documents.onDidChangeContent((event) => {
    idle.touch();
    const path = targetsFilePath(targets, event.document.uri);
    if (path) targets.documentChanged(path);
    else rerunTargetsFiles(event.document.uri);
    scheduler.schedule(event.document);
  });
  documents.onDidClose((event) => {
    idle.touch();
    const path = targetsFilePath(targets, event.document.uri);
    if (path) targets.fileChanged(path); // read from disk again
    scheduler.cancel(event.document.uri, true);
    lenses.closed(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    idle.released(contexts.forget(event.document.uri));
  });
}
