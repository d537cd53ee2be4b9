/**
 * A `.dockerignore` as BuildKit applies it (pure): the patterns as Docker's ReadAll keeps them, and a
 * matcher over them. Matching is @balena/dockerignore's (a port of Docker's own fileutils: Go's
 * filepath.Match syntax, `**`, `!` exceptions, a pattern that matches a folder excludes what is in
 * it), case-sensitive as on Linux. Which excluded folders a walk may skip is fsutil's rule (the
 * walker BuildKit sends the context with, filter.go): all of them when there is no exception; with
 * exceptions written without wildcards, those no exception reaches into; with any wildcard
 * exception, none. The one place that reads patterns: copy-ignored-file and the context walk use it.
 */
import ignore, { type Ignore } from '@balena/dockerignore';
import { posix } from 'node:path';

export interface PatternLine {
  /** 0-based line in the file. */
  line: number;
  pattern: string;
}

/** The patterns as Docker's ReadAll keeps them (no comments or blank lines, trimmed), with their lines. */
export function patternLines(text: string): PatternLine[] {
  const result: PatternLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, line) => {
      const pattern = raw.startsWith('#') ? '' : raw.trim();
      if (pattern) result.push({ line, pattern });
    });
  return result;
}

/** A pattern cleaned as Docker cleans it (filepath.Clean, no leading `/`). */
export function cleanPattern(pattern: string): string {
  const cleaned = posix.normalize(pattern).replace(/(?<=.)\/$/, '');
  return cleaned.length > 1 && cleaned.startsWith('/') ? cleaned.slice(1) : cleaned;
}

/** Patterns that exclude the whole context (`*`, `**`, `**\/*`). */
export function excludesEverything(pattern: string): boolean {
  return ['*', '**', '**/*'].includes(cleanPattern(pattern));
}

/** fsutil's pattern characters: an exception holding one may match inside any folder. */
const WILDCARD = /[*[\]?^\\]/;

/** An exception's path without a trailing `/**` or `/*` (fsutil's patternWithoutTrailingGlob). */
function exceptionPrefix(pattern: string): string {
  return cleanPattern(pattern.slice(1).trim()).replace(/\/\*\*?$/, '');
}

export class IgnoreMatcher {
  readonly lines: PatternLine[];
  readonly patterns: string[];
  /** Any `!` pattern. */
  readonly hasExceptions: boolean;
  /** Some pattern excludes the whole context (`.` or `/` as a COPY source is then excluded). */
  readonly rootIgnored: boolean;
  private readonly base: Ignore;
  /** The exceptions' paths when none has a wildcard (fsutil then walks only into folders they reach); undefined otherwise. */
  private readonly prefixes: string[] | undefined;
  private current: Ignore;
  private calls = 0;

  constructor(text: string) {
    this.lines = patternLines(text);
    this.patterns = this.lines.map((l) => l.pattern);
    this.base = ignore({ ignorecase: false }).add(this.patterns);
    this.current = this.base;
    const exceptions = this.patterns.filter((p) => p.startsWith('!'));
    this.hasExceptions = exceptions.length > 0;
    this.rootIgnored = this.patterns.some(excludesEverything);
    const prefixes = exceptions.map(exceptionPrefix);
    this.prefixes = prefixes.some((p) => WILDCARD.test(p)) ? undefined : prefixes;
  }

  /**
   * Whether the context path (relative, `/`-separated, no leading `./`) is excluded. The library
   * remembers every path it was asked about: a walk over many files gets a fresh copy sharing the
   * compiled patterns every so often, so that memory stays bounded.
   */
  ignores(path: string): boolean {
    if (++this.calls % 4096 === 0) this.current = ignore({ ignorecase: false }).add(this.base);
    return this.current.ignores(path);
  }

  /** Whether a walk may skip an excluded folder without looking inside (fsutil's rule, see the top). */
  canSkip(dir: string): boolean {
    if (!this.hasExceptions) return true;
    if (!this.prefixes) return false;
    const dirSlash = `${dir}/`;
    return !this.prefixes.some((p) => `${p}/`.startsWith(dirSlash));
  }
}
