/**
 * Where builds go, per workspace folder: a docker context (`docker --context <name> …`) and a buildx
 * builder (`--builder <name>` on a build when buildx runs it), and the platforms a build asks for.
 * Pure (no vscode import): every function returns an argument list passed to docker as is, never
 * to a shell, so a name with spaces, quotes, `;` or `$(…)` reaches docker as one argument.
 */
import { exec, type Exec } from '../preflight';

/** Where builds of one workspace folder go; an unset field means docker's own current choice. */
export interface Destination {
  context?: string;
  builder?: string;
}

/**
 * docker's global options for a destination. `--context=<name>` is one argument, so a name that
 * starts with `-` is never read as another option.
 */
export function contextArgs(destination: Destination | undefined): string[] {
  return destination?.context ? [`--context=${destination.context}`] : [];
}

/**
 * A docker command (`build …`, `run …`, `image ls …`) sent to the destination: the context before
 * the subcommand, and the buildx builder after `build` / `buildx build` when buildx runs the build
 * (the classic builder and a CLI without buildx know no `--builder`).
 */
export function toDestination(args: readonly string[], destination: Destination | undefined, options: { buildx?: boolean } = {}): string[] {
  const rest = [...args];
  if (destination?.builder && options.buildx) {
    const at = rest[0] === 'build' ? 1 : rest[0] === 'buildx' && rest[1] === 'build' ? 2 : -1;
    if (at > 0) rest.splice(at, 0, `--builder=${destination.builder}`);
  }
  return [...contextArgs(destination), ...rest];
}

/**
 * An exec whose every docker call goes to the destination's context (`--context=<name>` first):
 * for the probes (preflight, builder decision) and the reads after a build (sizes, history), which
 * must ask the engine the build went to. No `--builder`: none of them is a build.
 */
export function destinationExec(destination: Destination | undefined, run: Exec = exec): Exec {
  return (file, args, options) => run(file, toDestination(args, destination), options);
}

/** How the status bar names a destination: `context · builder`, or docker's defaults. */
export function describeDestination(destination: Destination | undefined, engine?: string): string {
  const context = destination?.context ?? 'current context';
  const builder = destination?.builder ? ` · builder ${destination.builder}` : '';
  return `${context}${engine ? ` (${engine})` : ''}${builder}`;
}

/** A short name for an engine endpoint: `local` for a socket or pipe, else the host of ssh:// or tcp://. */
export function engineLabel(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  if (/^(unix|npipe):/.test(endpoint)) return 'local';
  const match = /^[a-z]+:\/\/(?:[^@/]*@)?([^/:]+|\[[^\]]+\])/.exec(endpoint);
  return match ? match[1] : endpoint;
}

// ---- docker context ls ----

export interface DockerContext {
  name: string;
  description: string;
  endpoint: string;
  current: boolean;
  error?: string;
}

/**
 * `docker context ls --format '{{json .}}'`: one JSON object a line (docker 20.10 and later; newer
 * CLIs print the same objects for `--format json`, one a line). Lines that are no JSON object are
 * skipped; `Current` is a boolean or the string "true".
 */
export function parseContextList(output: string): DockerContext[] {
  const contexts: DockerContext[] = [];
  const text = output.trim();
  const items: unknown[] = text.startsWith('[') ? ((tryJson(text) as unknown[]) ?? []) : text.split(/\r?\n/).map(tryJson);
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    if (typeof o.Name !== 'string' || !o.Name) continue;
    contexts.push({
      name: o.Name,
      description: typeof o.Description === 'string' ? o.Description : '',
      endpoint: typeof o.DockerEndpoint === 'string' ? o.DockerEndpoint : '',
      current: o.Current === true || o.Current === 'true',
      ...(typeof o.Error === 'string' && o.Error ? { error: o.Error } : {}),
    });
  }
  return contexts;
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

// ---- docker buildx ls ----

export interface BuildxBuilder {
  name: string;
  driver: string;
  current: boolean;
  /** The platforms its nodes report (a `*` that marks a platform set by hand removed). */
  platforms: string[];
}

/** Drivers that build for several platforms at once (the `docker` driver builds one, without the containerd store). */
const MULTI_PLATFORM_DRIVERS = new Set(['docker-container', 'kubernetes', 'remote']);

export function isMultiPlatform(builder: BuildxBuilder): boolean {
  return MULTI_PLATFORM_DRIVERS.has(builder.driver);
}

/**
 * `docker buildx ls` in its table form: a builder line starts in the first column (`name*` or
 * `name *` when current, then the driver); its node lines are indented (`  node …` in old buildx,
 * ` \_ node  \_ endpoint …` since 0.13) and end with the platforms, comma-separated.
 */
export function parseBuildxList(output: string): BuildxBuilder[] {
  const builders: BuildxBuilder[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (!line.trim() || /^NAME\/NODE\b/.test(line)) continue;
    if (!/^\s/.test(line)) {
      const match = /^(\S+?)(\s*\*)?\s+(\S+)/.exec(line);
      if (!match) continue;
      builders.push({ name: match[1], current: !!match[2], driver: match[3], platforms: [] });
      continue;
    }
    const builder = builders[builders.length - 1];
    if (!builder) continue;
    const platforms = /\b(?:running|inactive|stopped|error)\b(?:\s+v?\d[^\s]*)?\s+(.+)$/.exec(line);
    if (!platforms) continue;
    for (const p of platforms[1].split(',')) {
      const name = p.trim().replace(/\*$/, '');
      if (/^[a-z0-9]+\/[a-z0-9_/.-]+$/.test(name) && !builder.platforms.includes(name)) builder.platforms.push(name);
    }
  }
  return builders;
}

// ---- platforms ----

/** `os/arch[/variant]`, as `--platform` takes it. */
export const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9_]+)?$/;

export type PlatformCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Whether a platform choice can be built where builds go: one platform on any BuildKit engine;
 * several only with a buildx builder whose driver builds several (checked before anything runs).
 */
export function checkPlatforms(platforms: readonly string[], where: { buildx?: BuildxBuilder }): PlatformCheck {
  const bad = platforms.find((p) => !PLATFORM.test(p));
  if (bad !== undefined) return { ok: false, message: `"${bad}" is not a platform (like linux/amd64); nothing was run.` };
  if (platforms.length > 1) {
    if (!where.buildx)
      return {
        ok: false,
        message: `building for ${platforms.length} platforms at once needs a buildx builder with a multi-platform driver (docker-container, kubernetes or remote); this docker has none. Nothing was run.`,
      };
    if (!isMultiPlatform(where.buildx))
      return {
        ok: false,
        message: `the buildx builder "${where.buildx.name}" uses the ${where.buildx.driver} driver, which builds one platform at a time; pick a builder with the docker-container, kubernetes or remote driver. Nothing was run.`,
      };
  }
  return { ok: true, value: platforms.join(',') };
}

/** The platforms a build asks for, and where that choice comes from. */
export interface PlatformChoice {
  platforms: string[];
  /** Picked for this target (Build Target for Platforms…), the stagecraft.build.platform setting, or none: the engine's own. */
  source: 'picked' | 'setting' | 'engine';
}

/** A pick for the target wins over the setting; an empty pick is no pick (it was cleared). */
export function platformChoice(picked: readonly string[] | undefined, setting: string): PlatformChoice {
  if (picked?.length) return { platforms: [...picked], source: 'picked' };
  const fromSetting = setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return fromSetting.length ? { platforms: fromSetting, source: 'setting' } : { platforms: [], source: 'engine' };
}

/** The terminal header's platform line; undefined when the build asks for none (the engine's own, which the size then names). */
export function platformLine(choice: PlatformChoice): string | undefined {
  const list = choice.platforms.join(', ');
  if (choice.source === 'picked')
    return `platform: ${list}, picked for this target (Stagecraft: Build Target for Platforms… changes it; Forget Platforms Picked for a Target… clears it)`;
  if (choice.source === 'setting') return `platform: ${list}, from stagecraft.build.platform`;
  return undefined;
}

/** Where a refused platform choice came from, to end its message: how the user undoes it. */
export function platformSource(choice: PlatformChoice): string {
  if (choice.source === 'picked') return ' The platforms were picked for this target: Stagecraft: Forget Platforms Picked for a Target… clears them.';
  if (choice.source === 'setting') return ' The platforms come from stagecraft.build.platform.';
  return '';
}

/**
 * When docker could not use the chosen context (removed since, or a typo): what to tell the user;
 * undefined for any other error. docker 20.10 says `context "x" does not exist`, 28 says
 * `context "x": context not found: …`.
 */
export function unknownContextMessage(error: string | undefined, destination: Destination | undefined): string | undefined {
  if (!error || !destination?.context) return undefined;
  if (!/context .*(does not exist|not found)|unable to resolve docker endpoint/i.test(error)) return undefined;
  return `the docker context "${destination.context}" chosen for this folder cannot be used (${error.replace(/\.$/, '')}). Choose another in the status bar (Stagecraft: Choose Where Builds Go…), or create it with \`docker context create\`. Nothing was run.`;
}
