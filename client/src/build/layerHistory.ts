/**
 * After a build: the image's history and size and its base image's history, read from the engine
 * (`docker image history`, `docker image inspect`, argument lists only) for the server, which maps
 * them on the Dockerfile's instructions (`stagecraft/layerHistory`). Which base image to read comes
 * from the server's build plan; nothing here reads the Dockerfile. Pure but for docker (preflight's exec).
 * Every read goes to the build's destination (`--context=<name>`): the engine the image was built on.
 */
import type { BuildPlanResult, LayerHistoryEntry, LayerHistoryParams } from '../../../server/src/protocol';
import { exec } from '../preflight';
import { imageSize } from './baseImage';
import { toDestination, type Destination } from './destination';

/** What the client reads for the server: the notification without the build's own facts. */
export type ImageLayers = Pick<LayerHistoryParams, 'size' | 'history' | 'baseHistory' | 'baseImage'>;

/** `docker image history --no-trunc --human=false --format '{{json .}}'`, one JSON object a line, newest first; undefined when a line is not one. */
export function parseHistory(stdout: string): LayerHistoryEntry[] | undefined {
  const entries: LayerHistoryEntry[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let row: { CreatedBy?: unknown; Size?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      return undefined;
    }
    const size = typeof row?.Size === 'number' ? row.Size : typeof row?.Size === 'string' && /^\d+$/.test(row.Size) ? Number(row.Size) : NaN;
    if (typeof row?.CreatedBy !== 'string' || !Number.isFinite(size)) return undefined;
    entries.push({ createdBy: row.CreatedBy, size });
  }
  return entries;
}

/** An image's history from the engine; undefined when the engine does not have the image (or answers otherwise). */
export async function imageHistory(docker: string, image: string, env: NodeJS.ProcessEnv, destination?: Destination): Promise<LayerHistoryEntry[] | undefined> {
  const args = ['image', 'history', '--no-trunc', '--human=false', '--format', '{{json .}}', image];
  const result = await exec(docker, toDestination(args, destination), { env, timeoutMs: 20_000 });
  return result.code === 0 ? parseHistory(result.stdout) : undefined;
}

/**
 * The names to look the target's base image up by: the base of the stage its FROM chain starts at
 * (as written, and as resolved); [] for scratch; undefined when the plan does not know it.
 */
export function baseImageNames(plan: BuildPlanResult): string[] | undefined {
  let stage = plan.target === undefined ? undefined : plan.stages[plan.target];
  for (let guard = 0; stage?.baseKind === 'stage' && guard < plan.stages.length; guard++) {
    const key = stage.baseText.toLowerCase();
    const index = stage.index;
    stage = plan.stages.find((s) => s.index < index && (s.name?.toLowerCase() === key || String(s.index) === key));
  }
  if (!stage || stage.baseKind === 'stage' || stage.baseKind === 'unresolved') return undefined;
  if (stage.baseKind === 'scratch') return [];
  return [...new Set([stage.baseText, stage.image].filter((name): name is string => !!name && !name.includes('$')))];
}

/** The built image's size and history and its base's history; undefined when the image itself cannot be read. */
export async function readImageLayers(
  docker: string,
  tag: string,
  plan: BuildPlanResult,
  env: NodeJS.ProcessEnv,
  destination?: Destination,
): Promise<ImageLayers | undefined> {
  const [size, history] = await Promise.all([imageSize(docker, tag, env, destination), imageHistory(docker, tag, env, destination)]);
  if (size === undefined || !history) return undefined;
  const names = baseImageNames(plan);
  if (names?.length === 0) return { size, history, baseHistory: [] };
  for (const name of names ?? []) {
    const baseHistory = await imageHistory(docker, name, env, destination);
    if (baseHistory) return { size, history, baseHistory, baseImage: name };
  }
  return { size, history, baseImage: names?.[0] };
}
