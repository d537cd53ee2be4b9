/**
 * Questions about well-known base images, answered from the data table images.json (no network):
 * is this an SDK/build image and what runtime image ships instead; is its default user non-root.
 */
import type { ImageReference } from './model';
import table from './images.json';

interface SdkEntry {
  repository: string;
  label: string;
  skipTags?: string;
  sizes: Size[];
  advice: string;
  jdkFromTag?: boolean;
  tagRewrite?: [string, string];
  runtimes: (Size & { image: string; default?: string })[];
}

interface Size {
  tag?: string;
  size?: string;
  of?: string;
  estimate?: boolean;
}

/** `80.5 MB for 24-slim`, `~1 MB, estimated`; undefined when the table has no size. */
function sizeText(entry: Size): string | undefined {
  if (!entry.size) return undefined;
  return `${entry.size}${entry.of ? ` for ${entry.of}` : ''}${entry.estimate ? ', estimated' : ''}`;
}

export interface RuntimeSuggestion {
  /** The image reference to write in FROM. */
  image: string;
  /** Approximate compressed size, e.g. `80.5 MB for 24-slim` or `~1 MB, estimated`; undefined when unknown. */
  size?: string;
}

export interface SdkImage {
  /** What the image is, e.g. `the Go SDK`. */
  label: string;
  /** Its approximate compressed size, e.g. `316.2 MB` or `~300 MB, estimated`, when the table knows it. */
  size?: string;
  /** One clause: how to ship without it. */
  advice: string;
  runtimes: RuntimeSuggestion[];
}

const sdkEntries = table.sdk as SdkEntry[];
const nonRootEntries = table.nonRoot as { repository: string; tags: string }[];

function repositoryOf(image: ImageReference): string {
  return `${image.registry}/${image.path}`.toLowerCase();
}

function matchesRepository(pattern: string, repository: string): boolean {
  return pattern.endsWith('/') ? repository.startsWith(pattern) : repository === pattern;
}

/** The SDK/build image facts for `image`, or undefined when it is not one the table knows. */
export function sdkImage(image: ImageReference): SdkImage | undefined {
  const repository = repositoryOf(image);
  const entry = sdkEntries.find((e) => matchesRepository(e.repository, repository));
  if (!entry) return undefined;
  const tag = image.tag && image.tag !== 'latest' ? image.tag : '';
  if (entry.skipTags && new RegExp(`(?:^|[-_.])(?:${entry.skipTags})`, 'i').test(tag)) return undefined;
  const rewritten = entry.tagRewrite ? tag.replace(new RegExp(entry.tagRewrite[0]), entry.tagRewrite[1]) : tag;
  const version = rewritten.split('-')[0];
  const major = /^\d+/.exec(rewritten)?.[0] ?? '';
  const jdk = /(?:jdk|temurin|corretto|openjdk|sapmachine|graalvm|zulu)-?(\d+)/i.exec(tag)?.[1] ?? '';
  const values: Record<string, string> = { tag: rewritten, version, major, jdk };
  const runtimes = entry.runtimes.map((runtime) => {
    let missing = false;
    const filled = runtime.image.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name] ?? '';
      if (!value) missing = true;
      return value;
    });
    return { image: missing ? (runtime.default ?? filled) : filled, size: sizeText(runtime) };
  });
  const found = entry.sizes.find((s) => !s.tag || tag.toLowerCase().includes(s.tag));
  const size = found && sizeText(found);
  return { label: entry.label, size, advice: entry.advice, runtimes };
}

/** True when the image's default user is not root (distroless `:nonroot`, Chainguard, `*-unprivileged`, ...). */
export function isNonRootImage(image: ImageReference): boolean {
  const repository = repositoryOf(image);
  const tag = (image.tag ?? '').toLowerCase();
  return (
    nonRootEntries.some((entry) => matchesRepository(entry.repository, repository) && (entry.tags === '' || new RegExp(entry.tags).test(tag))) ||
    /(?:^|[-_/])(?:nonroot|non-root|unprivileged|rootless)(?:$|[-_.])/.test(`${image.path}:${tag}`.toLowerCase())
  );
}

const osRepositories = table.os as string[];

/** An operating-system or language image (alpine, debian, node, golang, ...): its whole filesystem is an OS, not artifacts. */
export function isOsImage(image: ImageReference): boolean {
  const repository = repositoryOf(image);
  return (
    osRepositories.some((pattern) => matchesRepository(pattern, repository)) || sdkEntries.some((entry) => matchesRepository(entry.repository, repository))
  );
}

const rootRepositories = table.root as string[];

/** True when the image is known to run as root by default (official images, distroless without `:nonroot`, ...); false when non-root or not known. */
export function isRootImage(image: ImageReference): boolean {
  const repository = repositoryOf(image);
  return !isNonRootImage(image) && rootRepositories.some((pattern) => matchesRepository(pattern, repository));
}
