/**
 * Which `.dockerignore` a build reads, from disk: BuildKit first reads `<Dockerfile name>.dockerignore`
 * beside the Dockerfile (dockerui's `filename + ".dockerignore"`), and only when there is none the
 * `.dockerignore` at the root of the build context. Reads are bounded in size and never throw. The
 * one place both the rules' environment and the context walk find the file.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const MAX_BYTES = 256 * 1024;

export interface IgnoreFile {
  /** The file BuildKit would read (the context's `.dockerignore` when neither exists). */
  path: string;
  /** Its text (at most 256 KiB); undefined when it does not exist or cannot be read. */
  text?: string;
}

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

/** The paths BuildKit looks at for this Dockerfile and context, in order. */
export function ignoreFileCandidates(dockerfile: string, contextDir: string): string[] {
  return [join(dirname(dockerfile), `${basename(dockerfile)}.dockerignore`), join(contextDir, '.dockerignore')];
}

export async function readIgnoreFile(dockerfile: string, contextDir: string): Promise<IgnoreFile> {
  const [specific, general] = ignoreFileCandidates(dockerfile, contextDir);
  const specificText = await readSmall(specific);
  if (specificText !== undefined) return { path: specific, text: specificText };
  return { path: general, text: await readSmall(general) };
}
