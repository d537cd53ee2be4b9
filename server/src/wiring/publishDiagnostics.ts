/**
 * One diagnostics run for a document version (the scheduler decides when): reads the environment
 * from disk while the settings arrive, runs the rules on the cached model, and sends the result if
 * the document is still open at that version (otherwise a newer run is on its way).
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { platformFacts, readEnvironment } from '../environment';
import { imageSizes } from '../sizes/service';
import { diagnostics } from '../features/diagnostics';
import type { FeatureContexts } from './contexts';
import type { TargetIndex } from '../targets/index';
import { knownBuilds } from './targets';
import type { TargetFileContexts } from './targetFiles';
import { targetFileDiagnostics } from '../features/targetFile/diagnostics';

export interface PublishDiagnosticsDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  contexts: FeatureContexts;
  /** Who builds which target outside the Dockerfile (what it knows now: never waited for). */
  targets: TargetIndex;
  targetFiles: TargetFileContexts;
  /** Called after the diagnostics of `uri` were sent. */
  published: (uri: string) => void;
}

export async function publishDiagnostics(deps: PublishDiagnosticsDeps, uri: string, version: number): Promise<void> {
  const { connection, documents, contexts } = deps;
  if (deps.targetFiles.handles(uri)) return publishTargetFile(deps, uri, version);
  // From disk meanwhile, for the default context (the Dockerfile's folder): overlaps the settings round trip.
  let environment = readEnvironment(uri);
  environment.catch(() => undefined);
  const context = await contexts.get(uri); // asks the client for the settings on a document's first run
  if (!context || context.document.version !== version) return;
  // `stagecraft.build.context` may make the context another folder: its .dockerignore is the one the build reads.
  const contextDir = contexts.contextDir(uri, context.settings);
  if (contextDir !== undefined && context.settings.buildContext !== 'dockerfileFolder') environment = readEnvironment(uri, contextDir);
  // Base images' platforms as the size lookups know them now (memory only; a lookup that learns
  // more runs the diagnostics again, see initialize in lifecycle.ts).
  const env = { ...(await environment), platforms: platformFacts(context.model, context.settings, imageSizes()), builds: knownBuilds(deps.targets, uri) };
  if (!documents.get(uri) || documents.get(uri)!.version !== version) return; // closed or edited meanwhile
  contexts.setEnvironment(uri, env);
  let result;
  try {
    result = diagnostics(context, env, (id, error) => connection.console.error(`rule ${id} failed for ${uri}: ${(error as Error)?.stack ?? error}`));
  } catch (error) {
    connection.console.error(`diagnostics failed for ${uri}: ${(error as Error)?.stack ?? error}`);
    return;
  }
  await connection.sendDiagnostics({ uri, version, diagnostics: result });
  deps.published(uri);
}

/** A Compose, Dev Container or CI file: what could not be read, and targets that are no stage. */
async function publishTargetFile(deps: PublishDiagnosticsDeps, uri: string, version: number): Promise<void> {
  const { connection, documents } = deps;
  let result;
  try {
    const context = await deps.targetFiles.get(uri);
    if (!context || documents.get(uri)?.version !== version) return;
    result = targetFileDiagnostics(context);
  } catch (error) {
    connection.console.error(`diagnostics failed for ${uri}: ${(error as Error)?.stack ?? error}`);
    return;
  }
  await connection.sendDiagnostics({ uri, version, diagnostics: result });
}
