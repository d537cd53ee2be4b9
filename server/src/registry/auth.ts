/**
 * Registry authentication: the `WWW-Authenticate` challenge and the user's Docker config
 * (`auths` entries with basic credentials; credential helpers are not run).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Challenge {
  scheme: 'bearer' | 'basic';
  params: Record<string, string>;
}

/** Parses `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"`. */
export function parseChallenge(header: string | string[] | undefined): Challenge | undefined {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  for (const value of values) {
    const match = /^\s*(Bearer|Basic)\b\s*(.*)$/i.exec(value);
    if (!match) continue;
    const params: Record<string, string> = {};
    const pattern = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
    for (let m = pattern.exec(match[2]); m; m = pattern.exec(match[2])) params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    return { scheme: match[1].toLowerCase() as Challenge['scheme'], params };
  }
  return undefined;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Looks up credentials by registry host (`host[:port]`, lower-case). */
export type CredentialLookup = (host: string) => Credentials | undefined;

/** `https://myregistry.azurecr.io/v1/` or `myregistry.azurecr.io` -> `myregistry.azurecr.io`. */
export function configKeyHost(key: string): string {
  return key
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
}

/** The Docker config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

/** Reads `auths` basic credentials (`auth` = base64 of `user:password`, or `username`/`password`). Missing or broken file: none. */
export function readDockerCredentials(path: string = dockerConfigPath()): Map<string, Credentials> {
  const result = new Map<string, Credentials>();
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return result;
  }
  const auths = (config as { auths?: unknown })?.auths;
  if (!auths || typeof auths !== 'object') return result;
  for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const entry = value as Record<string, unknown>;
    let credentials: Credentials | undefined;
    if (typeof entry.auth === 'string' && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    } else if (typeof entry.username === 'string' && typeof entry.password === 'string') {
      credentials = { username: entry.username, password: entry.password };
    }
    if (credentials) result.set(configKeyHost(key), credentials);
  }
  return result;
}

/** Credentials from the Docker config, read again on every lookup (the user may log in meanwhile). */
export function dockerConfigCredentials(path?: string): CredentialLookup {
  return (host) => readDockerCredentials(path ?? dockerConfigPath()).get(host.toLowerCase());
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}
