/** Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-default}`, …), as BuildKit applies it. */
import type { VariableUse, Range } from './model';

/** ARGs BuildKit defines on every build; placeholders for a linux/amd64 build. */
export const PREDEFINED_ARGS: ReadonlyMap<string, string> = new Map([
  ['TARGETPLATFORM', 'linux/amd64'], ['TARGETOS', 'linux'], ['TARGETARCH', 'amd64'], ['TARGETVARIANT', ''],
  ['BUILDPLATFORM', 'linux/amd64'], ['BUILDOS', 'linux'], ['BUILDARCH', 'amd64'], ['BUILDVARIANT', ''],
]);

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)((?::?[-+?])[^}]*|[#%/][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export interface Substitution { value: string; missing: string[] }

/**
 * Replaces variables with values from `vars`; `undefined` in the map means declared without a value.
 * Names not in the map are missing, unless a `:-`/`-` default or a `:+`/`+` alternative says otherwise.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string | undefined>, escape = '\\'): Substitution {
  if (!text.includes('$')) return { value: text, missing: [] };
  const missing: string[] = [];
  let value = '';
  let last = 0;
  VARIABLE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = VARIABLE.exec(text))) {
    if (m.index > 0 && text[m.index - 1] === escape) continue;
    const name = m[1] ?? m[3];
    const modifier = m[2] ?? '';
    const current = vars.get(name);
    let replacement: string;
    if (modifier.startsWith(':-') || modifier.startsWith('-')) {
      const fallback = modifier.slice(modifier.startsWith(':') ? 2 : 1);
      replacement = current === undefined || (modifier.startsWith(':') && current === '') ? fallback : current;
    } else if (modifier.startsWith(':+') || modifier.startsWith('+')) {
      const alternative = modifier.slice(modifier.startsWith(':') ? 2 : 1);
      replacement = current ? alternative : '';
    } else {
      if (current === undefined) missing.push(name);
      replacement = current ?? '';
    }
    value += text.slice(last, m.index) + replacement;
    last = m.index + m[0].length;
  }
  value += text.slice(last);
  return { value, missing };
}

/** Every variable named in a word, with its range (the word must sit on one line for exact ranges). */
export function variableUses(text: string, range: Range, escape = '\\'): VariableUse[] {
  if (!text.includes('$')) return [];
  const uses: VariableUse[] = [];
  VARIABLE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const oneLine = range.start.line === range.end.line;
  while ((m = VARIABLE.exec(text))) {
    if (m.index > 0 && text[m.index - 1] === escape) continue;
    const start = oneLine ? { line: range.start.line, character: range.start.character + m.index } : range.start;
    const end = oneLine ? { line: range.start.line, character: range.start.character + m.index + m[0].length } : range.end;
    uses.push({ name: m[1] ?? m[3], range: { start, end }, modifier: m[2] || undefined });
  }
  return uses;
}
