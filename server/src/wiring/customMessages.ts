/**
 * Stagecraft's own messages (declared in protocol.ts): the build plan, the server's status, and the
 * build results and builders the client reports for the lenses (the context size: contextWalks.ts).
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IdleCollector } from '../idleCollector';
import { buildPlan } from '../features/buildPlan';
import {
  BuilderChangedNotification,
  BuildPlanRequest,
  BuildResultNotification,
  ServerStatusRequest,
  serverSide,
  type BuildPlanParams,
  type BuildPlanResult,
  type ServerStatus,
} from '../protocol';
import type { BuildResults } from './buildResults';
import type { Builders } from './builders';
import type { LensRefresh } from './lensRefresh';
import type { FeatureHandler } from './requests';
import type { ContextWalks } from './contextWalks';

declare const STAGECRAFT_VERSION: string;

const megabytes = (bytes: number) => Math.round(bytes / 104857.6) / 10;

export interface CustomMessagesDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  idle: IdleCollector;
  builds: BuildResults;
  builders: Builders;
  lenses: LensRefresh;
  on: FeatureHandler;
  walks: ContextWalks;
}

/** The server's pid, version, open documents and memory, for support and tests. */
export function serverStatus(documents: TextDocuments<TextDocument>, idle: IdleCollector, walks?: ContextWalks): ServerStatus {
  const { heapUsed, heapTotal } = process.memoryUsage();
  return {
    pid: process.pid,
    version: typeof STAGECRAFT_VERSION === 'string' ? STAGECRAFT_VERSION : 'dev',
    documents: documents.all().length,
    memory: {
      heapUsedMB: megabytes(heapUsed),
      heapHeldMB: megabytes(heapTotal),
      baselineMB: megabytes(idle.baselineBytes),
      baselineHeldMB: megabytes(idle.baselineHeldBytes),
      idleCollections: idle.collections,
      idleCollectMs: Math.round(idle.collectMs),
    },
    contextWalks: walks?.sizes.status() ?? { running: 0, entries: 0, finished: 0 },
  };
}

export function registerCustomMessages(deps: CustomMessagesDeps): void {
  const { connection, documents, idle, builds, builders, lenses, on, walks } = deps;
  const buildPlanHandler = on<BuildPlanParams & { textDocument: { uri: string } }, BuildPlanResult | null>('buildPlan', buildPlan, null, true);
  connection.onRequest(serverSide(BuildPlanRequest.type), (params) => buildPlanHandler({ ...params, textDocument: { uri: params.uri } }));
  connection.onRequest(serverSide(ServerStatusRequest.type), (): ServerStatus => serverStatus(documents, idle, walks));
  connection.onNotification(serverSide(BuildResultNotification.type), (params) => {
    if (builds.record(params)) lenses.buildResult(() => builds.size > 0);
  });
  // The lenses and hovers of that folder describe another builder's plan now.
  connection.onNotification(serverSide(BuilderChangedNotification.type), (params) => {
    if (builders.record(params)) lenses.now();
  });
}
