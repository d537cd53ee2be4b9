/**
 * What a diagnostic rule is. One file per rule in this folder; the rule id is the diagnostic `code`,
 * the setting key `stagecraft.diagnostics.<id>` and the docs page `docs/rules/<id>.md`.
 *
 * How to add a rule:
 *  1. Write `server/src/features/rules/<id>.ts` exporting a `Rule` (check: model -> findings; fixes
 *     optional) and list it in `index.ts`.
 *  2. Contribute `stagecraft.diagnostics.<id>` in package.json (enum of severities, default = the
 *     rule's `defaultSeverity`, a description).
 *  3. Write `docs/rules/<id>.md`: what, why, a bad and a good example, how to suppress.
 *  4. Add `test/fixtures/rules/<id>/`: `bad.Dockerfile` with `bad.expected.json`, `good.Dockerfile`
 *     (the near miss: no finding), and `bad.fixed.Dockerfile` (the first quick fix applied).
 *  5. Run the corpus test: new warnings on real Dockerfiles need a reason in
 *     test/corpus/expected-findings.json, or a better rule.
 */
import type { Diagnostic, WorkspaceEdit } from 'vscode-languageserver';
import type { DockerfileModel, Range } from '../../analysis/model';

export const SEVERITIES = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type RuleSeverity = (typeof SEVERITIES)[number];

/** Facts from outside the Dockerfile, gathered by wiring.ts (rules never do I/O themselves). */
export interface RuleEnvironment {
  /**
   * The `.dockerignore` BuildKit would read for this Dockerfile (`<name>.dockerignore` next to it,
   * else `.dockerignore` in the build context). Undefined when the document is not a file on disk.
   */
  dockerignore?: {
    /** Folder of the Dockerfile (the default build context), as a `file:` URI. */
    contextUri: string;
    /** URI of the file that applies, or of the one a quick fix would create. */
    uri: string;
    /** Its text; undefined when there is none. */
    text?: string;
  };
}

export interface RuleContext {
  uri: string;
  model: DockerfileModel;
  env: RuleEnvironment;
}

export interface Finding {
  range: Range;
  /** Names the stage, image or arg involved. Plain text, one or two sentences. */
  message: string;
  /** JSON data handed back to `fixes` through the diagnostic (e.g. the suggested name). */
  data?: Record<string, unknown>;
  /** LSP DiagnosticTag values (1 unnecessary, 2 deprecated). */
  tags?: (1 | 2)[];
}

export interface Fix {
  title: string;
  edit: WorkspaceEdit;
  /** The fix to apply with one keystroke (VS Code's "auto fix"). */
  isPreferred?: boolean;
}

export interface Rule {
  id: string;
  /** BuildKit's build-check this rule mirrors: `# check=skip=<name>` (or `skip=all`) turns it off. */
  buildkit?: string;
  defaultSeverity: RuleSeverity;
  /** One line: what the rule reports (settings description, docs index). */
  summary: string;
  check(context: RuleContext): Finding[];
  /** Quick fixes for one of this rule's diagnostics (its `data` is what `check` put there). */
  fixes?(context: RuleContext, diagnostic: Diagnostic): Fix[];
}

/** A single-edit fix on the document. */
export function textFix(context: RuleContext, title: string, range: Range, newText: string, isPreferred = false): Fix {
  return { title, isPreferred, edit: { changes: { [context.uri]: [{ range, newText }] } } };
}

/** Edit distance with adjacent transpositions counted as one edit ("buidl" -> "build" is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * `editDistance(a, b)` when it is at most `limit`, else `limit + 1`: three rows, and it stops once
 * two rows in a row exceed the limit (a transposition reaches back two rows). For many candidates.
 */
function boundedDistance(a: string, b: string, limit: number): number {
  const width = b.length + 1;
  let before = new Int32Array(width);
  let previous = new Int32Array(width);
  let current = new Int32Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit && previousMin > limit) return limit + 1;
    previousMin = rowMin;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length], limit + 1);
}

/** The closest of `candidates` to `name` (case-insensitive), if close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const key = name.toLowerCase();
  const limit = key.length <= 3 ? 1 : Math.max(2, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: such a candidate is never close enough.
    const lower = candidate.toLowerCase();
    if (Math.abs(lower.length - key.length) > limit) continue;
    const distance = boundedDistance(key, lower, limit);
    if (distance < bestDistance) { best = candidate; bestDistance = distance; }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
