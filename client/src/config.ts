/**
 * The client's typed settings (the ones only the client reads: executables, how to build and run).
 * `readBuildSettings` checks every value and falls back to the default with a warning, like the
 * server's settings.ts does for its own. package.json `contributes.configuration` lists the same
 * keys; test/unit/manifest.test.ts checks both agree.
 */
import { BUILD_ARG_NAME, PORT_MAPPING, type Builder } from './dockerArgs';

export type TerminalReuse = 'perDockerfile' | 'shared' | 'new';

export interface BuildSettings {
  dockerPath: string;
  azPath: string;
  /** Build context: the Dockerfile's folder (default) or the workspace folder. */
  context: 'dockerfileFolder' | 'workspaceFolder';
  tagTemplate: string;
  buildArgs: Record<string, string>;
  extraArgs: string[];
  builder: Builder;
  platform: string;
  acrRegistry: string;
  runPorts: string[];
  runArgs: string[];
  terminalReuse: TerminalReuse;
}

export const defaultBuildSettings: BuildSettings = Object.freeze({
  dockerPath: 'docker',
  azPath: 'az',
  context: 'dockerfileFolder',
  tagTemplate: '${workspaceFolderBasename}/${dockerfilePath}:${stage}',
  buildArgs: {},
  extraArgs: [],
  builder: 'auto',
  platform: '',
  acrRegistry: '',
  runPorts: [],
  runArgs: [],
  terminalReuse: 'perDockerfile',
}) as BuildSettings;

/** Setting keys (under `stagecraft.`) read here; `buildArgs` is shared with the server. */
export const CLIENT_SETTING_KEYS: Record<Exclude<keyof BuildSettings, 'buildArgs'>, string> = {
  dockerPath: 'docker.path',
  azPath: 'az.path',
  context: 'build.context',
  tagTemplate: 'build.tag',
  extraArgs: 'build.extraArgs',
  builder: 'build.builder',
  platform: 'build.platform',
  acrRegistry: 'acr.registry',
  runPorts: 'run.ports',
  runArgs: 'run.args',
  terminalReuse: 'terminal.reuse',
};

/** Settings that name an executable or add arbitrary arguments: restricted in untrusted workspaces. */
export const RESTRICTED_KEYS = ['docker.path', 'az.path', 'build.extraArgs'];

const stringList = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined);

export function readBuildSettings(get: (key: string) => unknown, warn: (message: string) => void = () => undefined): BuildSettings {
  const d = defaultBuildSettings;
  const pick = <T>(key: string, value: T | undefined, fallback: T, valid = value !== undefined): T => {
    const raw = get(key);
    if (raw === undefined || raw === null) return fallback;
    if (!valid || value === undefined) {
      warn(`stagecraft.${key}: ${JSON.stringify(raw)} is not valid; using ${JSON.stringify(fallback)}.`);
      return fallback;
    }
    return value;
  };
  const str = (key: string) => {
    const v = get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const oneOf = <T extends string>(key: string, options: readonly T[], fallback: T): T => {
    const v = str(key);
    return pick(key, v as T | undefined, fallback, v !== undefined && (options as readonly string[]).includes(v));
  };
  const nonEmpty = (key: string, fallback: string) => {
    const v = str(key)?.trim();
    return pick(key, v || undefined, fallback, !!v);
  };

  const rawArgs = get('buildArgs');
  // Entries, then Object.fromEntries: `buildArgs[name] = value` would drop an ARG named `__proto__`.
  const args: [string, string][] = [];
  if (rawArgs && typeof rawArgs === 'object' && !Array.isArray(rawArgs)) {
    for (const [name, value] of Object.entries(rawArgs as Record<string, unknown>)) {
      if (!BUILD_ARG_NAME.test(name)) {
        warn(`stagecraft.buildArgs: "${name}" is not a build-arg name; it is left out.`);
        continue;
      }
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') args.push([name, String(value)]);
    }
  }
  const buildArgs: Record<string, string> = Object.fromEntries(args);
  const ports = stringList(get('run.ports'));
  const platform = str('build.platform')?.trim();
  const registry = str('acr.registry')?.trim();
  return {
    dockerPath: nonEmpty('docker.path', d.dockerPath),
    azPath: nonEmpty('az.path', d.azPath),
    context: oneOf('build.context', ['dockerfileFolder', 'workspaceFolder'] as const, d.context),
    tagTemplate: nonEmpty('build.tag', d.tagTemplate),
    buildArgs,
    extraArgs: pick('build.extraArgs', stringList(get('build.extraArgs')), d.extraArgs),
    builder: oneOf('build.builder', ['auto', 'buildkit', 'classic'] as const, d.builder),
    platform: pick(
      'build.platform',
      platform,
      d.platform,
      platform === undefined || platform === '' || /^[a-z0-9]+(?:\/[a-z0-9_.-]+){0,2}(?:,[a-z0-9]+(?:\/[a-z0-9_.-]+){0,2})*$/.test(platform),
    ),
    acrRegistry: pick('acr.registry', registry, d.acrRegistry),
    runPorts: pick('run.ports', ports, d.runPorts, ports !== undefined && ports.every((p) => PORT_MAPPING.test(p))),
    runArgs: pick('run.args', stringList(get('run.args')), d.runArgs),
    terminalReuse: oneOf('terminal.reuse', ['perDockerfile', 'shared', 'new'] as const, d.terminalReuse),
  };
}
