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
export const PROXY_ARGS: ReadonlySet<string> = new Set([
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
]);

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

/**
 * ENV that official images set beyond `<IMAGE>_…` names (`NODE_VERSION` in node is covered by the prefix).
 * A Map: it is looked up by a part of the image path in the file (`FROM constructor` is an image too).
 */
const IMAGE_ENV: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
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
  }),
);

/**
 * Scope facts for one model, computed on demand and memoised so that every rule stays linear in the
 * file, even for a chain of 100,000 `FROM <previous stage>` lines: the root of each stage's chain (one
 * pass), each stage's declarations by name (one pass over the stage), and "an ancestor declares
 * NAME" per name (each chain link is walked once per name asked about).
 */
export class Scopes {
  private roots?: Int32Array;
  private readonly declared = new Map<number, Map<string, Position>>();
  private readonly inheritedMemo = new Map<string, Map<number, boolean>>();
  private readonly fromValues = new Map<number, Map<number, Range[]>>();
  private firstDeclarer?: Map<string, number>;

  constructor(private readonly model: DockerfileModel) {}

  private parentOf(stage: Stage): number | undefined {
    return stage.base.kind === 'stage' && stage.base.stageIndex < stage.index ? stage.base.stageIndex : undefined;
  }

  /** The stage the base chain of `stage` ends in (itself when it is based on an image or scratch). */
  root(stage: Stage): Stage {
    if (!this.roots) {
      const stages = this.model.stages;
      const roots = new Int32Array(stages.length);
      for (let i = 0; i < stages.length; i++) {
        const parent = this.parentOf(stages[i]);
        roots[i] = parent === undefined ? i : roots[parent];
      }
      this.roots = roots;
    }
    return this.model.stages[this.roots[stage.index]] ?? stage;
  }

  /** Names the stage's ARG and ENV lines declare, each with its first declaration's position. */
  declarations(stageIndex: number): Map<string, Position> {
    let names = this.declared.get(stageIndex);
    if (!names) {
      names = new Map();
      const stage = this.model.stages[stageIndex];
      for (const declaration of [...stage.args, ...stage.envs]) {
        const known = names.get(declaration.name);
        if (!known || before(declaration.nameRange.start, known)) names.set(declaration.name, declaration.nameRange.start);
      }
      this.declared.set(stageIndex, names);
    }
    return names;
  }

  /** Does a parent stage (`FROM <stage>`, transitively) declare `name`? ARGs count under BuildKit. */
  inherited(stage: Stage, name: string): boolean {
    if (!this.firstDeclarer) {
      this.firstDeclarer = new Map();
      for (const s of this.model.stages) for (const d of [...s.args, ...s.envs]) if (!this.firstDeclarer.has(d.name)) this.firstDeclarer.set(d.name, s.index);
    }
    // Parents come before their children: no stage before this one declares it, no parent does.
    if ((this.firstDeclarer.get(name) ?? Infinity) >= stage.index) return false;
    let memo = this.inheritedMemo.get(name);
    if (!memo) this.inheritedMemo.set(name, (memo = new Map()));
    const path: Stage[] = [];
    let answer = false;
    for (let current: Stage | undefined = stage; current;) {
      const known = memo.get(current.index);
      if (known !== undefined) {
        answer = known;
        break;
      }
      path.push(current);
      const parent = this.parentOf(current);
      if (parent === undefined) {
        answer = false;
        break;
      }
      if (this.declarations(parent).has(name)) {
        answer = true;
        memo.set(current.index, true);
        path.pop();
        break;
      }
      current = this.model.stages[parent];
    }
    for (let i = path.length - 1; i >= 0; i--) memo.set(path[i].index, answer);
    return memo.get(stage.index) ?? answer;
  }

  /** Where `name` is visible at `position` inside `stage`. */
  visibility(stage: Stage, name: string, position: Position): Visibility {
    const first = this.declarations(stage.index).get(name);
    const local = first !== undefined && before(first, position);
    return { local, inherited: !local && this.inherited(stage, name) };
  }

  /** Might the base image of `stage` (through its parent stages) set `name` in its ENV? See `imageSets`. */
  imageMaySet(stage: Stage, name: string): boolean {
    const root = this.root(stage);
    return root.base.kind === 'image' && imageSets(root.base.image.path, name);
  }

  /**
   * Is this use inside a `COPY/ADD --from=` value? BuildKit resolves `--from` before any stage runs,
   * so stage ARGs never apply there (variables in `--from` are a separate limitation).
   */
  inFromFlag(stage: Stage, use: VariableUse): boolean {
    let byLine = this.fromValues.get(stage.index);
    if (!byLine) {
      byLine = new Map();
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        for (const flag of instruction.flags) {
          if (flag.name.toLowerCase() !== 'from' || !flag.valueRange) continue;
          const line = flag.valueRange.start.line;
          (byLine.get(line) ?? byLine.set(line, []).get(line)!).push(flag.valueRange);
        }
      }
      this.fromValues.set(stage.index, byLine);
    }
    return (byLine.get(use.range.start.line) ?? []).some((range) => !before(use.range.start, range.start) && !before(range.end, use.range.end));
  }

  /** Names a use at `position` could have meant: the stage's ARG/ENV before it, its nearest parents' (up to 16), the well-known ones. */
  visibleNames(stage: Stage, position: Position): Set<string> {
    const names = new Set(WELL_KNOWN_ENV);
    for (const [name, at] of this.declarations(stage.index)) if (before(at, position)) names.add(name);
    let parent = this.parentOf(stage);
    for (let hops = 0; parent !== undefined && hops < 16; hops++) {
      for (const name of this.declarations(parent).keys()) names.add(name);
      parent = this.parentOf(this.model.stages[parent]);
    }
    return names;
  }
}

/** One-off `Scopes(model).visibility(…)` (tests; rules keep one `Scopes` per check). */
export function visibility(model: DockerfileModel, stage: Stage, name: string, position: Position): Visibility {
  return new Scopes(model).visibility(stage, name, position);
}

/**
 * Might an image with this repository path set `name` in its ENV? The editor does not know an image's
 * config, so this recognises what official images set: `<IMAGE>_…` names (`NODE_VERSION` in `node`,
 * `PYTHON_VERSION` in `python`, `GOLANG_VERSION` in `golang`) and a short table of others (`GOPATH`,
 * `JAVA_HOME`, …).
 */
export function imageSets(path: string, name: string): boolean {
  const key = name.toLowerCase();
  for (const part of path.split('/')) {
    if (part === 'library') continue;
    const words = [part, ...part.split(/[-_.]/)];
    if (words.some((word) => word.length >= 2 && key.startsWith(`${word}_`))) return true;
    if (IMAGE_ENV.get(part)?.includes(name)) return true;
  }
  return false;
}

/** One-off `Scopes(model).imageMaySet(…)`. */
export function imageMaySet(model: DockerfileModel, stage: Stage, name: string): boolean {
  return new Scopes(model).imageMaySet(stage, name);
}

/** The range of the name inside a variable use (`$NAME` or `${NAME…}`), for edits that rename it. */
export function nameRangeOfUse(use: VariableUse): Range {
  const { start, end } = use.range;
  if (start.line !== end.line) return use.range;
  const offset = end.character - start.character > use.name.length + 1 ? 2 : 1;
  const character = start.character + offset;
  return { start: { line: start.line, character }, end: { line: start.line, character: character + use.name.length } };
}

/** The stage a finding names in its data (`{ stageIndex }`), handed back through the diagnostic to a quick fix. */
export function stageOfFinding(model: DockerfileModel, diagnostic: { data?: unknown }): Stage | undefined {
  const index = (diagnostic.data as { stageIndex?: number } | undefined)?.stageIndex;
  return index === undefined ? undefined : model.stages[index];
}

/** Edits that rename stage `index` to `name`: its `AS` word and every reference that resolves to it by name. */
export function renameStageEdits(model: DockerfileModel, index: number, name: string): { range: Range; newText: string }[] {
  const stage = model.stages[index];
  const edits: { range: Range; newText: string }[] = [];
  if (stage.nameRange) edits.push({ range: stage.nameRange, newText: name });
  for (const reference of model.references) {
    const target = reference.target;
    if (
      (target.kind === 'stage' || target.kind === 'later-stage') &&
      target.stageIndex === index &&
      !/^\d+$/.test(reference.text) &&
      !reference.text.includes('$')
    ) {
      edits.push({ range: reference.range, newText: name });
    }
  }
  return edits;
}
