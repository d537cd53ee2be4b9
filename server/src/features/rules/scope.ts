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

/** Environment BuildKit or every Linux base image provides. */
export const WELL_KNOWN_ENV: ReadonlySet<string> = new Set(['PATH', 'HOME', 'HOSTNAME', 'PWD', 'USER', 'SHELL', 'TERM', 'LANG']);

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

/** ENV that official images set beyond `<IMAGE>_…` names (`NODE_VERSION` in node is covered by the prefix). */
const IMAGE_ENV: Record<string, string[]> = {
  golang: ['GOPATH', 'GOTOOLCHAIN'],
  node: ['YARN_VERSION'],
  python: ['GPG_KEY', 'PYTHON_SHA256', 'PYTHON_PIP_VERSION', 'PYTHON_GET_PIP_URL'],
  rust: ['RUSTUP_HOME', 'CARGO_HOME'],
  openjdk: ['JAVA_HOME', 'JAVA_VERSION'],
  'eclipse-temurin': ['JAVA_HOME', 'JAVA_VERSION'],
  amazoncorretto: ['JAVA_HOME'],
  maven: ['MAVEN_HOME', 'MAVEN_CONFIG', 'JAVA_HOME', 'JAVA_VERSION'],
  gradle: ['GRADLE_HOME', 'GRADLE_VERSION', 'JAVA_HOME', 'JAVA_VERSION'],
  postgres: ['PG_MAJOR', 'PG_VERSION', 'PGDATA'],
  sdk: ['DOTNET_VERSION', 'ASPNET_VERSION', 'DOTNET_SDK_VERSION'],
  aspnet: ['DOTNET_VERSION', 'ASPNET_VERSION'],
  runtime: ['DOTNET_VERSION'],
  erlang: ['OTP_VERSION', 'REBAR3_VERSION'],
  elixir: ['ELIXIR_VERSION', 'OTP_VERSION'],
};

/**
 * Might the base image of `stage` (through its parent stages) set `name` in its ENV? The editor does
 * not know an image's config, so this recognises what official images set: `<IMAGE>_…` names
 * (`NODE_VERSION` in `node`, `PYTHON_VERSION` in `python`, `GOLANG_VERSION` in `golang`) and a short
 * table of others (`GOPATH`, `JAVA_HOME`, …).
 */
export function imageMaySet(model: DockerfileModel, stage: Stage, name: string): boolean {
  const root = rootStage(model, stage);
  if (root.base.kind !== 'image') return false;
  const key = name.toLowerCase();
  for (const part of root.base.image.path.split('/')) {
    if (part === 'library') continue;
    const words = [part, ...part.split(/[-_.]/)];
    if (words.some((word) => word.length >= 2 && key.startsWith(`${word}_`))) return true;
    if (IMAGE_ENV[part]?.includes(name)) return true;
  }
  return false;
}

/**
 * Is this use inside a `COPY/ADD --from=` value? BuildKit resolves `--from` before any stage runs, so
 * stage ARGs never apply there (variables in `--from` are a separate limitation, not a scope mistake).
 */
export function inFromFlag(stage: Stage, use: VariableUse): boolean {
  for (const instruction of stage.instructions) {
    if (instruction.range.start.line > use.range.start.line) break;
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    for (const flag of instruction.flags) {
      const range = flag.valueRange;
      if (flag.name.toLowerCase() === 'from' && range && !before(use.range.start, range.start) && !before(range.end, use.range.end)) return true;
    }
  }
  return false;
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
