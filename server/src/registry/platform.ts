/** Platforms (`os/arch[/variant]`) and choosing one image manifest out of an index / manifest list. */

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/.test(p))) return undefined;
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

/** Docker's normalisation: `aarch64` is arm64 (default variant v8), `x86_64` is amd64, arm defaults to v7. */
export function normalizePlatform(platform: Platform): Platform {
  let architecture = platform.architecture.toLowerCase();
  let variant = platform.variant?.toLowerCase() || undefined;
  if (architecture === 'x86_64' || architecture === 'x86-64') architecture = 'amd64';
  if (architecture === 'aarch64') architecture = 'arm64';
  if (architecture === 'arm64' && variant === 'v8') variant = undefined;
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return { os: platform.os.toLowerCase(), architecture, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The platform of the machine the server runs on, as Docker names it (what `docker build` targets by default). */
export function hostPlatform(arch: string = process.arch): Platform {
  const architectures: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return normalizePlatform({ os: 'linux', architecture: architectures[arch] ?? arch });
}

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

/** Attestations (BuildKit provenance/SBOM) sit in an index as `unknown/unknown` manifests with a reference-type annotation. */
export function isAttestation(descriptor: Descriptor): boolean {
  if (descriptor.annotations && 'vnd.docker.reference.type' in descriptor.annotations) return true;
  const platform = descriptor.platform;
  return !platform || !platform.os || !platform.architecture || platform.os === 'unknown' || platform.architecture === 'unknown';
}

/**
 * The manifest of an index for `wanted`: same os and architecture, the same (normalised) variant
 * first, else for a request without a variant the entry without one, else the first same-arch entry.
 * Attestation manifests and entries without a platform are never chosen.
 */
export function selectManifest(manifests: readonly Descriptor[], wanted: Platform): Descriptor | undefined {
  const target = normalizePlatform(wanted);
  const candidates = manifests.filter((d) => {
    if (isAttestation(d) || typeof d.digest !== 'string') return false;
    const p = normalizePlatform({ os: d.platform!.os!, architecture: d.platform!.architecture!, variant: d.platform!.variant });
    return p.os === target.os && p.architecture === target.architecture;
  });
  const variantOf = (d: Descriptor) =>
    normalizePlatform({ os: d.platform!.os!, architecture: d.platform!.architecture!, variant: d.platform!.variant }).variant;
  return (
    candidates.find((d) => variantOf(d) === target.variant) ??
    (target.variant === undefined ? undefined : candidates.find((d) => variantOf(d) === undefined)) ??
    (target.variant === undefined ? candidates[0] : undefined)
  );
}

/** The platforms an index offers (attestations left out), for an error message. */
export function offeredPlatforms(manifests: readonly Descriptor[]): string[] {
  return manifests
    .filter((d) => !isAttestation(d))
    .map((d) => formatPlatform(normalizePlatform({ os: d.platform!.os!, architecture: d.platform!.architecture!, variant: d.platform!.variant })));
}

/**
 * A platform as an image states it (OCI `platform` / image config fields), as written: an index
 * entry's platform, a single manifest's config, or the local engine's image.
 */
export interface ImagePlatform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: string[];
}

/** The platforms an image reference offers: its index's entries (attestations left out), or a single manifest's own. */
export type OfferedPlatforms = { index: ImagePlatform[] } | { single: ImagePlatform };

/** An OCI platform object read from JSON (index descriptor or image config); undefined without os and architecture. */
export function imagePlatformOf(value: unknown): ImagePlatform | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' && (record[key] as string).length <= 128 ? (record[key] as string) : undefined);
  const os = text('os');
  const architecture = text('architecture');
  if (!os || !architecture) return undefined;
  const platform: ImagePlatform = { os, architecture };
  const variant = text('variant');
  const osVersion = text('os.version') ?? text('osVersion'); // OCI JSON spells it `os.version`
  if (variant) platform.variant = variant;
  if (osVersion) platform.osVersion = osVersion;
  const features = record['os.features'] ?? record.osFeatures;
  if (Array.isArray(features) && features.length && features.length <= 16 && features.every((f) => typeof f === 'string' && f.length <= 128))
    platform.osFeatures = [...features] as string[];
  return platform;
}

/** What an index offers, for the platform record: every entry but attestations, as stated. */
export function indexPlatforms(manifests: readonly Descriptor[]): ImagePlatform[] {
  return manifests
    .filter((d) => !isAttestation(d))
    .map((d) => imagePlatformOf(d.platform))
    .filter((p): p is ImagePlatform => p !== undefined);
}
