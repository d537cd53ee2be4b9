import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, TARGET_FILE_GLOBS } from '../../server/src/protocol';
import SERVER_PROCESS from '../../server/src/serverProcess.json';
import { UNTRUSTED_LENS, untrustedLenses } from './trust';

/**
 * Dockerfiles, and the Compose, Dev Container and CI files that build their stages (by path, whatever
 * their language: a Compose file is `yaml` or `dockercompose`, devcontainer.json `jsonc`): the server
 * answers target completion, definition, hover and diagnostics there.
 */
export const DOCUMENT_SELECTOR = [{ language: 'dockerfile' }, ...TARGET_FILE_GLOBS.map((pattern) => ({ scheme: 'file', pattern }))];

/** Restarts allowed in RESTART_WINDOW_MS before the client gives up (and says so, once). */
export const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/** What the crash handling did, for the output channel and for tests. */
export interface CrashStats {
  crashes: number;
  restarts: number;
  notices: number;
  gaveUp: boolean;
}

/**
 * When the server process dies, restart it (documents stay open in the editor and are sent again),
 * at most MAX_RESTARTS times in three minutes; tell the user once per session, not on every crash.
 */
export function crashHandler(stats: CrashStats, output: () => vscode.OutputChannel | undefined, now = () => Date.now()): ErrorHandler {
  const recent: number[] = [];
  return {
    error: (_error, _message, count): ErrorHandlerResult => ({
      action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      handled: true,
    }),
    closed: (): CloseHandlerResult => {
      stats.crashes++;
      const time = now();
      while (recent.length && time - recent[0] > RESTART_WINDOW_MS) recent.shift();
      output()?.appendLine(`[${new Date(time).toISOString()}] the language server stopped unexpectedly (${stats.crashes} time(s) this session)`);
      if (recent.length >= MAX_RESTARTS) {
        stats.gaveUp = true;
        void vscode.window.showErrorMessage(
          `Stagecraft: the language server stopped ${MAX_RESTARTS + 1} times in 3 minutes and was not restarted. Your files are unchanged. Run "Stagecraft: Restart Language Server" to try again.`,
        );
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      recent.push(time);
      stats.restarts++;
      if (stats.notices === 0) {
        stats.notices++;
        void vscode.window.showWarningMessage(
          'Stagecraft: the language server stopped unexpectedly and was restarted; your files are unchanged. Details are in the Stagecraft output.',
        );
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export function createLanguageClient(context: vscode.ExtensionContext, stats: CrashStats): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverEnv = { ...process.env, ...SERVER_PROCESS.env };
  const serverOptions: ServerOptions = {
    // How the server process starts (server/src/serverProcess.json, which the benchmark starts it with too):
    // --expose-gc, the server gives memory back after a burst of work once it is quiet (idleCollector.ts);
    // --max-semi-space-size=8, a young generation of 8 MB semi-spaces instead of 16 (docs/performance.md);
    // --v8-pool-size=1, one V8 helper thread instead of four, which took the CPU from the server's own
    // thread during the first edits of a large file (docs/performance.md).
    // stdio: the server writes a result that is JSON already as it is (the outline, rawJson.ts); over
    // node IPC, Node would parse and serialize it again.
    run: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_PROCESS.execArgv], env: serverEnv } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_PROCESS.execArgv, '--nolazy', '--inspect=6010'], env: serverEnv } },
  };
  // The server reads the .dockerignore of each Dockerfile's folder for its rules: tell it when one
  // is created, changed or deleted, so the diagnostics follow without an edit of the Dockerfile.
  // Likewise the Compose, Dev Container and CI files that build stages (the server's targets index).
  const watchers = ['**/{.dockerignore,*.dockerignore}', ...TARGET_FILE_GLOBS].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Settings are pulled by the server per document (workspace/configuration); this only
    // tells it when `stagecraft.*` changed.
    synchronize: { configurationSection: 'stagecraft', fileEvents: watchers },
    outputChannelName: 'Stagecraft',
    errorHandler: crashHandler(stats, () => client.outputChannel),
    middleware: {
      // In an untrusted workspace the Build/Run lenses become one lens that says why and opens trust.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses && !vscode.workspace.isTrusted ? untrusted(lenses) : lenses;
      },
      workspace: {
        // In an untrusted workspace the server is told so with its settings: it then makes no
        // registry request and runs no docker for what a Dockerfile names (see settings.ts).
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (vscode.workspace.isTrusted || !Array.isArray(result)) return result;
          return result.map((value, i) =>
            params.items[i]?.section === 'stagecraft' && value && typeof value === 'object' ? { ...value, workspaceTrusted: false } : value,
          );
        },
      },
    },
    // Where the server keeps its image-size cache.
    initializationOptions: { storagePath: context.globalStorageUri.fsPath },
  };
  // The `stagecraft.trace.server` setting is read by the client library from `<id>.trace.server`.
  const client = new LanguageClient('stagecraft', 'Stagecraft Language Server', serverOptions, clientOptions);
  return client;
}

const BUILD_COMMANDS: string[] = [Commands.buildTarget, Commands.runTarget];

function untrusted(lenses: vscode.CodeLens[]): vscode.CodeLens[] {
  return untrustedLenses(lenses, BUILD_COMMANDS, (lens) => new vscode.CodeLens(lens.range, { ...UNTRUSTED_LENS, arguments: [] }));
}
