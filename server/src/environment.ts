/**
 * Facts from outside the document that rules need (see RuleEnvironment), read from disk without
 * blocking: the `.dockerignore` BuildKit would use for a Dockerfile in its folder (the default build
 * context). Only `file:` documents; reads are bounded in size. And what the image-size lookups
 * already know of base images' platforms (`platformFacts`: memory only, never a lookup).
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BaseImagePlatforms, RuleEnvironment } from './features/rules/rule';
import type { DockerfileModel } from './analysis/model';
import type { StagecraftSettings } from './settings';
import { formatPlatform, hostPlatform } from './registry/platform';
import type { ImageSizeService } from './sizes/service';

const MAX_BYTES = 256 * 1024;

async function readSmall(path: string): Promise<string | undefined> {
  // Most Dockerfiles have no .dockerignore: a stat that cannot throw answers that without an error
  // object or a trip through the thread pool (measured: most of a small file's diagnostics overhead).
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
  try {
    const buffer = await readFile(path);
    return buffer.subarray(0, MAX_BYTES).toString('utf8');
  } catch {
    return undefined;
  }
}

export async function readEnvironment(uri: string): Promise<RuleEnvironment> {
  if (!uri.startsWith('file:')) return {};
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return {};
  }
  const folder = dirname(path);
  const contextUri = pathToFileURL(folder).href;
  // BuildKit reads `<Dockerfile name>.dockerignore` next to the Dockerfile first, then the context's.
  const specific = join(folder, `${basename(path)}.dockerignore`);
  const specificText = await readSmall(specific);
  if (specificText !== undefined) return { dockerignore: { contextUri, uri: pathToFileURL(specific).href, text: specificText } };
  const general = join(folder, '.dockerignore');
  return { dockerignore: { contextUri, uri: pathToFileURL(general).href, text: await readSmall(general) } };
}

/**
 * The platforms of a build (target: `stagecraft.build.platform`, else the engine's, taken as this
 * machine's) and what `service` knows now of the platforms of the document's base images. Starts no
 * lookup; the local engine's answers count only where the hover may ask it (a trusted workspace).
 */
export function platformFacts(model: DockerfileModel, settings: StagecraftSettings, service: ImageSizeService): NonNullable<RuleEnvironment['platforms']> {
  const dockerPath = settings.workspaceTrusted ? settings.dockerPath : undefined;
  const images: Record<string, BaseImagePlatforms> = {};
  for (const stage of model.stages) {
    if (stage.base.kind !== 'image' || Object.hasOwn(images, stage.base.image.normalized)) continue;
    const known = service.knownPlatforms(stage.base.image, dockerPath);
    if (known) images[stage.base.image.normalized] = known;
  }
  const host = formatPlatform(hostPlatform());
  return { target: settings.buildPlatform || host, build: host, images };
}
