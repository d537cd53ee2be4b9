/**
 * Snippets at their defaults, shared by the unit tests (analyzed) and the engine tests (built for real).
 * Not a test file itself: importing it registers no tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const snippets: Record<string, { prefix: string; body: string[] }> = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'snippets', 'dockerfile.code-snippets'), 'utf8'),
);

/**
 * VS Code snippet syntax at defaults: `${1|a,b|}` -> a, `${1:x}` -> x, `${1}`/`$1` -> the value given to 1, `\$` -> `$`.
 * `picks` chooses another option of a choice: `{ 1: 2 }` takes the third option of `${1|…|}`.
 */
export function expand(body: string[], picks: Record<string, number> = {}): string {
  const values = new Map<string, string>();
  const text = body.join('\n');
  const out = text.replace(/\\\$|\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)/g, (match, choiceN, choices, defN, def, refN, bareN) => {
    if (match === '\\$') return '$';
    if (choiceN) {
      const value = choices.split(',')[picks[choiceN] ?? 0];
      values.set(choiceN, value);
      return value;
    }
    if (defN) {
      values.set(defN, def);
      return def;
    }
    return values.get(refN ?? bareN) ?? '';
  });
  return out.replace(/\\\\/g, '\\');
}

/** The snippet with this prefix (e.g. `ms-go`), expanded at its defaults. */
export function expandPrefix(prefix: string): string {
  const snippet = Object.values(snippets).find((s) => s.prefix === prefix);
  if (!snippet) throw new Error(`no snippet with prefix ${prefix}`);
  return expand(snippet.body);
}

/** Each choice of a snippet (`${n|a,b|}`) with its number of options. */
export function choicesOf(body: string[]): { n: string; options: number }[] {
  return [...body.join('\n').matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)].map((m) => ({ n: m[1], options: m[2].split(',').length }));
}
