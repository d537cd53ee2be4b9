/** Parses image references the way Docker reads them: registry, path, tag, digest, Hub defaults. */
import type { ImageReference } from './model';

export const DOCKER_HUB = 'docker.io';

export function parseImageReference(raw: string): ImageReference {
  let rest = raw.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = DOCKER_HUB;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      path = rest.slice(slash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  const normalized = `${registry}/${path}${tag !== undefined ? `:${tag}` : digest === undefined ? ':latest' : ''}${digest !== undefined ? `@${digest}` : ''}`;
  return { raw, registry, path, tag, digest, normalized };
}

// Docker's reference grammar (distribution/reference): [domain/]path[:tag][@digest], lowercase paths.
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]+)?`;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** Is `text` a reference Docker can pull (`alpine:3`, `ghcr.io/a/b@sha256:…`)? Empty tags, capitals in paths and stray characters are not. */
export function isValidImageReference(text: string): boolean {
  if (!REFERENCE.test(text)) return false;
  const name = text.split('@')[0].replace(/:[\w][\w.-]*$/, '');
  return name.length <= 255;
}

/** A normalized reference as docker prints it: `docker.io/library/busybox:1.36` → `busybox:1.36`, `docker.io/bitnami/redis:7` → `bitnami/redis:7`. */
export function familiarImageName(normalized: string): string {
  if (normalized.startsWith(`${DOCKER_HUB}/library/`)) return normalized.slice(DOCKER_HUB.length + '/library/'.length);
  if (normalized.startsWith(`${DOCKER_HUB}/`)) return normalized.slice(DOCKER_HUB.length + 1);
  return normalized;
}
