/**
 * Pure helpers for the docker and az command lines the client runs (no vscode import, unit-tested).
 * Every function returns an argument list that is passed to the process as is, never to a shell.
 */
import * as path from 'node:path';
import { STAGE_NAME } from '../../server/src/protocol';

export { STAGE_NAME };

/** The label every image and container Stagecraft creates carries; Clean Up finds them by it. */
export const MANAGED_LABEL = 'dev.stagecraft.managed';
export const MANAGED_FILTER = `label=${MANAGED_LABEL}=true`;

/** Build-arg names docker accepts (`--build-arg NAME=value`). */
export const BUILD_ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type Builder = 'auto' | 'buildkit' | 'classic';

export interface BuildSpec {
  dockerfile: string;
  /** Stage name for `--target`; undefined builds the default target. */
  target?: string;
  tag: string;
  context: string;
  buildArgs?: Record<string, string>;
  platform?: string;
  extraArgs?: readonly string[];
}

export class ArgumentError extends Error {}

function checkSpec(spec: BuildSpec): void {
  if (spec.target !== undefined && !STAGE_NAME.test(spec.target)) throw new ArgumentError(`"${spec.target}" is not a stage name BuildKit accepts`);
  if (!isImageTag(spec.tag)) throw new ArgumentError(`"${spec.tag}" is not a valid image name`);
  for (const name of Object.keys(spec.buildArgs ?? {})) if (!BUILD_ARG_NAME.test(name)) throw new ArgumentError(`"${name}" is not a build-arg name`);
  // Paths are arguments, not options: an absolute path never starts with `-`.
  for (const file of [spec.dockerfile, spec.context]) if (!path.isAbsolute(file)) throw new ArgumentError(`${file} is not an absolute path`);
}

/** The `docker build` argument list for a target. */
export function buildArgs(spec: BuildSpec): string[] {
  checkSpec(spec);
  return [
    'build',
    ...(spec.target ? ['--target', spec.target] : []),
    '-f',
    spec.dockerfile,
    '-t',
    spec.tag,
    '--label',
    `${MANAGED_LABEL}=true`,
    ...Object.entries(spec.buildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    ...(spec.platform ? ['--platform', spec.platform] : []),
    ...(spec.extraArgs ?? []),
    spec.context,
  ];
}

export interface RunSpec {
  tag: string;
  /** `-p` mappings such as `8080:8080`; none publishes every exposed port (`-P`). */
  ports?: readonly string[];
  /** Arguments for the container's command (after the image). */
  args?: readonly string[];
  /** Docker needs a terminal for `-t`; a task's terminal is one. */
  tty?: boolean;
}

export const PORT_MAPPING = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:\d{1,5}(?:-\d{1,5})?:)?\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp|sctp))?$/;

/** `docker run --rm` of a built image, with published ports and the app's arguments. */
export function runArgs(spec: RunSpec): string[] {
  if (!isImageTag(spec.tag)) throw new ArgumentError(`"${spec.tag}" is not a valid image name`);
  const ports = spec.ports ?? [];
  for (const port of ports) if (!PORT_MAPPING.test(port)) throw new ArgumentError(`"${port}" is not a port mapping (like 8080:80)`);
  return [
    'run',
    '--rm',
    ...(spec.tty === false ? ['-i'] : ['-i', '-t']),
    '--label',
    `${MANAGED_LABEL}=true`,
    ...(ports.length ? ports.flatMap((p) => ['-p', p]) : ['-P']),
    spec.tag,
    ...(spec.args ?? []),
  ];
}

export interface AcrSpec extends BuildSpec {
  registry: string;
}

/** Registry names ACR allows (5-50 alphanumerics), or their login server `name.azurecr.io`. */
export const ACR_REGISTRY = /^[a-zA-Z0-9]{5,50}(?:\.azurecr\.[a-z.]+)?$/;

/**
 * `az acr build --registry r --image name:tag --target stage --file Dockerfile context`. ACR reads
 * `--file` relative to the context it uploads, so the Dockerfile must be inside the context.
 */
export function acrArgs(spec: AcrSpec): string[] {
  checkSpec(spec);
  if (!ACR_REGISTRY.test(spec.registry)) throw new ArgumentError(`"${spec.registry}" is not an Azure Container Registry name`);
  const file = path.relative(spec.context, spec.dockerfile);
  if (file.startsWith('..') || path.isAbsolute(file))
    throw new ArgumentError(`ACR uploads the build context; ${spec.dockerfile} is outside it (${spec.context})`);
  return [
    'acr',
    'build',
    '--registry',
    spec.registry.replace(/\.azurecr\..*$/, ''),
    '--image',
    spec.tag,
    ...(spec.target ? ['--target', spec.target] : []),
    '--file',
    file.split(path.sep).join('/'),
    ...Object.entries(spec.buildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    ...(spec.platform ? ['--platform', spec.platform] : []),
    spec.context,
  ];
}

/** What Clean Up lists before removing: containers (any state) and images with the label. */
export const listContainersArgs = ['ps', '--all', '--quiet', '--filter', MANAGED_FILTER];
export const listImagesArgs = ['image', 'ls', '--quiet', '--no-trunc', '--filter', MANAGED_FILTER];

/** The environment a builder choice sets: BuildKit, the classic builder, or whatever the CLI does. */
export function builderEnv(builder: Builder): Record<string, string> {
  if (builder === 'buildkit') return { DOCKER_BUILDKIT: '1' };
  if (builder === 'classic') return { DOCKER_BUILDKIT: '0' };
  return {};
}

// ---- image names and tag templates ----

/** `name[:tag]` as docker accepts it: lower-case path components, a tag of up to 128 characters. */
export function isImageTag(text: string): boolean {
  const match = /^((?:[a-z0-9]+(?:[._-]+[a-z0-9]+)*)(?::\d+)?(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?$/.exec(text);
  return match !== null && match[1].length <= 255;
}

export interface TagVariables {
  workspaceFolderBasename: string;
  dockerfileFolderBasename: string;
  /** The Dockerfile's place in its workspace folder as image-name components (see imageTag.ts); empty at the top. */
  dockerfilePath?: string;
  /** The target's name, or the default target's name, or `latest`. */
  stage: string;
  /** Short commit of the Dockerfile's repository; `nogit` outside one. */
  gitSha?: string;
  /** When the build starts. */
  date?: Date;
}

export const TAG_VARIABLES = ['workspaceFolderBasename', 'dockerfileFolderBasename', 'dockerfilePath', 'stage', 'gitSha', 'date'] as const;

/** `20261126-093405` (UTC): sorts by time and is a valid tag. */
export function tagDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}-${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`;
}

/**
 * One path component of an image name: accents dropped (`Café` -> `cafe`), lower case, other
 * characters as `-`, separators between alphanumerics only. May come out empty.
 */
export function nameComponent(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, (m) => (m === '__' ? m : '-'))
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/** Whether docker reads the first component of a name as a registry host (`my.host/app`, `localhost/app`). */
const looksLikeHost = (component: string) => /[.:]/.test(component) || component === 'localhost';

/**
 * Expands `${workspaceFolderBasename}/${dockerfilePath}:${stage}`-style templates and turns the
 * result into a valid image name: the name part lower-cased with other characters as `-`, the tag
 * part limited to the characters tags allow. Unknown variables are an error, not silently kept.
 * A registry host comes only from the template's own text: a folder named `my.app` in front of a
 * `/` becomes `my-app`, not a host docker would pull from.
 */
export function expandTag(template: string, vars: TagVariables): { tag: string } | { error: string } {
  const values: Record<string, string> = {
    workspaceFolderBasename: vars.workspaceFolderBasename,
    dockerfileFolderBasename: vars.dockerfileFolderBasename,
    dockerfilePath: vars.dockerfilePath ?? '',
    stage: vars.stage,
    gitSha: vars.gitSha || 'nogit',
    date: tagDate(vars.date ?? new Date()),
  };
  let unknown: string | undefined;
  const trimmed = template.trim();
  const text = trimmed.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    // Own keys only: `${constructor}` is an unknown variable, not what every object inherits.
    if (Object.hasOwn(values, name)) return values[name];
    unknown ??= name;
    return '';
  });
  if (unknown !== undefined)
    return { error: `unknown variable \${${unknown}} in the tag template "${template}" (known: ${TAG_VARIABLES.map((v) => `\${${v}}`).join(', ')})` };
  // The tag is what follows the last `:` after the last `/` (a `:` before a `/` is a registry port).
  const slash = text.lastIndexOf('/');
  const colon = text.lastIndexOf(':');
  const name = colon > slash ? text.slice(0, colon) : text;
  const tagPart = colon > slash ? text.slice(colon + 1) : '';
  const templateHost = trimmed.includes('/') && looksLikeHost(trimmed.slice(0, trimmed.indexOf('/')).replace(/\$\{[^}]*\}/g, ''));
  const components = name
    .split('/')
    .map((c, i) => (i === 0 && templateHost && /^[^/]+:\d+$/.test(c) ? c.toLowerCase() : nameComponent(c)))
    .filter(Boolean);
  if (components.length > 1 && !templateHost) components[0] = components[0].replace(/\./g, '-');
  const cleanName = components.join('/') || 'image';
  const cleanTag = tagPart
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128);
  const tag = cleanTag ? `${cleanName}:${cleanTag}` : cleanName;
  if (!isImageTag(tag)) return { error: `the tag template "${template}" gives "${tag}", which is not a valid image name` };
  return { tag };
}
