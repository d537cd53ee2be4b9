/** Path rules the index shares: a relative path against a folder, remote build contexts. */
import { isAbsolute, resolve } from 'node:path';

/** `path` relative to `folder` (an absolute one stays as it is). */
export function against(folder: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(folder, path);
}

/** A build context that is no folder: a Git URL, an HTTP(S) tarball, `docker-image://`, `-` (stdin). */
export function isRemoteContext(context: string): boolean {
  return context === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@/.test(context) || /^github\.com\//.test(context);
}
