/**
 * What the targets index knows: the files outside a Dockerfile that name a Dockerfile and a target
 * (Compose services, Dev Containers, GitHub workflows, Azure Pipelines). Pure data, no I/O.
 * Paths are absolute file-system paths; ranges are zero-based line/character (UTF-16), as in LSP.
 */
import type { Range } from '../analysis/model';

export type TargetSourceKind = 'compose' | 'devcontainer' | 'github' | 'azure';

/** One build of a Dockerfile that a file outside it asks for. */
export interface TargetRef {
  kind: TargetSourceKind;
  /** The file that asks for the build (for Compose `extends`, the file of the service that extends). */
  file: string;
  /** Who builds, for lenses and hovers: "Compose service `web`", "Dev Container", "CI: build-push-action in `ci.yml`". */
  label: string;
  /** The Dockerfile meant; undefined when it cannot be known (a remote context, a glob, an inline Dockerfile). */
  dockerfile?: string;
  /** The build context, when it is a folder. */
  context?: string;
  /** The target as written; undefined: the default target (the last stage). */
  target?: string;
  /**
   * Where the target's value is written (its text only, no quotes), when it is written literally:
   * rename edits it, diagnostics and completion point at it. In `targetFile`, which is `file` except
   * for a target inherited through Compose `extends` or read from a workflow's matrix.
   */
  targetRange?: Range;
  targetFile?: string;
  /** A target key written with no value yet (`target:` in a Compose file): where completion offers the stages. */
  emptyTargetAt?: Range;
}

/** A problem with a file of the index: it could not be read or parsed (the rest of the index keeps working). */
export interface TargetFileProblem {
  file: string;
  message: string;
  range: Range;
}

/** What one file gives the index. */
export interface ParsedTargetFile {
  refs: TargetRef[];
  problems: TargetFileProblem[];
}

/** A target value that is not a literal name (Compose/Actions interpolation): it is never checked or renamed. */
export function isLiteralTarget(value: string): boolean {
  return value.length > 0 && !/[$`{}]/.test(value);
}
