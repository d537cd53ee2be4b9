/**
 * Where a Dockerfile's build context is (pure): its folder, or its workspace folder when
 * `stagecraft.build.context` says so, as the build commands choose it (client/src/build/prepare.ts).
 * Only `file:` documents have one, and not one at the root of the file system (the whole disk).
 */
import { dirname, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContextRequest } from './cache';

export function contextRequest(uri: string, setting: 'dockerfileFolder' | 'workspaceFolder', workspaceFolder: string): ContextRequest | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const dockerfile = fileURLToPath(uri);
    const folder = setting === 'workspaceFolder' && workspaceFolder.startsWith('file:') ? fileURLToPath(workspaceFolder) : dirname(dockerfile);
    // A Dockerfile at the file system's root: its context would be the whole disk; not walked.
    return parse(folder).root === folder ? undefined : { dockerfile, contextDir: folder };
  } catch {
    return undefined;
  }
}

/**
 * The context path a COPY/ADD source names when it is the context root or a folder in it (`.`,
 * `./`, `*`, `app/`, `./app`): '' for the root, `app` for a folder. Undefined for a source with a
 * variable or a wildcard elsewhere, a URL, a heredoc, or a path that leaves the context.
 */
export function sourceFolder(source: string): string | undefined {
  const value = source.replace(/^(["'])(.*)\1$/, '$2');
  if (/^(?:\.|\.\/|\*|\.\/\*|\/|\/\*)$/.test(value)) return '';
  if (!value || /[$*?[\\]/.test(value) || value.startsWith('<<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) return undefined;
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}
