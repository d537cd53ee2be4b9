/**
 * What is known about an image's size right now, without waiting: registry figures from the cache
 * (memory + disk, with a TTL), local engine figures from a short memory cache. Asking starts the
 * missing lookups in the background (deduplicated, a few at a time); the next ask sees their result.
 * Nothing here ever blocks a request.
 */
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageReference } from '../analysis/model';
import { dockerConfigCredentials } from '../registry/auth';
import { RegistryClient, type RegistrySize } from '../registry/client';
import { RegistryError, type RegistryErrorKind } from '../registry/errors';
import { formatPlatform, type ImagePlatform, type OfferedPlatforms, type Platform } from '../registry/platform';
import { TtlCache } from './cache';
import { inspectLocalImage, type LocalImage } from './localEngine';

export type RegistryFact =
  | { state: 'ok'; bytes: number; layers: number; platform: string; fromIndex: boolean; fetchedAt: number }
  | { state: 'error'; kind: RegistryErrorKind; message: string; fetchedAt: number }
  /** A lookup is running; `previous` is the failure it retries, still the latest word on the image. */
  | { state: 'pending'; previous?: Extract<RegistryFact, { state: 'error' }> }
  | { state: 'offline' };

export type LocalFact = (LocalImage & { checkedAt: number }) | { state: 'pending' };

export interface SizeFacts {
  registry: RegistryFact;
  /** Undefined when no docker path is configured. */
  local?: LocalFact;
}

/**
 * What the lookups so far have learnt of the platforms an image reference offers (for the rule
 * invalid-base-image-platform): the registry's index list or single manifest's own platform, and
 * the platform of the local engine's image of that name.
 */
export interface KnownPlatforms {
  registry?: OfferedPlatforms;
  local?: ImagePlatform;
}

export interface LookupOptions {
  /** No network request at all. */
  offline: boolean;
  /** The docker CLI for local sizes; undefined or empty: not asked. */
  dockerPath?: string;
}

export interface RegistryLike {
  imageSize(image: ImageReference, platform: Platform): Promise<RegistrySize>;
}

export interface ImageSizeServiceOptions {
  registry?: RegistryLike;
  /** Directory of the on-disk cache (e.g. VS Code's globalStorage); memory only when undefined. */
  cacheDir?: string;
  /** Time to live of a registry figure. Default 24 h. */
  ttlMs?: number;
  /** Time to live of a registry error (so a broken network is not asked on every hover). Default 5 min. */
  errorTtlMs?: number;
  /** One lookup (token, manifests, every request) gives up after this. Default 20 s. */
  lookupTimeoutMs?: number;
  /** Time to live of a local engine answer. Default 30 s. */
  localTtlMs?: number;
  maxConcurrent?: number;
  now?: () => number;
  /** Environment of the docker CLI (DOCKER_HOST…). */
  dockerEnv?: NodeJS.ProcessEnv;
  /** Called when a lookup finished (a client may re-ask). */
  onUpdate?: (key: string) => void;
  onError?: (message: string) => void;
}

type StoredRegistry = Extract<RegistryFact, { state: 'ok' | 'error' }>;

export class ImageSizeService {
  readonly now: () => number;
  private readonly registry: RegistryLike;
  private readonly cache: TtlCache<StoredRegistry>;
  private readonly local = new Map<string, LocalImage & { checkedAt: number }>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The last failed lookup per key, shown while the next one runs (its cache entry has expired). */
  private readonly lastErrors = new Map<string, Extract<RegistryFact, { state: 'error' }>>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  /** Per `image.normalized`: what the registry offers, kept like the sizes (memory + disk, same TTL). */
  private readonly platforms: TtlCache<OfferedPlatforms>;
  private readonly platformListeners = new Set<(image: string) => void>();

  constructor(private readonly options: ImageSizeServiceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.cache = new TtlCache<StoredRegistry>({
      ttlMs: options.ttlMs ?? 24 * 3600_000,
      file: options.cacheDir ? join(options.cacheDir, 'image-sizes.json') : undefined,
      now: this.now,
      onError: options.onError,
    });
    this.platforms = new TtlCache<OfferedPlatforms>({
      ttlMs: options.ttlMs ?? 24 * 3600_000,
      file: options.cacheDir ? join(options.cacheDir, 'image-platforms.json') : undefined,
      now: this.now,
      onError: options.onError,
    });
    // Sizes by manifest digest never go stale: kept 30 days, so an expired tag costs one HEAD request when it has not moved.
    const digests = new TtlCache<RegistrySize>({
      ttlMs: 30 * 86_400_000,
      file: options.cacheDir ? join(options.cacheDir, 'image-digests.json') : undefined,
      now: this.now,
      onError: options.onError,
    });
    const digestCache = { get: (key: string) => digests.get(key)?.value, set: (key: string, value: RegistrySize) => digests.set(key, value) };
    this.flushDigests = () => digests.flush();
    this.registry = options.registry ?? new RegistryClient({ credentials: dockerConfigCredentials(), digestCache });
  }

  private readonly flushDigests: () => void;

  /** The facts known now; starts what is missing unless offline. */
  peek(image: ImageReference, platform: Platform, options: LookupOptions): SizeFacts {
    return { registry: this.registryFact(image, platform, options), local: this.localFact(image, options) };
  }

  /** Resolves when every lookup started so far has finished (tests, measurements). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight.values()]);
  }

  flush(): void {
    this.cache.flush();
    this.platforms.flush();
    this.flushDigests();
  }

  /**
   * The platforms known for an image from lookups that already ran (never starts one): undefined
   * when nothing is known. `dockerPath` names the local engine's CLI whose answer counts.
   */
  knownPlatforms(image: ImageReference, dockerPath?: string): KnownPlatforms | undefined {
    const registry = this.platforms.get(image.normalized)?.value;
    const path = dockerPath?.trim();
    const local = path ? this.local.get(`local ${path} ${image.raw}`) : undefined;
    const localPlatform = local?.state === 'present' ? platformFromText(local.platform) : undefined;
    if (!registry && !localPlatform) return undefined;
    return { ...(registry ? { registry } : {}), ...(localPlatform ? { local: localPlatform } : {}) };
  }

  /** Called with the image's `normalized` reference when a lookup learnt something new of its platforms. */
  onPlatforms(listener: (image: string) => void): () => void {
    this.platformListeners.add(listener);
    return () => this.platformListeners.delete(listener);
  }

  private recordPlatforms(image: string, offered: OfferedPlatforms | undefined): void {
    if (!offered) return;
    const before = this.platforms.get(image)?.value;
    this.platforms.set(image, offered);
    if (JSON.stringify(before) !== JSON.stringify(offered)) this.notifyPlatforms(image);
  }

  private notifyPlatforms(image: string): void {
    for (const listener of this.platformListeners) {
      try {
        listener(image);
      } catch (error) {
        this.options.onError?.(`platform listener failed: ${(error as Error)?.message ?? error}`);
      }
    }
  }

  private registryFact(image: ImageReference, platform: Platform, options: LookupOptions): RegistryFact {
    const key = `registry ${image.normalized} ${formatPlatform(platform)}`;
    const cached = this.cache.get(key);
    // Offline shows figures fetched earlier, not old errors (nothing is being looked up).
    if (cached && !(options.offline && cached.value.state === 'error')) return cached.value;
    if (options.offline) return { state: 'offline' };
    this.start(key, async () => {
      let fact: StoredRegistry;
      let ttl: number | undefined;
      try {
        const size = await this.withDeadline(this.registry.imageSize(image, platform), image);
        fact = { state: 'ok', bytes: size.bytes, layers: size.layers, platform: size.platform, fromIndex: size.fromIndex, fetchedAt: this.now() };
        this.lastErrors.delete(key);
        this.recordPlatforms(image.normalized, size.platforms);
      } catch (error) {
        const known = error instanceof RegistryError;
        if (known) this.recordPlatforms(image.normalized, error.offered); // an index without the platform still lists its own
        fact = {
          state: 'error',
          kind: known ? error.kind : 'network',
          message: known ? error.message : `lookup failed: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
          fetchedAt: this.now(),
        };
        ttl = this.options.errorTtlMs ?? 5 * 60_000;
        this.lastErrors.delete(key);
        this.lastErrors.set(key, fact);
        while (this.lastErrors.size > 200) this.lastErrors.delete(this.lastErrors.keys().next().value!);
      }
      this.cache.set(key, fact, ttl);
    });
    const previous = this.lastErrors.get(key);
    return previous ? { state: 'pending', previous } : { state: 'pending' };
  }

  /** However many requests a lookup makes, it ends in time: a dead network reads as failed, never as "looking up". */
  private withDeadline<T>(work: Promise<T>, image: ImageReference): Promise<T> {
    const ms = this.options.lookupTimeoutMs ?? 20_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RegistryError('timeout', `${image.registry}: no answer within ${Math.round(ms / 1000)} s`)), ms);
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }

  private localFact(image: ImageReference, options: LookupOptions): LocalFact | undefined {
    const dockerPath = options.dockerPath?.trim();
    if (!dockerPath) return undefined;
    const key = `local ${dockerPath} ${image.raw}`;
    const unavailable = this.local.get(`local ${dockerPath}`);
    if (unavailable && this.now() - unavailable.checkedAt < 5 * 60_000) return unavailable;
    const cached = this.local.get(key);
    if (cached && this.now() - cached.checkedAt < (this.options.localTtlMs ?? 30_000)) return cached;
    this.start(key, async () => {
      const result = await inspectLocalImage(dockerPath, image.raw, { env: this.options.dockerEnv });
      const fact = { ...result, checkedAt: this.now() };
      // A missing CLI or engine is remembered for the CLI, not per image.
      if (result.state === 'unavailable') this.local.set(`local ${dockerPath}`, fact);
      else {
        const before = this.local.get(key);
        this.local.set(key, fact);
        const platformOf = (f: typeof before) => (f?.state === 'present' ? f.platform : undefined);
        if (platformOf(before) !== platformOf(fact)) this.notifyPlatforms(image.normalized);
      }
    });
    return cached ?? { state: 'pending' };
  }

  private start(key: string, work: () => Promise<void>): void {
    if (this.inFlight.has(key)) return;
    const done = new Promise<void>((resolve) => {
      const run = () => {
        work()
          .catch((error) => this.options.onError?.(`size lookup failed: ${(error as Error)?.message ?? error}`))
          .finally(() => {
            this.running--;
            this.inFlight.delete(key);
            resolve();
            this.options.onUpdate?.(key);
            const next = this.queue.shift();
            if (next) {
              this.running++;
              next();
            }
          });
      };
      // Started after the current request has answered (a timer runs after the response's write, which
      // vscode-jsonrpc queues with setImmediate): spawning docker or opening a socket is not the hover's cost.
      if (this.running < (this.options.maxConcurrent ?? 4)) {
        this.running++;
        setTimeout(run, 0);
      } else this.queue.push(run);
    });
    this.inFlight.set(key, done);
  }
}

/** `os/arch[/variant]` as the local engine prints it. */
function platformFromText(text: string): ImagePlatform | undefined {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

let shared: ImageSizeService | undefined;

/** Where the cache lives when the client gives no storage folder (other editors): the user's cache folder. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'stagecraft');
  if (home) return join(home, '.cache', 'stagecraft');
  return join(tmpdir(), `stagecraft-${process.getuid?.() ?? 'user'}`);
}

/** The server's one service; wiring/lifecycle.ts configures it with the client's storage folder. */
export function imageSizes(): ImageSizeService {
  shared ??= new ImageSizeService({ cacheDir: defaultCacheDir() });
  return shared;
}

export function configureImageSizes(service: ImageSizeService): void {
  shared = service;
}
