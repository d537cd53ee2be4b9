/**
 * What every feature function receives: the document, its one cached model, and its settings.
 * Features are pure functions `(context, params) -> result`; wiring.ts builds the context.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileLanguageService } from 'dockerfile-language-service';
import type { DockerfileModel } from '../analysis/model';
import type { StagecraftSettings } from '../settings';
import type { RuleEnvironment } from './rules/rule';
import type { BuildResultParams } from '../protocol';
import { installBaselineMemo } from './baselineMemo';

export interface FeatureContext {
  document: TextDocument;
  model: DockerfileModel;
  settings: StagecraftSettings;
  /** Facts from disk for the rules (the .dockerignore), as last read for diagnostics; `{}` when unknown. */
  env?: RuleEnvironment;
  /** The last build of each target of this document (key: lower-cased target name, '' = default target). */
  builds?: ReadonlyMap<string, BuildResultParams>;
  /** The clock for "built 2 min ago" (ms since 1970); Date.now() when absent. */
  now?: number;
}

let service: DockerfileLanguageService | undefined;
let capabilities: Parameters<DockerfileLanguageService['setCapabilities']>[0] | undefined;

/**
 * The baseline editor features (dockerfile-language-service), created once per server, on first use:
 * loading the library (and dockerfile-ast, dockerfile-utils, https for its registry client) took 16-20
 * ms of a 150 ms start, before the answer to `initialize` (the anchor loads the same).
 */
export function baseline(): DockerfileLanguageService {
  if (!service) {
    installBaselineMemo();
    const { DockerfileLanguageServiceFactory } = require('dockerfile-language-service') as typeof import('dockerfile-language-service');
    service = DockerfileLanguageServiceFactory.createLanguageService();
    if (capabilities) service.setCapabilities(capabilities);
  }
  return service;
}

/** The client's capabilities for the baseline (completion, hover and folding formats), kept until it is created. */
export function setBaselineCapabilities(value: Parameters<DockerfileLanguageService['setCapabilities']>[0]): void {
  capabilities = value;
  service?.setCapabilities(value);
}
