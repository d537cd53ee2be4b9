/**
 * The one model of a multi-stage Dockerfile. Pure data: no LSP types, no I/O.
 * Positions are zero-based line/character pairs (UTF-16 code units, like LSP and VS Code).
 */

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export interface ParserDirectives {
  /** `# syntax=` value, if present. */
  syntax?: string;
  /** The escape character: `\` (default) or `` ` ``. */
  escape: '\\' | '`';
  /** Raw `# check=` value, if present, e.g. `skip=JSONArgsRecommended;error=true`. */
  check?: string;
  /** Where each directive sits, by lower-cased name. */
  ranges: Record<string, Range>;
  /** The `# escape=` value as written, when it is neither `\` nor `` ` `` (BuildKit rejects the file). */
  badEscape?: string;
  /** A directive written a second time (BuildKit rejects the file): its name and line. */
  repeated?: { name: string; range: Range };
}

/** One Dockerfile instruction, with its continuation lines joined. */
export interface Instruction {
  /** Upper-cased keyword, e.g. `FROM`, `COPY`. For ONBUILD, the keyword is `ONBUILD`. */
  keyword: string;
  /** Keyword as written (for casing checks). */
  keywordText: string;
  keywordRange: Range;
  /** Whole instruction, from keyword to last character of its last line (heredoc bodies included). */
  range: Range;
  /** Flags such as `--from=build` in order; value undefined for a bare flag like `--link`. */
  flags: Flag[];
  /** Arguments after the flags (shell words; quotes kept as written), with ranges. */
  args: Word[];
  /** True when `--` ended the flags (`COPY -- src dst`), BuildKit's end-of-flags marker. */
  endOfFlags: boolean;
  /** True when the arguments are a JSON array (`["a", "b"]`). */
  jsonForm: boolean;
  /** Heredocs opened by this instruction. */
  heredocs: Heredoc[];
  /** Index of the stage this instruction belongs to; -1 before the first FROM. */
  stageIndex: number;
  /** Empty lines inside the instruction's continuation lines (BuildKit's NoEmptyContinuation), if any. */
  emptyContinuationLines?: number[];
}

export interface Flag {
  name: string; // without the leading dashes, as written (e.g. `from`, `mount`)
  value?: string; // text after `=`, as written
  range: Range; // whole `--name=value`
  nameRange: Range;
  valueRange?: Range;
}

export interface Word {
  value: string;
  range: Range;
}

export interface Heredoc {
  /** Delimiter word, e.g. `EOF`. */
  delimiter: string;
  /** `<<-` strips leading tabs. */
  stripTabs: boolean;
  /** Quoted delimiter: no variable expansion inside. */
  quoted: boolean;
  /** Body range (lines between the opener and the closing delimiter). */
  bodyRange: Range;
  /** False when the file ended before the closing delimiter. */
  terminated: boolean;
  /** The body's text (lines joined with `\n`), for rules that read what a heredoc runs. */
  body: string;
}

/** A comment line outside continuations and heredocs (parser directives included). */
export interface Comment {
  line: number;
  /** Text after `#`, trimmed. */
  text: string;
  range: Range;
}

export interface ImageReference {
  /** The reference as resolved (after ARG substitution). */
  raw: string;
  /** Registry host; `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path; Docker Hub official images get `library/`. */
  path: string;
  tag?: string;
  digest?: string;
  /** `registry/path[:tag][@digest]`, with `docker.io/library/` defaults filled in and `latest` when no tag and no digest. */
  normalized: string;
}

export type StageBase =
  | { kind: 'image'; image: ImageReference }
  | { kind: 'stage'; stageIndex: number }
  | { kind: 'scratch' }
  /** A variable without a value, or an empty reference. `text` is what was written. */
  | { kind: 'unresolved'; text: string; missingVariables: string[] };

export interface VariableUse {
  name: string;
  range: Range;
  /** `${VAR:-default}` etc. modifier, if any. */
  modifier?: string;
}

export interface ArgDeclaration {
  name: string;
  defaultValue?: string;
  range: Range; // the whole instruction
  nameRange: Range;
}

export interface EnvDeclaration {
  name: string;
  value: string;
  range: Range;
  nameRange: Range;
}

export interface Stage {
  index: number;
  /** Name as written (`AS Build` -> `Build`). */
  name?: string;
  /** Lower-cased name, for matching. */
  key?: string;
  nameRange?: Range;
  /** Whole stage: FROM line to the last line before the next FROM (trailing blank/comment lines included). */
  range: Range;
  fromInstruction: Instruction;
  /** `FROM` line's `--platform` value, if any. */
  platform?: string;
  /** What the FROM reference was written as (before substitution). */
  baseText: string;
  baseRange: Range;
  base: StageBase;
  /** Instructions of this stage, FROM first. */
  instructions: Instruction[];
  args: ArgDeclaration[];
  envs: EnvDeclaration[];
  /** Variables used in this stage's instructions (not in FROM). */
  variableUses: VariableUse[];
  /**
   * Variables a RUN's shell reads (its words and heredoc bodies): Docker does not expand these, the
   * shell does, from the stage's environment (its ARGs and ENVs) at build time.
   */
  shellVariableUses: VariableUse[];
  /** Variables used in the FROM line itself (image reference and flags such as `--platform`): resolved from global ARGs only. */
  fromVariableUses: VariableUse[];
  exposes: Word[];
  user?: Word;
  workdir?: Word;
  cmd?: Instruction;
  entrypoint?: Instruction;
}

export type EdgeKind = 'from' | 'copy' | 'add' | 'mount';

/** A reference from one stage to another stage or image. */
export interface StageReference {
  kind: EdgeKind;
  /** Stage the reference sits in. */
  fromStage: number;
  /** What was written, e.g. `build`, `0`, `alpine:3`. */
  text: string;
  range: Range;
  /** Resolved target. */
  target:
    | { kind: 'stage'; stageIndex: number }
    /** A name matching a stage defined later (or the stage itself): a bug in the Dockerfile. */
    | { kind: 'later-stage'; stageIndex: number }
    /** A numeric index >= number of stages or >= the referencing stage's index. */
    | { kind: 'bad-index'; index: number }
    /** No stage matches: an external image. */
    | { kind: 'image'; image: ImageReference };
}

export interface BuildPlan {
  target: number;
  /** Stages BuildKit builds: the target and its transitive dependencies, in file order. */
  buildkit: number[];
  /** Stages the classic builder builds: 0..target. */
  classic: number[];
  /** The order in which each builder can run the stages of this target. */
  schedule: BuildSchedule;
}

/**
 * When stages can run, counted in whole stages. BuildKit runs a stage once every stage it depends on
 * is done, so stages in one group can run at the same time; the classic builder runs one stage at a
 * time in file order. (BuildKit really schedules steps: the steps of a stage before its first
 * `COPY --from` may start earlier than its group; the group is when all of its inputs are ready.)
 */
export interface BuildSchedule {
  /** BuildKit's groups in run order: group k holds the stages whose longest chain of dependencies
   * within the plan has k stages; each group in file order. Empty groups never occur. */
  buildkit: number[][];
  /** The classic builder's groups: one stage per group, 0..target in file order. */
  classic: number[][];
  /** The longest chain of dependent stages, first stage first, ending at the target (as many stages
   * as BuildKit has groups). Ties go to the earliest stage in the file. */
  criticalPath: number[];
}

export interface DockerfileModel {
  /** Text length and line count, for diagnostics of huge files. */
  lineCount: number;
  directives: ParserDirectives;
  /** ARG instructions before the first FROM. */
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  /** Every instruction in file order (ONBUILD included as its own instruction). */
  instructions: Instruction[];
  references: StageReference[];
  /** Per stage: the stages it depends on directly (FROM <stage>, --from, mount from=), sorted, no duplicates. */
  dependencies: number[][];
  /** Per stage: the stages that depend on it directly, sorted, no duplicates. */
  dependents: number[][];
  /** Default target: the last stage (undefined when there are no stages). */
  defaultTarget?: number;
  /** Build plan for every stage as target, indexed by stage index. */
  plans: BuildPlan[];
  /** Stages the default target does not build under BuildKit. */
  skippedByDefault: number[];
  /** Comment lines outside instructions, in file order (for suppression comments). */
  comments: Comment[];
  /** Lines that could not be read as instructions (e.g. text before any keyword). */
  problems: ModelProblem[];
}

/**
 * What the model could not read. `not-an-instruction`: a line (with its continuation lines) that
 * starts with no keyword; `unclosed-heredoc`: a heredoc without its closing line, which swallows the
 * rest of the file; `before-from`: an instruction other than ARG before the first FROM.
 */
export interface ModelProblem {
  kind: 'not-an-instruction' | 'unclosed-heredoc' | 'before-from';
  message: string;
  /** `not-an-instruction`: the line's first word, which BuildKit takes for an unknown instruction. */
  token?: string;
  range: Range;
}

export interface ParseOptions {
  /** Build-arg overrides, as `--build-arg NAME=value`. */
  buildArgs?: Record<string, string>;
}
