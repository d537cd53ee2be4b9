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
import type { ImagePlatform, OfferedPlatforms } from '../../registry/platform';
import type { OutsideBuild } from '../../analysis/outsideBuilds';

export const SEVERITIES = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type RuleSeverity = (typeof SEVERITIES)[number];

/** Facts from outside the Dockerfile, gathered by wiring/publishDiagnostics.ts (rules never do I/O themselves). */
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
  /**
   * The platforms of a build and what the image-size lookups have learnt so far of base images'
   * platforms (a snapshot: no rule ever starts a lookup). Undefined: unknown, rules that need it
   * say nothing.
   */
  platforms?: {
    /** The target platform (`stagecraft.build.platform`, else the engine's: this machine's). */
    target: string;
    /** The build platform, $BUILDPLATFORM (the engine's). */
    build: string;
    /** By `ImageReference.normalized`; an image not listed is one nothing is known of yet. */
    images: Record<string, BaseImagePlatforms>;
  };
  /**
   * Builds of this Dockerfile that files outside it ask for (Compose services, Dev Containers, CI
   * steps), as the targets index knew them. Undefined: unknown (not a file, or not indexed yet).
   */
  builds?: OutsideBuild[];
}

/** What is known of the platforms a base image reference offers. */
export interface BaseImagePlatforms {
  /** From its registry: its index's platforms (attestations left out), or a single manifest's own. */
  registry?: OfferedPlatforms;
  /** The local engine's image of that name (docker image inspect). */
  local?: ImagePlatform;
}

export interface RuleContext {
  uri: string;
  model: DockerfileModel;
  env: RuleEnvironment;
  /** Build-arg overrides (`stagecraft.buildArgs`), as `--build-arg NAME=value`; none when undefined. */
  buildArgs?: Readonly<Record<string, string>>;
}

export interface Finding {
  range: Range;
  /** Names the stage, image or arg involved. Plain text, one or two sentences. */
  message: string;
  /** JSON data handed back to `fixes` through the diagnostic (e.g. the suggested name). */
  data?: Record<string, unknown>;
  /**
   * For a rule mirroring a BuildKit check: the line of the instruction whose `# check=` comments
   * BuildKit applies, when it is not the reported one (e.g. the later of two CMDs).
   */
  checkLine?: number;
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

/** Go's `%q` of printable text (BuildKit's messages quote names and paths with it). */
export function goQuote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** The rows `editDistance` works in, kept between calls (it runs for every candidate name). */
let rows = [new Uint32Array(64), new Uint32Array(64), new Uint32Array(64)];

/**
 * Edit distance with adjacent transpositions counted as one edit ("buidl" -> "build" is 1). Three
 * rolling rows of typed arrays: the rules call this for every candidate name, on every keystroke.
 */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  if (rows[0].length <= n) rows = [new Uint32Array(2 * n + 2), new Uint32Array(2 * n + 2), new Uint32Array(2 * n + 2)];
  let [previous2, previous, current] = rows;
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, previous2[j - 2] + 1);
      current[j] = value;
    }
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[n];
}

/** The closest of `candidates` to `name` (case-insensitive), if close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const key = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  if (key.length > 64) return undefined;
  const limit = key.length <= 3 ? 1 : Math.max(2, Math.floor(key.length / 3));
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - key.length) > Math.min(limit, bestDistance)) continue; // the distance is at least the length difference
    const distance = editDistance(key, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
