/**
 * BuildKit's CopyIgnoredFile (dockerfile2llb/validations.go `validateCopySourcePath`): a COPY (without
 * `--from`) or ADD names a source in the build context that the `.dockerignore` excludes (the path
 * or one of its parent folders matches). As in BuildKit: nothing is checked when the file has any
 * `!` exception (too hard to tell statically), URLs and git sources are skipped, and `.` or `/` count
 * only when a pattern excludes everything (`*`, `**`, `**\/*`). The `.dockerignore` is the one the
 * build reads (`<name>.dockerignore` beside the Dockerfile, else the context's), from the rule
 * environment; its patterns are read and matched by context/dockerignore.ts (@balena/dockerignore:
 * Docker's own matching rules, case-sensitive as on Linux). Sources with a variable are skipped. Reported on the instruction with
 * BuildKit's message (`Copy` or `Add`, the cleaned path). Quick fix: delete the `.dockerignore`
 * lines whose pattern excludes the path.
 */
import ignore from '@balena/dockerignore';
import { posix } from 'node:path';
import type { Finding, Rule, RuleEnvironment } from './rule';
import { goQuote } from './rule';
import type { Instruction } from '../../analysis/model';
import { excludesEverything, IgnoreMatcher, type PatternLine } from '../../context/dockerignore';

interface Matcher {
  ignores(path: string): boolean;
  rootIgnored: boolean;
  lines: PatternLine[];
}

/** The matcher BuildKit would use; undefined when there is none or it has exceptions (no check). */
function matcherOf(env: RuleEnvironment): Matcher | undefined {
  const text = env.dockerignore?.text;
  if (text === undefined) return undefined;
  const matcher = new IgnoreMatcher(text);
  if (!matcher.patterns.length || matcher.hasExceptions) return undefined;
  return matcher;
}

/** The lines whose pattern alone excludes `path` (what the quick fix deletes). */
function excludingLines(matcher: Matcher, path: string): number[] {
  const root = path === '.' || path === '/';
  return matcher.lines
    .filter(({ pattern }) => (root ? excludesEverything(pattern) : ignore({ ignorecase: false }).add(pattern).ignores(path)))
    .map((l) => l.line);
}

/** The context sources of a COPY/ADD: every argument but the destination, minus URLs and git refs. */
function contextSources(instruction: Instruction): string[] {
  if (instruction.jsonForm || instruction.args.length < 2) return [];
  if (instruction.keyword === 'COPY' && instruction.flags.some((f) => f.name.toLowerCase() === 'from')) return [];
  return instruction.args
    .slice(0, -1)
    .map((word) => word.value.replace(/^(["'])(.*)\1$/, '$2'))
    .filter((src) => !src.includes('$') && !src.startsWith('<<') && !/^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/.test(src) && !/\.git(?:#|$)/.test(src));
}

export const copyIgnoredFile: Rule = {
  id: 'copy-ignored-file',
  buildkit: 'CopyIgnoredFile',
  defaultSeverity: 'warning',
  summary: 'COPY or ADD names a path the .dockerignore excludes: it is not in the build context.',
  check({ model, env }) {
    const matcher = matcherOf(env);
    if (!matcher) return [];
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const cmd = instruction.keyword === 'ADD' ? 'Add' : 'Copy';
        for (const src of contextSources(instruction)) {
          const path = posix.normalize(src).replace(/(?<=.)\/$/, '');
          if (path === '.' || path === '/' ? !matcher.rootIgnored : !matcher.ignores(path)) continue;
          findings.push({ range: instruction.range, message: `Attempting to ${cmd} file ${goQuote(path)} that is excluded by .dockerignore`, data: { path } });
        }
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    // Found here, for the one diagnostic asked about: each pattern tried alone is a matcher of its own.
    const path = (diagnostic.data as { path?: string } | undefined)?.path;
    const matcher = matcherOf(context.env);
    const uri = context.env.dockerignore?.uri;
    if (path === undefined || !matcher || !uri) return [];
    const edits = excludingLines(matcher, path).map((line) => ({
      range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
      newText: '',
    }));
    return edits.length ? [{ title: 'Remove the pattern from .dockerignore', isPreferred: true, edit: { changes: { [uri]: edits } } }] : [];
  },
};
