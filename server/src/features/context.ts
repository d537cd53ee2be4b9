/**
 * What every feature function receives: the document, its one cached model, and its settings.
 * Features are pure functions `(context, params) -> result`; wiring/contexts.ts builds the context.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../analysis/model';
import type { StagecraftSettings } from '../settings';
import type { RuleEnvironment } from './rules/rule';
import type { BuilderInUse, BuildResultParams } from '../protocol';
import type { LayerBuild } from '../analysis/layers';
import type { ContextRequest, ContextSizes } from '../context/cache';

export interface FeatureContext {
  document: TextDocument;
  model: DockerfileModel;
  settings: StagecraftSettings;
  /** Facts from disk for the rules (the .dockerignore), as last read for diagnostics; `{}` when unknown. */
  env?: RuleEnvironment;
  /** The last build of each target of this document (key: lower-cased target name, '' = default target). */
  builds?: ReadonlyMap<string, BuildResultParams>;
  /** The layers of the last build of each target of this document, mapped (same keys as `builds`). */
  layers?: ReadonlyMap<string, LayerBuild>;
  /** The clock for "built 2 min ago" (ms since 1970); Date.now() when absent. */
  now?: number;
  /** The builder this document's builds use (wiring/builders.ts); BuildKit when absent. */
  builder?: BuilderInUse;
  /** A Dockerfile on disk: its build context (as `stagecraft.build.context` says) and the walks that measure it. */
  buildContext?: BuildContextHandle;
}

export interface BuildContextHandle {
  request: ContextRequest;
  sizes: ContextSizes;
}

/** The baseline service lives in server/src/baseline/ (what it serves: its README.md). */
export { baseline, setBaselineCapabilities } from '../baseline/service';
