/**
 * The server's targets index (server/src/targets/): made with the open documents (their unsaved
 * text wins over the disk) and told what changes; when a refresh finds something new, `onChange`
 * runs the diagnostics and lenses again.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TargetIndex } from '../targets/index';
import { mayBeTargetsFile } from '../targets/files';
import type { OutsideBuild } from '../analysis/outsideBuilds';

/** The file-system path of a `file:` URI; undefined for any other. */
export function uriPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The path of the document at `uri` when it is a targets file (Compose, Dev Container, CI) of a
 * workspace folder, else undefined. Its name is tested first: callers ask for every open document on
 * each open and edit, and most are Dockerfiles, whose URIs then need no conversion.
 */
export function targetsFilePath(targets: TargetIndex, uri: string): string | undefined {
  if (!mayBeTargetsFile(uri)) return undefined;
  const path = uriPath(uri);
  return path !== undefined && targets.kindOf(path) !== undefined ? path : undefined;
}

/** `openDocuments`: the documents open in the editor now. */
export function createTargetIndex(openDocuments: () => Iterable<TextDocument>, onChange: () => void): TargetIndex {
  return new TargetIndex({
    onChange,
    openText: (path) => {
      for (const document of openDocuments()) {
        if (uriPath(document.uri) === path) return { text: document.getText(), stamp: `open:${document.version}` };
      }
      return undefined;
    },
  });
}

/** The workspace folders' paths (folders that are no `file:` URI are not indexed). */
export function folderPaths(uris: readonly string[]): string[] {
  return uris.map(uriPath).filter((path): path is string => path !== undefined);
}

/** The builds of the Dockerfile at `uri` the index knows now (undefined: not a file, or not known yet). */
export function knownBuilds(targets: TargetIndex, uri: string): OutsideBuild[] | undefined {
  const path = uriPath(uri);
  const refs = path === undefined ? undefined : targets.knownFor(path);
  return refs?.map((ref) => {
    const build: OutsideBuild = { label: ref.label };
    if (ref.target !== undefined) build.target = ref.target;
    if (ref.targetRange && ref.targetFile) build.at = { uri: pathToFileURL(ref.targetFile).href, range: ref.targetRange };
    return build;
  });
}
