/**
 * Typed settings, read per document from the client with `workspace/configuration`
 * (section `stagecraft`), cached per URI and dropped when the client says they changed.
 *
 * How to add a setting:
 *  1. Add it to `contributes.configuration` in package.json (`stagecraft.<key>`, with a scope).
 *  2. Add the field to `StagecraftSettings` and its default to `defaultSettings`.
 *  3. Read and check it in `normalizeSettings` (never trust the shape sent by the client).
 *  4. Use it from a feature through the `settings` argument, never by asking the client directly.
 *  5. Test it: test/unit/settings.test.ts for normalizing, an integration test for the effect.
 */
import type { Connection } from 'vscode-languageserver';

export interface StagecraftSettings {
  /** Build-arg overrides used to resolve variables in FROM lines. */
  buildArgs: Record<string, string>;
  /** `stagecraft.codeLens.enable`: Build/Run lenses above every FROM. */
  codeLensEnable: boolean;
}

export const defaultSettings: StagecraftSettings = Object.freeze({ buildArgs: {}, codeLensEnable: true });

export function normalizeSettings(raw: unknown): StagecraftSettings {
  const section = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const buildArgs: Record<string, string> = {};
  const rawArgs = section.buildArgs;
  if (rawArgs && typeof rawArgs === 'object' && !Array.isArray(rawArgs)) {
    for (const [name, value] of Object.entries(rawArgs as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') buildArgs[name] = String(value);
    }
  }
  const codeLens = section.codeLens && typeof section.codeLens === 'object' ? (section.codeLens as Record<string, unknown>) : {};
  const codeLensEnable = typeof codeLens.enable === 'boolean' ? codeLens.enable : defaultSettings.codeLensEnable;
  return { buildArgs, codeLensEnable };
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<StagecraftSettings>>();

  /** `pull` is false when the client cannot answer workspace/configuration: defaults are used. */
  constructor(private readonly connection: Connection, private pull = false) {}

  enablePull(): void { this.pull = true; }

  get(uri: string): Promise<StagecraftSettings> {
    if (!this.pull) return Promise.resolve(defaultSettings);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'stagecraft' })
        .then(normalizeSettings, () => defaultSettings);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void { this.cache.delete(uri); }
  clear(): void { this.cache.clear(); }
}
