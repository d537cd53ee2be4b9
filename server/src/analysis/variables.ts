/** Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-default}`, …), as BuildKit applies it. */
import type { VariableUse, Range } from './model';
import { intern } from './scanner';

/** ARGs BuildKit defines on every build; placeholders for a linux/amd64 build. */
export const PREDEFINED_ARGS: ReadonlyMap<string, string> = new Map([
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
]);

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)((?::?[-+?])[^}]*|[#%/][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export interface Substitution {
  value: string;
  missing: string[];
}

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
      const fallback = unquoteWord(modifier.slice(modifier.startsWith(':') ? 2 : 1));
      replacement = current === undefined || (modifier.startsWith(':') && current === '') ? fallback : current;
    } else if (modifier.startsWith(':+') || modifier.startsWith('+')) {
      const alternative = unquoteWord(modifier.slice(modifier.startsWith(':') ? 2 : 1));
      replacement = (modifier.startsWith(':') ? current : current !== undefined) ? alternative : '';
    } else if (/^[#%/]/.test(modifier)) {
      if (current === undefined) missing.push(name);
      replacement = applyPattern(current ?? '', modifier);
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

/** Quotes around (parts of) a word are removed, as the Dockerfile lexer does: `"supported"` -> `supported`. */
function unquoteWord(text: string): string {
  return text.replace(/"([^"]*)"|'([^']*)'/g, (_, double: string | undefined, single: string | undefined) => double ?? single ?? '');
}

/** A shell glob (`*`, `?`, `[…]`) as a regular expression source. */
function globSource(pattern: string): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && pattern.indexOf(']', i + 1) > i + 1) {
      const end = pattern.indexOf(']', i + 1);
      source += `[${pattern
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return source;
}

/** `${VAR#pat}`, `${VAR##pat}`, `${VAR%pat}`, `${VAR%%pat}`, `${VAR/pat/repl}`, `${VAR//pat/repl}` (BuildKit 1.7+). */
function applyPattern(value: string, modifier: string): string {
  if (modifier[0] === '/') {
    const all = modifier[1] === '/';
    const rest = modifier.slice(all ? 2 : 1);
    const slash = rest.indexOf('/');
    const pattern = slash < 0 ? rest : rest.slice(0, slash);
    const replacement = slash < 0 ? '' : unquoteWord(rest.slice(slash + 1));
    if (pattern === '') return value;
    return value.replace(new RegExp(globSource(unquoteWord(pattern)), all ? 'g' : ''), () => replacement);
  }
  const longest = modifier[1] === modifier[0];
  const matcher = new RegExp(`^(?:${globSource(unquoteWord(modifier.slice(longest ? 2 : 1)))})$`, 's');
  if (modifier[0] === '#') {
    if (longest) {
      for (let i = value.length; i >= 0; i--) if (matcher.test(value.slice(0, i))) return value.slice(i);
    } else {
      for (let i = 0; i <= value.length; i++) if (matcher.test(value.slice(0, i))) return value.slice(i);
    }
  } else {
    if (longest) {
      for (let i = 0; i <= value.length; i++) if (matcher.test(value.slice(i))) return value.slice(0, i);
    } else {
      for (let i = value.length; i >= 0; i--) if (matcher.test(value.slice(i))) return value.slice(0, i);
    }
  }
  return value;
}

/** Offsets inside single quotes (outside double quotes), where neither Docker nor a shell expands `$`. */
function singleQuoted(text: string, escape: string): (offset: number) => boolean {
  if (!text.includes("'")) return () => false;
  const spans: [number, number][] = [];
  let quote = '';
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") {
        spans.push([open, i]);
        quote = '';
      }
      continue;
    }
    if (c === escape) {
      i++;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = '';
      continue;
    }
    if (c === '"') quote = '"';
    else if (c === "'") {
      quote = "'";
      open = i;
    }
  }
  return (offset) => spans.some(([a, b]) => a < offset && offset < b);
}

const NO_USES: readonly VariableUse[] = Object.freeze([]);

/**
 * Every variable named in a word, with its range (the word must sit on one line for exact ranges).
 * `$` inside single quotes is literal (`LABEL a='$x'`), so it is no use.
 */
export function variableUses(text: string, range: Range, escape = '\\'): readonly VariableUse[] {
  if (!text.includes('$')) return NO_USES; // most words: one shared empty list, not one per word
  const uses: VariableUse[] = [];
  VARIABLE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const oneLine = range.start.line === range.end.line;
  const literal = singleQuoted(text, escape);
  while ((m = VARIABLE.exec(text))) {
    if (m.index > 0 && text[m.index - 1] === escape) continue;
    if (literal(m.index)) continue;
    let start = range.start;
    let end = range.end;
    if (oneLine) {
      // Ends that fall on the word's own ends share its position objects (and its range when both do).
      const startCharacter = range.start.character + m.index;
      const endCharacter = startCharacter + m[0].length;
      if (startCharacter !== start.character) start = { line: range.start.line, character: startCharacter };
      if (endCharacter !== end.character) end = { line: range.start.line, character: endCharacter };
    }
    uses.push({ name: intern(m[1] ?? m[3]), range: start === range.start && end === range.end ? range : { start, end }, modifier: m[2] || undefined });
  }
  return uses;
}
