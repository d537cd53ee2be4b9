/**
 * Helpers shared by the stage and build-arg rules: which names a stage sees at a position, how to
 * name a stage in a message, and the edits that rename a stage everywhere. Reads the model only.
 */
import type { DockerfileModel, Position, Range, Stage, StageReference, VariableUse } from '../../analysis/model';
import { PREDEFINED_ARGS } from '../../analysis/variables';

export const REFERENCE_LABEL: Record<StageReference['kind'], string> = { copy: 'COPY --from', add: 'ADD --from', mount: 'RUN --mount from=', from: 'FROM' };

/** `` `build` (stage 2, line 7) `` or `stage 2 (line 7)` for an unnamed one. */
export function describeStage(stage: Stage): string {
  const line = stage.fromInstruction.range.start.line + 1;
  return stage.name !== undefined ? `\`${stage.name}\` (stage ${stage.index}, line ${line})` : `stage ${stage.index} (line ${line})`;
}

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * Proxy ARGs Docker defines on every build without an `ARG` line (they are not kept in the image).
 * The automatic platform ARGs (TARGETARCH, …) are in PREDEFINED_ARGS: global scope only.
 */
export const PROXY_ARGS: ReadonlySet<string> = new Set(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);

/** Names a global scope (FROM lines) sees: global ARGs and the automatic platform ARGs. */
export function globalNames(model: DockerfileModel): Set<string> {
  return new Set([...model.globalArgs.map((arg) => arg.name), ...PREDEFINED_ARGS.keys()]);
}

/** A modifier that gives the variable a value when it is unset (`:-`, `-`, `:+`, `+`) or fails the build with a message (`:?`, `?`). */
export function handlesUnset(use: VariableUse): boolean {
  return use.modifier !== undefined && /^:?[-+?]/.test(use.modifier);
}

export interface Visibility {
  /** Declared by an ARG or ENV of the stage before the position. */
  local: boolean;
  /** Declared by an ARG or ENV of a parent stage (`FROM <stage>`); ARGs only under BuildKit. */
  inherited: boolean;
}

/** Where `name` is visible at `position` inside `stage`: its own ARG/ENV lines before it, or its parent stages. */
export function visibility(model: DockerfileModel, stage: Stage, name: string, position: Position): Visibility {
  const declaredHere = (s: Stage, at?: Position) =>
    s.args.some((arg) => arg.name === name && (!at || before(arg.nameRange.start, at))) ||
    s.envs.some((env) => env.name === name && (!at || before(env.nameRange.start, at)));
  const local = declaredHere(stage, position);
  let inherited = false;
  const seen = new Set<number>([stage.index]);
  for (let parent = stage; parent.base.kind === 'stage' && !inherited;) {
    const next = model.stages[parent.base.stageIndex];
    if (!next || seen.has(next.index)) break;
    seen.add(next.index);
    inherited = declaredHere(next);
    parent = next;
  }
  return { local, inherited };
}

/** The stage the base chain of `stage` ends in (itself when it is based on an image or scratch). */
export function rootStage(model: DockerfileModel, stage: Stage): Stage {
  const seen = new Set<number>();
  let current = stage;
  while (current.base.kind === 'stage' && !seen.has(current.index)) {
    seen.add(current.index);
    current = model.stages[current.base.stageIndex] ?? current;
  }
  return current;
}

/** The range of the name inside a variable use (`$NAME` or `${NAME…}`), for edits that rename it. */
export function nameRangeOfUse(use: VariableUse): Range {
  const { start, end } = use.range;
  if (start.line !== end.line) return use.range;
  const offset = end.character - start.character > use.name.length + 1 ? 2 : 1;
  const character = start.character + offset;
  return { start: { line: start.line, character }, end: { line: start.line, character: character + use.name.length } };
}

/** Edits that rename stage `index` to `name`: its `AS` word and every reference that resolves to it by name. */
export function renameStageEdits(model: DockerfileModel, index: number, name: string): { range: Range; newText: string }[] {
  const stage = model.stages[index];
  const edits: { range: Range; newText: string }[] = [];
  if (stage.nameRange) edits.push({ range: stage.nameRange, newText: name });
  for (const reference of model.references) {
    const target = reference.target;
    if ((target.kind === 'stage' || target.kind === 'later-stage') && target.stageIndex === index && !/^\d+$/.test(reference.text) && !reference.text.includes('$')) {
      edits.push({ range: reference.range, newText: name });
    }
  }
  return edits;
}
