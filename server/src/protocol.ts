/**
 * Custom requests, notifications and commands shared by the client and the server: each message is a
 * typed vscode-jsonrpc `RequestType`/`NotificationType` (`client.sendRequest(BuildPlanRequest.type,
 * params)`; the server registers it through `serverSide`). Besides vscode-jsonrpc (which both sides'
 * libraries are built on) only constants and types, so both bundles can import this file without
 * pulling the other side's library in.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type * as server from 'vscode-languageserver';
import type { Range } from './analysis/model';

/** `stagecraft/buildPlan`: the stages of a document and what a target builds; null when the server does not have the document. */
export const BuildPlanRequest = {
  method: 'stagecraft/buildPlan',
  type: new RequestType<BuildPlanParams, BuildPlanResult | null, void>('stagecraft/buildPlan'),
} as const;

export interface BuildPlanParams {
  uri: string;
  /** Stage name (case-insensitive) or index; the default target (last stage) when omitted. */
  target?: string | number;
}

export interface PlanStage {
  index: number;
  name?: string;
  /** `build` or `stage 2`. */
  label: string;
  range: Range;
  nameRange?: Range;
  /** What FROM names, as written. */
  baseText: string;
  baseKind: 'image' | 'stage' | 'scratch' | 'unresolved';
  /** The resolved image reference for an image base. */
  image?: string;
  dependsOn: number[];
  /** 0-based start line of each instruction of the stage, FROM first (maps a builder's step to a line). */
  instructionLines: number[];
}

/**
 * One use of a stage or an external image by a stage: `FROM <stage|image>`, `COPY/ADD --from=`,
 * `RUN --mount=…,from=`. References that resolve to nothing buildable (a later stage, a bad index)
 * are left out; diagnostics report them.
 */
export interface PlanEdge {
  kind: 'from' | 'copy' | 'add' | 'mount';
  /** The stage that holds the instruction (the one that needs the other). */
  stage: number;
  /** The earlier stage it uses; undefined when it uses an external image. */
  source?: number;
  /** The external image it uses (normalized reference); undefined when it uses a stage. */
  image?: string;
  /** Where the reference is written (the FROM argument, the `--from`/`from=` value). */
  range: Range;
}

export interface BuildPlanResult {
  uri: string;
  version: number;
  stages: PlanStage[];
  /** Every use of a stage or an image, in file order (the graph's edges). */
  edges: PlanEdge[];
  defaultTarget?: number;
  /** The resolved target; undefined when the document has no stages or the target is unknown. */
  target?: number;
  /** Stages BuildKit builds for the target (the target and its dependencies), in file order. */
  buildkit: number[];
  /** Stages the classic builder builds for the target (every stage up to it). */
  classic: number[];
  /**
   * When the target's stages run, group after group: under BuildKit a group holds the stages whose
   * dependencies are all in earlier groups (stages in one group can run at the same time); the classic
   * builder runs one stage per group, in file order. Empty lists when there is no target.
   */
  groups: { buildkit: number[][]; classic: number[][] };
  /** The longest chain of dependent stages BuildKit builds for the target, first stage first, ending at the target. */
  criticalPath: number[];
  /** 0-based start line of every instruction in file order (the classic builder's `Step N/M`). */
  instructionLines: number[];
  /**
   * Compressed sizes of the external images the file uses (FROM, --from, mount from=), by normalized
   * reference, from the bundled catalog (linux/amd64); images the catalog does not know are absent.
   */
  imageSizes?: Record<string, ImageSizeNote>;
  /**
   * The builder this document's builds use and why: `stagecraft.build.builder` when it names one,
   * else what the client said for its workspace folder (`stagecraft/builderChanged`), else BuildKit.
   */
  builder?: BuilderInUse;
  /** Instructions of the target's classic-builder stages that only BuildKit builds (at most 20, file order). */
  needsBuildKit?: { line: number; feature: string }[];
}

/** Which builder builds, for the texts that describe a plan. */
export interface BuilderInUse {
  kind: 'buildkit' | 'classic';
  /** Why, in a few words for the end of a sentence: `this docker CLI (28.2.2) has no buildx`. */
  reason?: string;
  /** `client`: the client detected it; `setting`: stagecraft.build.builder; `default`: nobody said (BuildKit). */
  source: 'client' | 'setting' | 'default';
}

/** A catalog figure: compressed bytes, whether it is an estimate, and where it comes from. */
export interface ImageSizeNote {
  bytes: number;
  estimate: boolean;
  source: string;
}

/** `stagecraft/serverStatus`: which process serves, and what it holds (for support and tests). */
export const ServerStatusRequest = {
  method: 'stagecraft/serverStatus',
  type: new RequestType0<ServerStatus, void>('stagecraft/serverStatus'),
} as const;

export interface ServerStatus {
  pid: number;
  version: string;
  /** Documents open in the server. */
  documents: number;
  /** The server's heap in use, and the full collections it ran after quiet spells (see idleCollector.ts). */
  memory: { heapUsedMB: number; heapHeldMB: number; baselineMB: number; baselineHeldMB: number; idleCollections: number; idleCollectMs: number };
  /** Build-context walks: running now, the entries they have looked at so far, and finished since the start. */
  contextWalks: { running: number; entries: number; finished: number };
}

/**
 * `stagecraft/contextSize`: what a build of this Dockerfile with this context sends, after the
 * `.dockerignore` BuildKit reads (`<Dockerfile>.dockerignore` beside it, else the context's). Answered
 * from the server's walk of the folder (cached until a file in it changes). Null for a Dockerfile
 * or context that is not a `file:` URI.
 */
export const ContextSizeRequest = {
  method: 'stagecraft/contextSize',
  type: new RequestType<ContextSizeParams, ContextSizeResult | null, void>('stagecraft/contextSize'),
} as const;

export interface ContextSizeParams {
  /** The Dockerfile (it need not be open). */
  uri: string;
  /** The context folder the build uses; as `stagecraft.build.context` says when omitted. */
  context?: string;
}

export interface ContextSizeResult {
  /** The context folder (URI). */
  context: string;
  /** The `.dockerignore` read (URI); undefined when there is none. */
  ignoreFile?: string;
  files: number;
  bytes: number;
  directories: number;
  /** False when the walk stopped early (a very large folder): the figures are lower bounds. */
  complete: boolean;
  /** Why the folder could not be read, when it could not. */
  error?: string;
  /** The largest top-level folders sent, largest first (paths relative to the context). */
  largestFolders: { path: string; files: number; bytes: number }[];
  /** One line for a terminal: `build context: 1,037 files, 2.0 MB (after .dockerignore; largest: assets 2.0 MB)`. */
  summary: string;
}

/** Names BuildKit accepts for a stage, and so for `--target`: checked by the server and again by the client. */
export const STAGE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

/**
 * Files that name a Dockerfile and a target (Compose, Dev Containers, GitHub workflows, Azure
 * Pipelines): the client watches them for the server's targets index (server/src/targets/files.ts
 * decides which of them it reads: these globs may match a little more).
 */
export const TARGET_FILE_GLOBS = [
  '**/{compose,docker-compose}*.{yml,yaml}',
  '**/.devcontainer/devcontainer.json',
  '**/.devcontainer/*/devcontainer.json',
  '**/.devcontainer.json',
  '**/.github/workflows/*.{yml,yaml}',
  '**/*azure-pipelines*.{yml,yaml}',
  '**/.azure-pipelines/*.{yml,yaml}',
] as const;

/** Client commands the server's CodeLenses invoke. */
export const Commands = {
  buildTarget: 'stagecraft.buildTarget',
  runTarget: 'stagecraft.runTarget',
} as const;

export interface TargetCommandArgs {
  uri: string;
  /** Stage name to pass to `--target`; undefined builds the default target. */
  target?: string;
}

/**
 * `stagecraft/buildResult` (client -> server notification): a build ended. The server keeps the last
 * result per document and target in memory and shows it in that stage's lens
 * ("built 2 min ago · 4.5 MB"), then asks the client to refresh lenses.
 */
export const BuildResultNotification = {
  method: 'stagecraft/buildResult',
  type: new NotificationType<BuildResultParams>('stagecraft/buildResult'),
} as const;

export interface BuildResultParams {
  uri: string;
  /** The `--target` stage name; undefined for the default target. */
  target?: string;
  ok: boolean;
  /** When the build ended, in ms since 1970 (the client's clock). */
  finishedAt: number;
  /** Uncompressed size of the image (`docker image inspect`), when the build succeeded. */
  sizeBytes?: number;
  /** The image's platform as the engine reports it (`linux/amd64`), with its size. */
  platform?: string;
  /** 0-based Dockerfile line the failed build's output names. */
  failedLine?: number;
}

/**
 * `stagecraft/builderChanged` (client -> server notification): the builder builds of a workspace
 * folder will use, as the client decided it (docker CLI, buildx, DOCKER_BUILDKIT, the engine,
 * stagecraft.build.builder). The lenses, stage hovers and build plans of that folder's documents
 * then describe that builder's plan. `folderUri` '' is for documents outside every folder.
 */
export const BuilderChangedNotification = {
  method: 'stagecraft/builderChanged',
  type: new NotificationType<BuilderChangedParams>('stagecraft/builderChanged'),
} as const;

export interface BuilderChangedParams {
  folderUri: string;
  builder: 'buildkit' | 'classic';
  /** Why, in a few words: `this docker CLI (28.2.2) has no buildx`. */
  reason: string;
}

/**
 * A message type as the server's library declares it, for `connection.onRequest`/`onNotification`.
 * vscode-languageserver 10.1 is built on vscode-jsonrpc 9 and vscode-languageclient 11 on
 * vscode-jsonrpc 10: the same classes twice, which TypeScript keeps apart (they have private
 * members). The objects above are the client's; the server bundle resolves `vscode-jsonrpc` to the
 * server library's copy (esbuild.mjs), so there they are that copy's objects and this only restates
 * their type. (Under tsx, in unit tests, they stay the client's: a connection reads only `method`
 * and `numberOfParams` of a type it is given.) Drop this, and the alias, once the server is on
 * vscode-languageserver 11 (vscode-jsonrpc 10).
 */
export function serverSide<P, R, E>(type: RequestType<P, R, E>): server.RequestType<P, R, E>;
export function serverSide<R, E>(type: RequestType0<R, E>): server.RequestType0<R, E>;
export function serverSide<P>(type: NotificationType<P>): server.NotificationType<P>;
export function serverSide(type: unknown): unknown {
  return type;
}

/**
 * `stagecraft/layerHistory` (client -> server notification): after a successful build, the image's
 * history and size and its base image's history, as the engine reports them (`docker image history`,
 * `docker image inspect`). The server lays them over the target's instructions on its model
 * (analysis/layers.ts) and shows the bytes each instruction added (inlay hints, the stage hover).
 */
export const LayerHistoryNotification = {
  method: 'stagecraft/layerHistory',
  type: new NotificationType<LayerHistoryParams>('stagecraft/layerHistory'),
} as const;

export interface LayerHistoryParams {
  uri: string;
  /** The `--target` stage name; undefined for the default target. */
  target?: string;
  /** The image's tag. */
  tag: string;
  builder: 'buildkit' | 'classic';
  /** When the build ended, in ms since 1970 (the client's clock). */
  finishedAt: number;
  /** The server's document version the build's plan came from (`BuildPlanResult.version`). */
  planVersion?: number;
  /** The document had unsaved changes when the build started: docker built the file on disk, not the editor's text. */
  unsaved?: boolean;
  /** `docker image inspect`'s size, in bytes. */
  size: number;
  /** `docker image history`, newest first. */
  history: LayerHistoryEntry[];
  /** The history of the base image the target's FROM chain starts at; [] for scratch; absent when it could not be read. */
  baseHistory?: LayerHistoryEntry[];
  /** The base image's name as the client looked it up. */
  baseImage?: string;
}

/** One row of `docker image history`: what made it, and its layer's bytes. */
export interface LayerHistoryEntry {
  createdBy: string;
  size: number;
}
