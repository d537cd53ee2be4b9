/**
 * Requests and diagnostics for the Compose, Dev Container and CI files the targets index reads:
 * they are open to the server too (the client's document selector names them), but are no
 * Dockerfiles, so their requests go to the features in features/targetFile/ (any other request is
 * answered with its fallback). The Dockerfiles they mean: the open document's cached model, else
 * the file read from disk and parsed once per modification time.
 */
import { stat, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../analysis/parse';
import type { DockerfileModel } from '../analysis/model';
import type { TargetIndex } from '../targets/index';
import type { TargetFileContext } from '../features/targetFile/context';
import { targetFileCompletion } from '../features/targetFile/completion';
import { targetFileHover } from '../features/targetFile/hover';
import { targetFileDefinition } from '../features/targetFile/definition';
import { targetFileCodeActions } from '../features/targetFile/codeAction';
import type { FeatureContexts } from './contexts';
import { targetsFilePath, uriPath } from './targets';

/** Dockerfiles larger than this are not read for a targets file's features. */
const MAX_BYTES = 4 * 1024 * 1024;
/** Dockerfiles read from disk kept parsed (the least recently used go first). */
const DISK_MODELS = 32;

/** A feature of targets files; its params are the request's (the table below pairs them by name). */
type TargetFileFeature = (context: TargetFileContext, params: never) => unknown;

/** The LSP requests a targets file answers, by the name `on(…)` gives them (requests.ts). */
const FEATURES: Record<string, TargetFileFeature> = {
  completion: targetFileCompletion,
  hover: targetFileHover,
  definition: targetFileDefinition,
  codeAction: targetFileCodeActions,
};

export class TargetFileContexts {
  private readonly diskModels = new Map<string, { stamp: string; model: DockerfileModel }>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly contexts: FeatureContexts,
    private readonly targets: TargetIndex,
    /** Counts of the work done, for tests. */
    readonly counters = { diskParses: 0 },
  ) {}

  /** Whether the document at `uri` is a targets file (not a Dockerfile). */
  handles(uri: string): boolean {
    return targetsFilePath(this.targets, uri) !== undefined;
  }

  /** The feature for request `name` on a targets file; undefined: answered with the fallback. */
  feature(name: string): TargetFileFeature | undefined {
    return Object.hasOwn(FEATURES, name) ? FEATURES[name] : undefined;
  }

  async get(uri: string): Promise<TargetFileContext | undefined> {
    const document = this.documents.get(uri);
    const path = uriPath(uri);
    if (!document || path === undefined) return undefined;
    const { refs, problems } = await this.targets.inFile(path);
    const dockerfiles = new Map<string, { uri: string; model: DockerfileModel }>();
    for (const dockerfile of new Set(refs.map((ref) => ref.dockerfile))) {
      if (dockerfile === undefined) continue;
      const model = await this.model(dockerfile);
      if (model) dockerfiles.set(dockerfile, model);
    }
    return { document, path, refs, problems, dockerfiles };
  }

  private async model(path: string): Promise<{ uri: string; model: DockerfileModel } | undefined> {
    const open = this.documents.all().find((document) => uriPath(document.uri) === path);
    if (open) {
      const context = await this.contexts.get(open.uri);
      return context && { uri: open.uri, model: context.model };
    }
    let stamp: string;
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > MAX_BYTES) return undefined;
      stamp = `${info.mtimeMs}:${info.size}`;
      const cached = this.diskModels.get(path);
      if (cached?.stamp === stamp) {
        this.diskModels.delete(path); // most recently used last
        this.diskModels.set(path, cached);
        return { uri: pathToFileURL(path).href, model: cached.model };
      }
      const text = (await readFile(path)).toString('utf8');
      this.counters.diskParses++;
      const model = parseDockerfile(text);
      this.diskModels.set(path, { stamp, model });
      if (this.diskModels.size > DISK_MODELS) this.diskModels.delete(this.diskModels.keys().next().value!);
      return { uri: pathToFileURL(path).href, model };
    } catch {
      return undefined;
    }
  }
}
