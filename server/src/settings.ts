/**
 * Typed settings, read from the client with `workspace/configuration` (section `stagecraft`),
 * cached per workspace folder and dropped when the client says they changed. VS Code resolves a
 * resource's settings from its workspace folder (user, workspace, folder), so documents of one
 * folder share one answer: asking once per folder instead of once per document saves a round trip
 * to the client before the first diagnostics of every opened file.
 *
 * How to add a setting:
 *  1. Add it to `contributes.configuration` in package.json (`stagecraft.<key>`, with a scope).
 *  2. Add the field to `StagecraftSettings` and its default to `defaultSettings`.
 *  3. Read and check it in `normalizeSettings` (never trust the shape sent by the client).
 *  4. Use it from a feature through the `settings` argument, never by asking the client directly.
 *  5. Test it: test/unit/settings.test.ts for normalizing, an integration test for the effect.
 */
import type { Connection } from 'vscode-languageserver';
import { SEVERITIES, type RuleSeverity } from './features/rules/rule';
import { rulesById } from './features/rules';

export interface StagecraftSettings {
  /** Build-arg overrides used to resolve variables in FROM lines. */
  buildArgs: Record<string, string>;
  /** `stagecraft.codeLens.enable`: Build/Run lenses above every FROM. */
  codeLensEnable: boolean;
  /** `stagecraft.diagnostics.<rule id>`: severity overrides; a rule not listed keeps its default. */
  diagnostics: Record<string, RuleSeverity>;
  /** `stagecraft.imageSizes.offline`: no registry request at all; sizes from the catalog and the local engine only. */
  imageSizesOffline: boolean;
  /** `stagecraft.docker.path`: the docker CLI (local image sizes); VS Code ignores a workspace value in untrusted folders. */
  dockerPath: string;
  /** `stagecraft.build.platform`: the `--platform` builds use (e.g. `linux/arm64`); empty: the engine's. */
  buildPlatform: string;
  /** `stagecraft.build.builder`: `auto` (what the client detects), or the builder builds are made with. */
  buildBuilder: 'auto' | 'buildkit' | 'classic';
  /** `stagecraft.layerSizes.enabled`: after a build, the bytes each instruction added (inlay hints, the stage hover). */
  layerSizesEnabled: boolean;
  /** `stagecraft.build.context`: the folder builds send (the Dockerfile's, or its workspace folder); the context-size hovers and lens walk it. */
  buildContext: 'dockerfileFolder' | 'workspaceFolder';
  /**
   * False when VS Code has not trusted the workspace (the client adds `workspaceTrusted: false` to
   * the `stagecraft` section): then nothing from the Dockerfile makes the server connect anywhere or
   * run anything (no registry lookups, no local docker). Not a user setting.
   */
  workspaceTrusted: boolean;
}

export const defaultSettings: StagecraftSettings = Object.freeze({
  buildArgs: {},
  codeLensEnable: true,
  diagnostics: {},
  imageSizesOffline: false,
  dockerPath: 'docker',
  buildPlatform: '',
  buildBuilder: 'auto',
  layerSizesEnabled: true,
  buildContext: 'dockerfileFolder',
  workspaceTrusted: true,
});

/** Problems found while normalizing (a wrong type or value): the setting falls back to its default. */
export type SettingsWarning = string;

export function normalizeSettings(raw: unknown, warn: (message: SettingsWarning) => void = () => undefined): StagecraftSettings {
  const section = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  // Entries, then Object.fromEntries: `buildArgs[name] = value` would drop an ARG named `__proto__`
  // (assigning it sets the prototype); readers look names up with Object.hasOwn.
  const args: [string, string][] = [];
  const rawArgs = section.buildArgs;
  if (rawArgs && typeof rawArgs === 'object' && !Array.isArray(rawArgs)) {
    for (const [name, value] of Object.entries(rawArgs as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') args.push([name, String(value)]);
      else warn(`stagecraft.buildArgs.${name}: ${JSON.stringify(value)} is not a string; it is ignored.`);
    }
  } else if (rawArgs !== undefined && rawArgs !== null) {
    warn(`stagecraft.buildArgs: expected an object of NAME: value pairs, got ${JSON.stringify(rawArgs)}; using {}.`);
  }
  const buildArgs: Record<string, string> = Object.fromEntries(args);
  const codeLens = section.codeLens && typeof section.codeLens === 'object' ? (section.codeLens as Record<string, unknown>) : {};
  const codeLensEnable = typeof codeLens.enable === 'boolean' ? codeLens.enable : defaultSettings.codeLensEnable;
  if (codeLens.enable !== undefined && typeof codeLens.enable !== 'boolean')
    warn(`stagecraft.codeLens.enable: ${JSON.stringify(codeLens.enable)} is not true or false; using true.`);
  const diagnostics: Record<string, RuleSeverity> = {};
  const rawDiagnostics = section.diagnostics;
  if (rawDiagnostics && typeof rawDiagnostics === 'object' && !Array.isArray(rawDiagnostics)) {
    for (const [id, value] of Object.entries(rawDiagnostics as Record<string, unknown>)) {
      if (!rulesById.has(id)) continue; // settings of rules this version does not have
      if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) diagnostics[id] = value as RuleSeverity;
      else
        warn(
          `stagecraft.diagnostics.${id}: ${JSON.stringify(value)} is not one of ${SEVERITIES.join(', ')}; using the default (${rulesById.get(id)!.defaultSeverity}).`,
        );
    }
  }
  const imageSizes = section.imageSizes && typeof section.imageSizes === 'object' ? (section.imageSizes as Record<string, unknown>) : {};
  const imageSizesOffline = typeof imageSizes.offline === 'boolean' ? imageSizes.offline : defaultSettings.imageSizesOffline;
  if (imageSizes.offline !== undefined && typeof imageSizes.offline !== 'boolean')
    warn(`stagecraft.imageSizes.offline: ${JSON.stringify(imageSizes.offline)} is not true or false; using false.`);
  const docker = section.docker && typeof section.docker === 'object' ? (section.docker as Record<string, unknown>) : {};
  const dockerPath = typeof docker.path === 'string' && docker.path.trim() ? docker.path.trim() : defaultSettings.dockerPath;
  if (docker.path !== undefined && typeof docker.path !== 'string')
    warn(`stagecraft.docker.path: ${JSON.stringify(docker.path)} is not a string; using docker.`);
  const build = section.build && typeof section.build === 'object' ? (section.build as Record<string, unknown>) : {};
  const buildPlatform = typeof build.platform === 'string' ? build.platform.trim() : defaultSettings.buildPlatform;
  if (build.platform !== undefined && typeof build.platform !== 'string')
    warn(`stagecraft.build.platform: ${JSON.stringify(build.platform)} is not a string; using the engine's platform.`);
  const builders = ['auto', 'buildkit', 'classic'] as const;
  const buildBuilder = builders.find((b) => b === build.builder) ?? defaultSettings.buildBuilder;
  if (build.builder !== undefined && buildBuilder !== build.builder)
    warn(`stagecraft.build.builder: ${JSON.stringify(build.builder)} is not one of ${builders.join(', ')}; using auto.`);
  const layerSizes = section.layerSizes && typeof section.layerSizes === 'object' ? (section.layerSizes as Record<string, unknown>) : {};
  const layerSizesEnabled = typeof layerSizes.enabled === 'boolean' ? layerSizes.enabled : defaultSettings.layerSizesEnabled;
  if (layerSizes.enabled !== undefined && typeof layerSizes.enabled !== 'boolean')
    warn(`stagecraft.layerSizes.enabled: ${JSON.stringify(layerSizes.enabled)} is not true or false; using true.`);
  let buildContext = defaultSettings.buildContext;
  if (build.context === 'dockerfileFolder' || build.context === 'workspaceFolder') buildContext = build.context;
  else if (build.context !== undefined && build.context !== null)
    warn(`stagecraft.build.context: ${JSON.stringify(build.context)} is not dockerfileFolder or workspaceFolder; using dockerfileFolder.`);
  const workspaceTrusted = section.workspaceTrusted !== false;
  return {
    buildArgs,
    codeLensEnable,
    diagnostics,
    imageSizesOffline,
    dockerPath,
    buildPlatform,
    buildBuilder,
    layerSizesEnabled,
    buildContext,
    workspaceTrusted,
  };
}

/**
 * The workspace folder a document belongs to (the longest folder URI it sits in), or '' for a
 * document outside every folder (those share the user's settings).
 */
export function folderOf(uri: string, folders: readonly string[]): string {
  let best = '';
  for (const folder of folders) {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    if (uri.startsWith(prefix) && folder.length > best.length) best = folder;
  }
  return best;
}

export class SettingsStore {
  /** Per workspace folder ('' for documents outside every folder). */
  private readonly cache = new Map<string, Promise<StagecraftSettings>>();
  private folders: string[] = [];

  /** What a client without workspace/configuration sent in `workspace/didChangeConfiguration`. */
  private pushed: StagecraftSettings = defaultSettings;

  /**
   * `pull` is false when the client cannot answer workspace/configuration: then the settings it
   * pushes (see `push`) apply to every document, and the defaults until it pushes any.
   */
  constructor(
    private readonly connection: Connection,
    private pull = false,
  ) {}

  enablePull(): void {
    this.pull = true;
  }

  /**
   * `workspace/didChangeConfiguration` from a client that cannot be asked (Neovim 0.7, or any client
   * that only pushes): its `settings.stagecraft`. Ignored when the server pulls settings.
   */
  push(settings: unknown): void {
    if (this.pull) return;
    const section = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).stagecraft : undefined;
    this.pushed = normalizeSettings(section, (message) => this.warnOnce(message));
  }

  /** The client's workspace folders (URIs), from initialize and later changes. */
  setFolders(folders: readonly string[]): void {
    this.folders = [...folders];
    this.cache.clear();
  }

  /** The workspace folder (URI) a document belongs to; '' when it is in none. */
  folderOf(uri: string): string {
    return folderOf(uri, this.folders);
  }

  get(uri: string): Promise<StagecraftSettings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    const folder = folderOf(uri, this.folders);
    let settings = this.cache.get(folder);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: folder || uri, section: 'stagecraft' }).then(
        (raw) => normalizeSettings(raw, (message) => this.warnOnce(message)),
        () => defaultSettings,
      );
      this.cache.set(folder, settings);
    }
    return settings;
  }

  private readonly warned = new Set<string>();

  /** A wrong setting is reported once per value, not on every document. */
  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    // A notification (window/showMessage), not a request: nothing to answer, nothing to fail.
    void this.connection.sendNotification('window/showMessage', { type: 2, message: `Stagecraft: ${message}` });
  }

  clear(): void {
    this.cache.clear();
  }
}
