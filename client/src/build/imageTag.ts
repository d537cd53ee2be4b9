/**
 * The image tag of one build, the one place it is made (pure, unit-tested): builds, ACR builds, and
 * through them Run (it runs the tag its build made), the walkthrough's size, run and clean-up steps,
 * and the size in the lenses. The default template, `${workspaceFolderBasename}/${dockerfilePath}:${stage}`,
 * gives every Dockerfile of a workspace its own image name: `examples/go-app:final`,
 * `examples/busybox-app:final`, `app:final` for a lone Dockerfile at the top of folder `app`.
 */
import * as path from 'node:path';
import { isDockerfileName } from '../../../server/src/fileNames';
import { expandTag, nameComponent } from '../dockerArgs';

export interface TagInput {
  /** `stagecraft.build.tag`. */
  template: string;
  /** The workspace folder holding the Dockerfile (absolute); undefined when it is in none. */
  workspaceFolder?: string;
  /** The Dockerfile (absolute). */
  dockerfile: string;
  /** The names in the Dockerfile's folder (the Dockerfiles among them are picked here); [] when unread. */
  folderEntries: readonly string[];
  /** The target's name, or the default target's name, or `latest`. */
  stage: string;
  gitSha?: string;
  date?: Date;
}

/** A short stable name for a component that has no character an image name can keep (`日本` -> `x1b2c3d4e`). */
function fallbackComponent(text: string): string {
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const ch of text) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `x${hash.toString(16).padStart(8, '0')}`;
}

const component = (text: string) => nameComponent(text) || fallbackComponent(text);

/**
 * `${dockerfilePath}`: the Dockerfile's folder relative to the workspace folder, plus its file name
 * when that folder holds other Dockerfiles, as image-name components (`services/api`,
 * `services/api/dockerfile.dev`); empty for the only Dockerfile at the top of the workspace folder.
 * Outside a workspace folder only the file name can tell Dockerfiles apart.
 */
export function dockerfilePath(workspaceFolder: string | undefined, dockerfile: string, folderEntries: readonly string[]): string {
  const file = path.basename(dockerfile);
  const relative = workspaceFolder === undefined ? '' : path.relative(workspaceFolder, path.dirname(dockerfile));
  const inside = relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  const folders = inside ? relative.split(path.sep).filter(Boolean) : [];
  const others = folderEntries.some((name) => name !== file && isDockerfileName(name));
  return [...folders, ...(others ? [file] : [])].map(component).join('/');
}

/** The tag for a build of `input.stage` of `input.dockerfile`, or why the template gives none. */
export function imageTag(input: TagInput): { tag: string } | { error: string } {
  const folder = input.workspaceFolder ?? path.dirname(input.dockerfile);
  return expandTag(input.template, {
    workspaceFolderBasename: component(path.basename(folder)),
    dockerfileFolderBasename: component(path.basename(path.dirname(input.dockerfile))),
    dockerfilePath: dockerfilePath(input.workspaceFolder, input.dockerfile, input.folderEntries),
    stage: input.stage,
    gitSha: input.gitSha,
    date: input.date,
  });
}
