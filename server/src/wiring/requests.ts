/**
 * LSP requests about a document, each answered by a feature function `(context, params) -> result`
 * through `featureHandler`: positions clamped to the document, the cached model, a fallback (never
 * an error) when the feature throws.
 */
import type { Connection, DocumentSymbol, DocumentSymbolParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IdleCollector } from '../idleCollector';
import type { RawJson } from '../rawJson';
import type { FeatureContext } from '../features/context';
import { completion, resolveCompletion } from '../features/completion';
import { hover } from '../features/hover';
import { withImageSizes } from '../features/imageHover';
import { withContextSize } from '../features/contextSize';
import { signatureHelp } from '../features/signatureHelp';
import { formatDocument, formatOnType, formatRange } from '../features/formatting';
import { definition } from '../features/definition';
import { documentHighlight } from '../features/documentHighlight';
import { prepareRename, rename } from '../features/rename';
import { documentLinks, resolveDocumentLink } from '../features/documentLinks';
import { foldingRanges } from '../features/foldingRange';
import { documentSymbolsJson } from '../features/documentSymbol';
import { codeActions } from '../features/codeAction';
import { references } from '../features/references';
import { codeLenses } from '../features/codeLens';
import { inlayHints } from '../features/inlayHints';
import type { FeatureContexts } from './contexts';
import type { OpenWaits } from './openWaits';
import type { TargetFileContexts } from './targetFiles';

type Pos = { line: number; character: number };

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

export interface FeatureHandlerDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  contexts: FeatureContexts;
  openWaits: OpenWaits;
  idle: IdleCollector;
  /** Compose, Dev Container and CI files: their requests go to their own features. */
  targetFiles?: TargetFileContexts;
}

export type FeatureHandler = <P extends { textDocument: { uri: string } }, R>(
  name: string,
  feature: (context: FeatureContext, params: P) => R | Promise<R>,
  fallback: R,
  waitForOpen?: boolean,
) => (params: P) => Promise<R>;

/**
 * `on(name, feature, fallback, waitForOpen)`: runs a feature on a document; a failing feature logs
 * and answers `fallback`, it never kills the server. `waitForOpen`: a request for a document not
 * open yet waits for its didOpen (bounded).
 */
export function featureHandler(deps: FeatureHandlerDeps): FeatureHandler {
  const { connection, documents, contexts, openWaits, idle, targetFiles } = deps;
  return (name, feature, fallback, waitForOpen = false) =>
    async (params) => {
      idle.touch();
      try {
        const uri = params.textDocument.uri;
        if (waitForOpen && typeof uri === 'string' && !documents.get(uri) && !(await openWaits.wait(uri))) return fallback;
        if (targetFiles && typeof uri === 'string' && targetFiles.handles(uri)) {
          const targetFeature = targetFiles.feature(name);
          const targetContext = targetFeature && (await targetFiles.get(uri));
          const targetParams = targetContext && clampPositions(targetContext.document, params);
          return targetParams ? ((await targetFeature!(targetContext!, targetParams as never)) as typeof fallback) : fallback;
        }
        const context = await contexts.get(uri);
        if (!context) return fallback;
        const clamped = clampPositions(context.document, params);
        return clamped ? await feature(context, clamped) : fallback;
      } catch (error) {
        connection.console.error(`${name} failed for ${params.textDocument.uri}: ${(error as Error)?.stack ?? error}`);
        return fallback;
      }
    };
}

/** Every standard LSP request about a document, each to its feature. */
export function registerFeatureRequests(connection: Connection, on: FeatureHandler): void {
  connection.onCompletion(on('completion', completion, []));
  connection.onCompletionResolve((item) => resolveCompletion(item));
  connection.onHover(on('hover', withContextSize(withImageSizes(hover)), null));
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
  connection.languages.inlayHint.on(on('inlayHint', inlayHints, []));
}
