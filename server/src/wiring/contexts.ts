/**
 * What every feature is given for a document (`FeatureContext`): the document, its model from the
 * model cache (one parse per version and build args), its settings, the environment its last
 * diagnostics run read from disk, its build results, the builder its builds use, and where its build
 * context is (with the walks that measure it).
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelCache } from '../analysis/cache';
import type { SettingsStore, StagecraftSettings } from '../settings';
import type { RuleEnvironment } from '../features/rules/rule';
import type { FeatureContext } from '../features/context';
import type { BuildResults } from './buildResults';
import type { Builders } from './builders';
import type { LayerResults } from './layerResults';
import type { ContextSizes } from '../context/cache';
import { contextRequest } from '../context/location';

export class FeatureContexts {
  /** Per open document: the environment read for its last diagnostics run. */
  private readonly environments = new Map<string, RuleEnvironment>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly models: ModelCache,
    private readonly settings: SettingsStore,
    private readonly builds: BuildResults,
    private readonly builders: Builders,
    private readonly layers?: LayerResults,
    private readonly sizes?: ContextSizes,
  ) {}

  /** Undefined when the document is not open. Asks the client for the settings on a document's first use. */
  async get(uri: string): Promise<FeatureContext | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const documentSettings = await this.settings.get(uri);
    const model = this.models.get(uri, document.version, () => document.getText(), { buildArgs: documentSettings.buildArgs });
    const builder = this.builders.of(uri, documentSettings);
    const layers = this.layers?.of(uri, model);
    const request = this.sizes && contextRequest(uri, documentSettings.buildContext, this.settings.folderOf(uri));
    const buildContext = request && { request, sizes: this.sizes! };
    return { document, model, settings: documentSettings, env: this.environments.get(uri) ?? {}, builds: this.builds.of(uri), builder, layers, buildContext };
  }

  /** The build context's folder for a document with these settings (`stagecraft.build.context`); undefined when it has none. */
  contextDir(uri: string, settings: StagecraftSettings): string | undefined {
    return contextRequest(uri, settings.buildContext, this.settings.folderOf(uri))?.contextDir;
  }

  setEnvironment(uri: string, env: RuleEnvironment): void {
    this.environments.set(uri, env);
  }

  /** The document closed: its model and environment go. The length of the text its model was read from (0 when none was kept). */
  forget(uri: string): number {
    this.environments.delete(uri);
    return this.models.delete(uri);
  }
}
