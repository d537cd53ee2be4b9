/**
 * Compose files (`compose*.y*ml`, `docker-compose*.y*ml`): each service with a `build` is a build
 * of a Dockerfile, resolved as Docker Compose does: `build: ./dir` is the context; `build.context`
 * relative to the folder of the file that declares it (default "."); `build.dockerfile` relative to
 * the context (default `Dockerfile`); `build.target` (default: the last stage); `extends` (a service
 * of this file, or `file:` + `service:`) merges the base service's `build` under the service's own.
 */
import { basename, dirname } from 'node:path';
import type { Range } from '../analysis/model';
import { against, isRemoteContext } from './paths';
import { emptyRange, entries, get, items, readYaml, text, valueRange } from './yamlNodes';
import { isLiteralTarget, type ParsedTargetFile, type TargetFileProblem, type TargetRef } from './types';

/** A value of a service's `build`, with the file it was written in (relative paths are relative to it). */
interface Field {
  value: string;
  file: string;
  range?: Range;
}

interface BuildFields {
  /** The file that declares `build` (the default context is its folder). */
  file: string;
  context?: Field;
  dockerfile?: Field;
  target?: Field;
  /** `target:` with no value yet, in this file. */
  emptyTarget?: Range;
  inline?: boolean;
}

export interface ComposeService {
  name: string;
  build?: BuildFields;
  extends?: { service: string; file?: string };
  profiles: string[];
}

export interface ComposeFile {
  file: string;
  services: Map<string, ComposeService>;
  problems: TargetFileProblem[];
}

/** Reads one Compose file's services (no other file is read). */
export function readCompose(file: string, source: string): ComposeFile {
  const yaml = readYaml(file, source, basename(file));
  const services = new Map<string, ComposeService>();
  for (const [name, node] of entries(get(yaml.root, 'services'))) {
    const field = (value: unknown): Field | undefined => {
      const value_ = text(value);
      return value_ === undefined ? undefined : { value: value_, file, range: valueRange(value, yaml.lines) };
    };
    const buildNode = get(node, 'build');
    let build: BuildFields | undefined;
    if (text(buildNode) !== undefined) build = { file, context: field(buildNode) };
    else if (buildNode) {
      const targetNode = get(buildNode, 'target');
      build = { file, context: field(get(buildNode, 'context')), dockerfile: field(get(buildNode, 'dockerfile')), target: field(targetNode) };
      if (!build.target) build.emptyTarget = emptyRange(targetNode, yaml.lines);
      if (get(buildNode, 'dockerfile_inline')) build.inline = true;
    }
    const extendsNode = get(node, 'extends');
    const base = text(extendsNode) ?? text(get(extendsNode, 'service'));
    const baseFile = text(get(extendsNode, 'file'));
    const profiles = items(get(node, 'profiles'))
      .map(text)
      .filter((p): p is string => p !== undefined);
    services.set(name, {
      name,
      build,
      extends: base !== undefined ? { service: base, file: baseFile !== undefined ? against(dirname(file), baseFile) : undefined } : undefined,
      profiles,
    });
  }
  return { file, services, problems: yaml.problems };
}

/** The files `extends: { file: … }` names, which `composeRefs` will ask `load` for. */
export function extendedFiles(compose: ComposeFile): string[] {
  const files = new Set<string>();
  for (const service of compose.services.values()) if (service.extends?.file) files.add(service.extends.file);
  return [...files];
}

/** How deep `extends` chains are followed (Compose rejects cycles; a bound keeps odd files cheap). */
const MAX_EXTENDS = 16;

/** A service's `build` with what it extends merged under it (undefined: it builds nothing). */
function mergedBuild(compose: ComposeFile, service: ComposeService, load: (file: string) => ComposeFile | undefined, depth: number): BuildFields | undefined {
  let base: BuildFields | undefined;
  if (service.extends && depth < MAX_EXTENDS) {
    const from = service.extends.file ? load(service.extends.file) : compose;
    const baseService = from?.services.get(service.extends.service);
    if (from && baseService && baseService !== service) base = mergedBuild(from, baseService, load, depth + 1);
  }
  const own = service.build;
  if (!own) return base;
  if (!base) return own;
  return {
    file: own.context ? own.file : base.file,
    context: own.context ?? base.context,
    dockerfile: own.dockerfile ?? base.dockerfile,
    target: own.target ?? base.target,
    emptyTarget: own.emptyTarget,
    inline: own.inline ?? base.inline,
  };
}

/** Every service of `compose` that builds, as refs; `load` gives the files `extends` names (already read). */
export function composeRefs(compose: ComposeFile, load: (file: string) => ComposeFile | undefined): ParsedTargetFile {
  const refs: TargetRef[] = [];
  for (const service of compose.services.values()) {
    const build = mergedBuild(compose, service, load, 0);
    if (!build) continue;
    const profiles = service.profiles.length ? ` (profile${service.profiles.length > 1 ? 's' : ''} ${service.profiles.map((p) => `\`${p}\``).join(', ')})` : '';
    const ref: TargetRef = { kind: 'compose', file: compose.file, label: `Compose service \`${service.name}\`${profiles}` };
    const contextValue = build.context?.value ?? '.';
    if (!isRemoteContext(contextValue)) {
      ref.context = against(dirname(build.context?.file ?? build.file), contextValue);
      if (!build.inline || build.dockerfile) ref.dockerfile = against(ref.context, build.dockerfile?.value ?? 'Dockerfile');
    }
    if (build.emptyTarget && build.file === compose.file) ref.emptyTargetAt = build.emptyTarget;
    if (build.target) {
      ref.target = build.target.value;
      if (build.target.range && isLiteralTarget(build.target.value)) {
        ref.targetRange = build.target.range;
        ref.targetFile = build.target.file;
      }
    }
    refs.push(ref);
  }
  return { refs, problems: compose.problems };
}
