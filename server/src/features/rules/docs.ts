/**
 * Where a rule's page lives: `docs/rules/<id>.md`, shipped in the extension next to `dist/`, linked
 * as a `file:` URI so it opens offline in any editor. Found once, from the server's own folder up.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'docs', 'rules'))) return dir;
    dir = dirname(dir);
  }
  return join(__dirname, '..');
}

let root: string | undefined;
const uris = new Map<string, string>(); // per rule id: every finding of a rule links the same page

export function ruleDocsUri(id: string): string {
  let uri = uris.get(id);
  if (uri === undefined) {
    root ??= findRoot();
    uri = pathToFileURL(join(root, 'docs', 'rules', `${id}.md`)).href;
    uris.set(id, uri);
  }
  return uri;
}
