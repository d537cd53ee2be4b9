/**
 * The one place that wires LSP requests to the pure feature functions. It owns the documents,
 * the model cache (one parse per document version), the settings store and the diagnostics scheduler.
 */
import {
  DidChangeConfigurationNotification,
  type Diagnostic,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from './analysis/cache';
import { SettingsStore } from './settings';
import { DiagnosticsScheduler } from './scheduler';
import { Validator } from './validator';
import { readEnvironment } from './environment';
import type { RuleEnvironment } from './features/rules/rule';
import { baseline, type FeatureContext } from './features/context';
import { completion, resolveCompletion } from './features/completion';
import { hover } from './features/hover';
import { signatureHelp } from './features/signatureHelp';
import { formatDocument, formatOnType, formatRange } from './features/formatting';
import { definition } from './features/definition';
import { documentHighlight } from './features/documentHighlight';
import { prepareRename, rename } from './features/rename';
import { documentLinks, resolveDocumentLink } from './features/documentLinks';
import { foldingRanges } from './features/foldingRange';
import { documentSymbols } from './features/documentSymbol';
import { baselineCommandEdits, baselineCommandIds, codeActions } from './features/codeAction';
import { diagnostics } from './features/diagnostics';
import { SLICE_MIN_LINES, planFor } from './features/sliced';
import { references } from './features/references';
import { codeLenses } from './features/codeLens';
import { buildPlan } from './features/buildPlan';
import { BuildPlanRequest, type BuildPlanParams, type BuildPlanResult } from './protocol';

/** `script` is this server's own file, started again as the validator worker (undefined: validate in-process). */
export function startServer(connection: Connection, script?: string): void {
  const documents = new TextDocuments(TextDocument);
  const models = new ModelCache();
  const settings = new SettingsStore(connection);
  const validator = new Validator(script);
  const environments = new Map<string, RuleEnvironment>(); // per open document, read for each diagnostics run

  async function contextFor(uri: string): Promise<FeatureContext | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const documentSettings = await settings.get(uri);
    const model = models.get(uri, document.version, () => document.getText(), { buildArgs: documentSettings.buildArgs });
    return { document, model, settings: documentSettings, env: environments.get(uri) ?? {} };
  }

  /** Runs a feature on a document; a failing feature logs and answers `fallback`, it never kills the server. */
  function on<P extends { textDocument: { uri: string } }, R>(name: string, feature: (context: FeatureContext, params: P) => R | Promise<R>, fallback: R) {
    return async (params: P): Promise<R> => {
      try {
        const context = await contextFor(params.textDocument.uri);
        return context ? await feature(context, params) : fallback;
      } catch (error) {
        connection.console.error(`${name} failed for ${params.textDocument.uri}: ${(error as Error)?.stack ?? error}`);
        return fallback;
      }
    };
  }

  const scheduler = new DiagnosticsScheduler(async (uri, version) => {
    const environment = readEnvironment(uri); // from disk meanwhile: overlaps the settings round trip and the validation
    environment.catch(() => undefined);
    const pending = contextFor(uri); // asks the client for the settings on a document's first run
    // A small file is validated whole (no model needed to cut it): do it while the settings travel.
    const early = documents.get(uri);
    let baselineRun: Promise<Diagnostic[] | undefined> | undefined;
    if (early && early.version === version && early.lineCount < SLICE_MIN_LINES) {
      await new Promise((resolve) => setImmediate(resolve)); // let the settings request go out first
      if (documents.get(uri)?.version !== version) return;
      baselineRun = validator.validate(uri, version, early.getText());
    }
    const context = await pending;
    if (!context || context.document.version !== version) return;
    const text = context.document.getText();
    const [baselineDiagnostics, env] = await Promise.all([baselineRun ?? validator.validate(uri, version, text, planFor(context.model, text)?.plan), environment]);
    if (!baselineDiagnostics) return; // a newer version replaced this one
    if (!documents.get(uri)) return; // closed meanwhile
    environments.set(uri, env);
    let result;
    try {
      result = diagnostics(context, baselineDiagnostics, env, (id, error) => connection.console.error(`rule ${id} failed for ${uri}: ${(error as Error)?.stack ?? error}`));
    } catch (error) {
      connection.console.error(`diagnostics failed for ${uri}: ${(error as Error)?.stack ?? error}`);
      return;
    }
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics: result });
  });

  let configurationPull = false;
  let codeLensRefresh = false;
  connection.onInitialize((params): InitializeResult => {
    const capabilities = params.capabilities;
    configurationPull = capabilities.workspace?.configuration === true;
    if (configurationPull) settings.enablePull();
    codeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport === true;
    baseline().setCapabilities({
      completion: capabilities.textDocument?.completion as never,
      hover: capabilities.textDocument?.hover,
      foldingRange: capabilities.textDocument?.foldingRange,
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-'] },
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
        executeCommandProvider: { commands: baselineCommandIds },
      },
      serverInfo: { name: 'stagecraft-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (configurationPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'stagecraft' });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    for (const document of documents.all()) scheduler.schedule(document, true);
    if (codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh');
  });

  documents.onDidOpen((event) => scheduler.schedule(event.document, true));
  documents.onDidChangeContent((event) => scheduler.schedule(event.document));
  documents.onDidClose((event) => {
    scheduler.cancel(event.document.uri, true);
    validator.forget(event.document.uri);
    models.delete(event.document.uri);
    environments.delete(event.document.uri);
    settings.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCompletion(on('completion', completion, []));
  connection.onCompletionResolve((item) => resolveCompletion(item));
  connection.onHover(on('hover', hover, null));
  connection.onSignatureHelp(on('signatureHelp', signatureHelp, null));
  connection.onDocumentFormatting(on('formatting', formatDocument, []));
  connection.onDocumentRangeFormatting(on('rangeFormatting', formatRange, []));
  connection.onDocumentOnTypeFormatting(on('onTypeFormatting', formatOnType, []));
  connection.onDefinition(on('definition', definition, null));
  connection.onDocumentHighlight(on('documentHighlight', documentHighlight, []));
  connection.onPrepareRename(on('prepareRename', prepareRename, null));
  connection.onRenameRequest(on('rename', rename, null));
  connection.onDocumentLinks(on('documentLinks', documentLinks, []));
  connection.onDocumentLinkResolve((link) => resolveDocumentLink(link));
  connection.onFoldingRanges(on('foldingRanges', foldingRanges, []));
  connection.onDocumentSymbol(on('documentSymbol', documentSymbols, []));
  connection.onCodeAction(on('codeAction', codeActions, []));
  connection.onReferences(on('references', references, []));
  connection.onCodeLens(on('codeLens', codeLenses, []));
  const buildPlanHandler = on<BuildPlanParams & { textDocument: { uri: string } }, BuildPlanResult | null>('buildPlan', buildPlan, null);
  connection.onRequest(BuildPlanRequest.method, (params: BuildPlanParams) => buildPlanHandler({ ...params, textDocument: { uri: params.uri } }));
  connection.onExecuteCommand(async (params) => {
    const args = params.arguments ?? [];
    const uri = args[0];
    if (typeof uri !== 'string') return;
    const context = await contextFor(uri);
    const edits = context && baselineCommandEdits(context, params.command, args);
    if (context && edits?.length) await connection.workspace.applyEdit({ documentChanges: [{ textDocument: { uri, version: context.document.version }, edits }] });
  });

  connection.onShutdown(() => { scheduler.dispose(); validator.dispose(); });
  documents.listen(connection);
  connection.listen();
}
