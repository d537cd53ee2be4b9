/**
 * The values (enums, classes) the server takes from vscode-languageserver, imported here once.
 * The library is CommonJS with hundreds of exports, and the bundler copies all of them into a new
 * namespace object for every module that imports a value from it: 18 such copies were about a tenth of
 * the server's cold start. Features import the values from this module; types come from the library.
 */
export {
  AbstractMessageWriter,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentHighlightKind,
  ErrorCodes,
  FoldingRangeKind,
  MarkupContent,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
