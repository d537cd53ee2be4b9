/**
 * Facts from outside the document that rules need (see RuleEnvironment), read from disk without
 * blocking: the `.dockerignore` BuildKit would use for a Dockerfile and its build context (the
 * Dockerfile's folder, or the folder `stagecraft.build.context` makes it; context/ignoreFile.ts). Only `file:` documents; reads are bounded in size. And what the image-size lookups
 * already know of base images' platforms (`platformFacts`: memory only, never a lookup).
 */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BaseImagePlatforms, RuleEnvironment } from './features/rules/rule';
import type { DockerfileModel } from './analysis/model';
import type { StagecraftSettings } from './settings';
import { formatPlatform, hostPlatform } from './registry/platform';
import type { ImageSizeService } from './sizes/service';
import { readIgnoreFile } from './context/ignoreFile';

/** `contextDir`: the build context's folder (context/location.ts); the Dockerfile's folder when not given. */
export async function readEnvironment(uri: string, contextDir?: string): Promise<RuleEnvironment> {
  if (!uri.startsWith('file:')) return {};
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return {};
  }
  const folder = contextDir ?? dirname(path);
  const file = await readIgnoreFile(path, folder);
  return { dockerignore: { contextUri: pathToFileURL(folder).href, uri: pathToFileURL(file.path).href, text: file.text } };
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
