/**
 * A small Docker Registry HTTP API v2 / OCI distribution client: the compressed size of an image for
 * one platform (manifest or index -> the platform's manifest -> sum of layer sizes).
 *
 * Authentication: the anonymous bearer-token flow from the `WWW-Authenticate` challenge (Docker Hub,
 * MCR, GHCR, Quay), and basic credentials from the Docker config for the registry's own host (ACR after
 * `az acr login`, a registry with htpasswd). Credentials go only to the host they belong to: to a token
 * realm only when it is that same origin, never across a redirect to another origin, and never into a
 * message or log.
 */
import { createHash } from 'node:crypto';
import type { ImageReference } from '../analysis/model';
import { basicAuthorization, parseChallenge, type CredentialLookup } from './auth';
import { RegistryError } from './errors';
import { describeUrl, get, type HttpResponse } from './http';
import {
  formatPlatform,
  imagePlatformOf,
  indexPlatforms,
  normalizePlatform,
  offeredPlatforms,
  selectManifest,
  type Descriptor,
  type OfferedPlatforms,
  type Platform,
} from './platform';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

const ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ');

export interface RegistryClientOptions {
  /** Deadline of each HTTP request (token, manifest, redirect hop). Default 8 s. */
  timeoutMs?: number;
  /** Largest manifest read. Default 4 MiB (registries refuse larger ones). */
  maxManifestBytes?: number;
  /** Basic credentials by registry host; default none. */
  credentials?: CredentialLookup;
  /** `http` for loopback hosts (Docker's insecure-registry default), `https` elsewhere, unless given. */
  scheme?: (host: string) => 'http' | 'https';
  userAgent?: string;
  /**
   * Sizes by manifest digest (content-addressed, so they never go stale). With it, a tag is first
   * checked with HEAD (which Docker Hub does not count as a pull) and a known digest needs no GET.
   */
  digestCache?: { get(key: string): RegistrySize | undefined; set(key: string, value: RegistrySize): void };
}

export interface RegistrySize {
  /** Sum of the image manifest's layer sizes: compressed bytes. */
  bytes: number;
  layers: number;
  /** Digest of the platform's image manifest. */
  manifestDigest?: string;
  /** The platform chosen in an index; a single manifest's own (its config's), else the requested one. */
  platform: string;
  /** True when the reference pointed at an index / manifest list. */
  fromIndex: boolean;
  /**
   * What the reference offers: the index's platforms, or a single manifest's config platform.
   * Undefined when unknown (a config that could not be read, an entry cached before this was kept).
   */
  platforms?: OfferedPlatforms;
}

/** Largest image config read for its platform (they hold the history; a few KiB as a rule). */
const MAX_CONFIG_BYTES = 1024 * 1024;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

export function defaultScheme(host: string): 'http' | 'https' {
  return LOOPBACK.test(host) ? 'http' : 'https';
}

/** The host that serves the API for a registry name (`docker.io` -> `registry-1.docker.io`). */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

interface Token {
  value: string;
  expires: number;
}

export class RegistryClient {
  private readonly timeoutMs: number;
  private readonly maxManifestBytes: number;
  private readonly tokens = new Map<string, Token>();

  constructor(private readonly options: RegistryClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.maxManifestBytes = options.maxManifestBytes ?? 4 * 1024 * 1024;
  }

  async imageSize(image: ImageReference, platform: Platform): Promise<RegistrySize> {
    checkReference(image);
    const host = apiHost(image.registry);
    const reference = image.digest ?? image.tag ?? 'latest';
    const digestCache = this.options.digestCache;
    const keyOf = (digest: string) => `${host}/${image.path}@${digest} ${formatPlatform(platform)}`;
    const known = image.digest ?? (digestCache ? await this.headDigest(host, image.path, reference) : undefined);
    const cached = known && digestCache?.get(keyOf(known));
    if (cached && cached.platforms) return cached; // one cached before platforms were kept is read again
    const result = await this.fetchSize(host, image, reference, platform);
    if (digestCache && result.topDigest) digestCache.set(keyOf(result.topDigest), result.size);
    return result.size;
  }

  /** The digest a tag points at, from a HEAD request's Docker-Content-Digest; undefined when the registry does not say. */
  private async headDigest(host: string, path: string, reference: string): Promise<string | undefined> {
    const url = this.manifestUrl(host, path, reference);
    let response: HttpResponse;
    try {
      response = await this.authorizedGet(url, `repository:${path}:pull`, 0, 'HEAD');
    } catch (error) {
      if (error instanceof RegistryError && error.kind === 'protocol') return undefined; // e.g. HEAD not allowed: GET will tell
      throw error;
    }
    const digest = response.headers['docker-content-digest'];
    return typeof digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined;
  }

  private manifestUrl(host: string, path: string, reference: string): URL {
    return new URL(`${this.scheme(host)}://${host}/v2/${path}/manifests/${encodeURIComponent(reference).replace(/%3A/gi, ':')}`);
  }

  private async fetchSize(host: string, image: ImageReference, reference: string, platform: Platform): Promise<{ size: RegistrySize; topDigest?: string }> {
    let manifest = await this.manifest(host, image.path, reference);
    const topDigest = manifest.digest;
    let fromIndex = false;
    let chosen = platform;
    let manifestDigest = image.digest;
    let platforms: OfferedPlatforms | undefined;
    for (let depth = 0; isIndex(manifest.json); depth++) {
      if (depth >= 2) throw new RegistryError('protocol', `${host}/${image.path}: indexes nested too deeply`);
      fromIndex = true;
      const manifests = (manifest.json as { manifests: Descriptor[] }).manifests;
      platforms ??= { index: indexPlatforms(manifests) };
      const descriptor = selectManifest(manifests, platform);
      if (!descriptor) {
        const offered = offeredPlatforms(manifests);
        throw new RegistryError(
          'no-platform',
          `${host}/${image.path}:${reference} has no ${formatPlatform(platform)} image (offers ${offered.length ? offered.join(', ') : 'none'})`,
          undefined,
          platforms,
        );
      }
      if (!/^sha256:[a-f0-9]{64}$/.test(descriptor.digest))
        throw new RegistryError('protocol', `${host}/${image.path}: the index names a manifest by an unsupported digest`);
      chosen = { os: descriptor.platform!.os!, architecture: descriptor.platform!.architecture!, variant: descriptor.platform!.variant };
      manifestDigest = descriptor.digest;
      manifest = await this.manifest(host, image.path, descriptor.digest);
    }
    const json = manifest.json as { schemaVersion?: number; layers?: { size?: unknown }[] };
    if (!Array.isArray(json.layers)) {
      if (json.schemaVersion === 1) throw new RegistryError('unsupported', `${host}/${image.path}: schema 1 manifests carry no sizes`);
      throw new RegistryError('protocol', `${host}/${image.path}: the manifest has no layers`);
    }
    let bytes = 0;
    for (const layer of json.layers) {
      if (typeof layer?.size !== 'number' || !Number.isSafeInteger(layer.size) || layer.size < 0)
        throw new RegistryError('protocol', `${host}/${image.path}: a layer without a valid size`);
      bytes += layer.size;
    }
    if (!fromIndex) {
      // A single manifest is used whatever its platform: its config says which that is.
      const own = await this.configPlatform(host, image.path, (json as { config?: unknown }).config);
      if (own) {
        platforms = { single: own };
        chosen = normalizePlatform(own);
      }
    }
    return {
      size: {
        bytes,
        layers: json.layers.length,
        manifestDigest: manifestDigest ?? manifest.digest,
        platform: formatPlatform(chosen),
        fromIndex,
        ...(platforms ? { platforms } : {}),
      },
      topDigest,
    };
  }

  /**
   * The platform in an image config blob (one more GET, verified against its digest, bounded in
   * size); undefined when it cannot be read: the size stands without it.
   */
  private async configPlatform(host: string, path: string, config: unknown) {
    const descriptor = config as { digest?: unknown; size?: unknown } | undefined;
    const digest = descriptor?.digest;
    if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest)) return undefined;
    if (typeof descriptor!.size === 'number' && descriptor!.size > MAX_CONFIG_BYTES) return undefined;
    try {
      const url = new URL(`${this.scheme(host)}://${host}/v2/${path}/blobs/${digest}`);
      const response = await this.authorizedGet(url, `repository:${path}:pull`, MAX_CONFIG_BYTES);
      if (`sha256:${createHash('sha256').update(response.body).digest('hex')}` !== digest) return undefined;
      return imagePlatformOf(JSON.parse(response.body.toString('utf8')));
    } catch {
      return undefined;
    }
  }

  /** GET a manifest by tag or digest; a manifest fetched by digest must hash to it. */
  private async manifest(host: string, path: string, reference: string): Promise<{ json: unknown; digest?: string }> {
    const url = this.manifestUrl(host, path, reference);
    const response = await this.authorizedGet(url, `repository:${path}:pull`, this.maxManifestBytes);
    // The digest of what was read, computed (a header could say anything); a manifest asked for by digest must match it.
    const actual = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
    if (reference.startsWith('sha256:') && actual !== reference) throw new RegistryError('protocol', `${describeUrl(url)}: content does not match its digest`);
    try {
      return { json: JSON.parse(response.body.toString('utf8')), digest: actual };
    } catch {
      throw new RegistryError('protocol', `${describeUrl(url)}: the manifest is not JSON`);
    }
  }

  private scheme(host: string): 'http' | 'https' {
    return (this.options.scheme ?? defaultScheme)(host);
  }

  private baseHeaders(): Record<string, string> {
    return { Accept: ACCEPT, 'User-Agent': this.options.userAgent ?? 'stagecraft-language-server' };
  }

  /** GET with the registry's auth flow: one retry after a challenge, redirects followed without credentials to other origins. */
  private async authorizedGet(url: URL, scope: string, maxBytes: number, method: 'GET' | 'HEAD' = 'GET'): Promise<HttpResponse> {
    const origin = url.origin;
    const tokenKey = `${origin} ${scope}`;
    let authorization = this.cachedToken(tokenKey);
    for (let attempt = 0; ; attempt++) {
      const response = await this.follow(url, authorization, maxBytes, method);
      if (response.status === 401 && attempt === 0) {
        const challenge = parseChallenge(response.headers['www-authenticate']);
        if (!challenge) throw new RegistryError('unauthorized', `${describeUrl(url)}: authentication required (no challenge)`, 401);
        if (challenge.scheme === 'basic') {
          const credentials = this.options.credentials?.(url.host);
          if (!credentials)
            throw new RegistryError(
              'unauthorized',
              `${url.host}: authentication required; no credentials for this host in the Docker config (credential helpers are not read)`,
              401,
            );
          authorization = basicAuthorization(credentials);
        } else {
          authorization = await this.token(url, challenge.params, scope, tokenKey);
        }
        continue;
      }
      return this.check(url, response);
    }
  }

  private cachedToken(key: string): string | undefined {
    const token = this.tokens.get(key);
    return token && token.expires > Date.now() ? `Bearer ${token.value}` : undefined;
  }

  /** The bearer token flow: GET realm?service=…&scope=…, with basic credentials only when the realm is the registry's own origin. */
  private async token(registryUrl: URL, params: Record<string, string>, scope: string, key: string): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(params.realm ?? '');
    } catch {
      throw new RegistryError('protocol', `${registryUrl.host}: the auth challenge has no valid realm`);
    }
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && defaultScheme(realm.host) === 'http')) {
      throw new RegistryError('protocol', `${registryUrl.host}: refusing token realm ${realm.protocol}//${realm.host}`);
    }
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', params.scope ?? scope);
    const headers = this.baseHeaders();
    delete headers.Accept;
    const credentials = realm.origin === registryUrl.origin ? this.options.credentials?.(registryUrl.host) : undefined;
    if (credentials) headers.Authorization = basicAuthorization(credentials);
    const response = await get(realm, { headers, timeoutMs: this.timeoutMs, maxBytes: 64 * 1024 });
    if (response.status === 401 || response.status === 403)
      throw new RegistryError(
        'unauthorized',
        `${realm.host}: the token service refused${credentials ? ' the credentials' : ' an anonymous token'} (HTTP ${response.status})`,
        response.status,
      );
    if (response.status !== 200)
      throw new RegistryError(response.status >= 500 ? 'server' : 'protocol', `${realm.host}: token service answered HTTP ${response.status}`, response.status);
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new RegistryError('protocol', `${realm.host}: the token answer is not JSON`);
    }
    const value = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
    if (!value) throw new RegistryError('protocol', `${realm.host}: the token answer has no token`);
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(key, { value, expires: Date.now() + Math.max(0, seconds - 10) * 1000 });
    return `Bearer ${value}`;
  }

  /** Up to 3 redirects; the Authorization header only to the first URL's origin; never from https to http. */
  private async follow(start: URL, authorization: string | undefined, maxBytes: number, method: 'GET' | 'HEAD'): Promise<HttpResponse> {
    let url = start;
    for (let hop = 0; hop <= 3; hop++) {
      const headers = this.baseHeaders();
      if (authorization && url.origin === start.origin) headers.Authorization = authorization;
      const response = await get(url, { method, headers, timeoutMs: this.timeoutMs, maxBytes });
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || !location) return response;
      const next = new URL(location, url);
      if (url.protocol === 'https:' && next.protocol !== 'https:')
        throw new RegistryError('protocol', `${describeUrl(url)}: refusing a redirect from https to ${next.protocol}`);
      url = next;
    }
    throw new RegistryError('protocol', `${describeUrl(start)}: too many redirects`);
  }

  private check(url: URL, response: HttpResponse): HttpResponse {
    const status = response.status;
    if (status === 200) return response;
    const code = registryErrorCode(response.body);
    const detail = `${describeUrl(url)}: HTTP ${status}${code ? ` ${code}` : ''}`;
    if (status === 404) throw new RegistryError('not-found', `${detail} (no such repository or tag)`, status);
    if (status === 401) throw new RegistryError('unauthorized', `${detail} (authentication failed)`, status);
    if (status === 403) throw new RegistryError('denied', `${detail} (access denied)`, status);
    if (status === 429) throw new RegistryError('rate-limited', `${detail} (rate limited)`, status);
    if (status >= 500) throw new RegistryError('server', detail, status);
    throw new RegistryError('protocol', detail, status);
  }
}

const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Only references Docker itself accepts reach a URL (the distribution reference grammar). */
export function checkReference(image: ImageReference): void {
  const ok =
    HOST.test(image.registry) &&
    PATH.test(image.path) &&
    (image.tag === undefined || TAG.test(image.tag)) &&
    (image.digest === undefined || DIGEST.test(image.digest));
  if (!ok) throw new RegistryError('invalid-reference', `not a valid image reference: ${JSON.stringify(image.raw).slice(0, 200)}`);
}

function isIndex(json: unknown): boolean {
  return !!json && typeof json === 'object' && Array.isArray((json as { manifests?: unknown }).manifests);
}

/** `MANIFEST_UNKNOWN` from `{"errors":[{"code":"MANIFEST_UNKNOWN",…}]}`. */
function registryErrorCode(body: Buffer): string | undefined {
  try {
    const code = JSON.parse(body.toString('utf8'))?.errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
