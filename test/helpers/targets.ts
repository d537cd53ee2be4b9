/** Test helpers for the targets index: the fixture workspaces and paths in them written relative. */
import { join } from 'node:path';

export const targetFixtures = join(__dirname, '..', 'fixtures', 'targets');

/** `value` with every absolute path under `root` written as `<ws>/…` (for JSON expectations). */
export function relativeTo<T>(root: string, value: T): T {
  return JSON.parse(JSON.stringify(value).split(root).join('<ws>'));
}

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/analysis/parse';
import type { DockerfileModel } from '../../server/src/analysis/model';
import { TargetIndex } from '../../server/src/targets/index';
import type { TargetFileContext } from '../../server/src/features/targetFile/context';

/** The features' context of `file` in the fixture workspace `app`, as wiring/targetFiles.ts builds it (Dockerfiles read from disk). */
export async function targetFileContext(file: string, text?: string): Promise<TargetFileContext> {
  const app = join(targetFixtures, 'app');
  const path = join(app, file);
  const source = text ?? readFileSync(path, 'utf8');
  const index = new TargetIndex({ openText: (p) => (p === path ? { text: source, stamp: 'open:1' } : undefined) });
  index.setFolders([app]);
  const { refs, problems } = await index.inFile(path);
  const dockerfiles = new Map<string, { uri: string; model: DockerfileModel }>();
  for (const ref of refs) {
    if (ref.dockerfile === undefined || dockerfiles.has(ref.dockerfile)) continue;
    try {
      dockerfiles.set(ref.dockerfile, { uri: pathToFileURL(ref.dockerfile).href, model: parseDockerfile(readFileSync(ref.dockerfile, 'utf8')) });
    } catch {
      // not there: the features say so
    }
  }
  const document = TextDocument.create(pathToFileURL(path).href, file.endsWith('.json') ? 'jsonc' : 'yaml', 1, source);
  return { document, path, refs, problems, dockerfiles };
}

/** The position of `needle` (its `occurrence`-th) in the context's document, `delta` characters in. */
export function positionIn(context: TargetFileContext, needle: string, delta = 0, occurrence = 0) {
  const text = context.document.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not found`);
  return context.document.positionAt(at + delta);
}
