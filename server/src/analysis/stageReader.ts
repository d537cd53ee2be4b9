/**
 * Reads instructions into stages, one at a time in file order (the first pass of parse.ts): global
 * ARGs and the values they give FROM lines, each FROM's stage and base, what each stage's instructions
 * declare and use, and the references to other stages or images, resolved once every stage is known.
 * All of one parse's state is in a `StageReader`; a parse makes one.
 */
import type { ArgDeclaration, DockerfileModel, EdgeKind, Flag, Instruction, Range, Stage, StageBase, StageReference, VariableUse } from './model';
import { exact } from './scanner';
import { movedBy, movedDelta, readKey, sameInstructions } from './reuse';
import { parseImageReference } from './imageRef';
import { PREDEFINED_ARGS, substitute, variableUses } from './variables';
import { offsetRange, readArgs, readEnvs, unquote, valueRange } from './declarations';

/** Instructions whose arguments Docker expands variables in (RUN, CMD and ENTRYPOINT are left to the shell). */
const EXPANDING = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/** What `readStageInstruction` sets on a stage, besides its instructions. */
const STAGE_STATEMENTS = new Set(['args', 'envs', 'variableUses', 'shellVariableUses', 'exposes', 'user', 'workdir', 'cmd', 'entrypoint']);

/** A reference by --from or a mount's from=, resolved once every stage name is known. */
interface PendingReference {
  kind: EdgeKind;
  fromStage: number;
  text: string;
  resolved: string;
  range: Range;
}

export class StageReader {
  readonly globalArgs: ArgDeclaration[] = [];
  readonly stages: Stage[] = [];
  /** FROM lines that name a stage, as read; then every other reference (see `resolveReferences`). */
  readonly references: StageReference[] = [];
  /** Values visible in FROM lines and --from: predefined platform ARGs, global ARG defaults, overrides. */
  private readonly globalVars = new Map<string, string | undefined>(PREDEFINED_ARGS);
  /** Lower-cased name -> latest stage of that name so far. */
  private readonly stageKeys = new Map<string, number>();
  private readonly pending: PendingReference[] = [];
  /** The last parse's stages, and its references other than FROM's, by the stage they sit in. */
  private readonly previousStages: readonly Stage[] | undefined;
  private readonly previousReferences: Map<number, StageReference[]> | undefined;
  /** The last parse's stages by the read of their FROM (see `previousStageOf`). */
  private previousByRead: Map<object, Stage> | undefined;
  /** Stages whose lists are the last parse's (already at their length). */
  private readonly stagesTaken = new Set<Stage>();

  constructor(
    private readonly escape: string,
    private readonly buildArgs: Readonly<Record<string, string>>,
    previous: DockerfileModel | undefined,
  ) {
    this.previousStages = previous?.stages;
    if (previous) {
      const byStage = (this.previousReferences = new Map<number, StageReference[]>());
      for (const ref of previous.references)
        if (ref.kind !== 'from') (byStage.get(ref.fromStage) ?? byStage.set(ref.fromStage, []).get(ref.fromStage)!).push(ref);
    }
  }

  /** The stage instructions go to now; undefined before the first FROM. */
  get current(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  /** An ARG before the first FROM: its value (or the build arg's) is seen by the FROM lines after it. */
  globalArg(instruction: Instruction): void {
    const { buildArgs, globalVars } = this;
    for (const arg of readArgs(instruction)) {
      this.globalArgs.push(arg);
      const override = Object.hasOwn(buildArgs, arg.name) ? buildArgs[arg.name] : undefined; // own keys: ARG constructor, ARG __proto__
      const value = override ?? (arg.defaultValue === undefined ? undefined : substitute(arg.defaultValue, globalVars, this.escape).value);
      globalVars.set(arg.name, value ?? globalVars.get(arg.name));
    }
  }

  /** A FROM: the stage before it is complete and read; a new stage starts. */
  startStage(instruction: Instruction): Stage {
    const current = this.current;
    if (current) this.readStage(current);
    const stage = this.readFrom(instruction, this.stages.length);
    this.stages.push(stage);
    if (stage.key !== undefined) this.stageKeys.set(stage.key, stage.index);
    return stage;
  }

  /** After the last instruction: the last stage is read. */
  finish(): void {
    const current = this.current;
    if (current) this.readStage(current);
  }

  /** The lists a stage was given by push, at their length. */
  trimLists(): void {
    for (const stage of this.stages) {
      if (this.stagesTaken.has(stage)) {
        stage.instructions = exact(stage.instructions);
        stage.fromVariableUses = exact(stage.fromVariableUses);
        continue;
      }
      stage.instructions = exact(stage.instructions);
      stage.args = exact(stage.args);
      stage.envs = exact(stage.envs);
      stage.variableUses = exact(stage.variableUses);
      stage.shellVariableUses = exact(stage.shellVariableUses);
      stage.fromVariableUses = exact(stage.fromVariableUses);
      stage.exposes = exact(stage.exposes);
    }
  }

  /**
   * Resolves --from and mount from= now that every stage name is known (later stages included), and
   * sorts every reference by position. Returns `references`.
   */
  resolveReferences(): StageReference[] {
    const { stages, references } = this;
    const allKeys = new Map<string, number[]>();
    for (const stage of stages) if (stage.key !== undefined) (allKeys.get(stage.key) ?? allKeys.set(stage.key, []).get(stage.key)!).push(stage.index);
    for (const ref of this.pending)
      references.push({ kind: ref.kind, fromStage: ref.fromStage, text: ref.text, range: ref.range, target: targetOf(ref, allKeys) });
    references.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return references;
  }

  /**
   * What a stage's instructions say (its ARGs, ENVs, variables, references...), read once all its
   * instructions are known. A stage whose instructions are all the last parse's own objects, at the
   * same index, says what it said then: its lists are taken as they are, and only its references to
   * other stages are resolved again (they depend on global ARGs and on the other stages' names). One
   * whose instructions are all copies of a last parse's stage's, moved by the same count of lines,
   * takes that stage's lists moved (`takeMoved`).
   */
  private readStage(stage: Stage): void {
    const before = this.previousStages?.[stage.index];
    if (before && sameInstructions(before.instructions, stage.instructions)) {
      const target = stage as unknown as Record<string, unknown>;
      const source = before as unknown as Record<string, unknown>;
      for (const key in source) if (STAGE_STATEMENTS.has(key)) target[key] = source[key];
      this.takeReferences(stage, before, 0);
      this.stagesTaken.add(stage);
      return;
    }
    // Moved: at the same index (a line added or removed above), or at another (stages pasted above).
    let moved = before;
    let delta = before && movedDelta(before.instructions, stage.instructions);
    if (delta === undefined) {
      moved = this.previousStageOf(stage.fromInstruction);
      delta = moved && movedDelta(moved.instructions, stage.instructions);
    }
    if (moved && delta !== undefined) {
      this.takeMoved(stage, moved, delta);
      return;
    }
    for (let i = 1; i < stage.instructions.length; i++) this.readStageInstruction(stage, stage.instructions[i]);
  }

  /**
   * A stage whose instructions are the last parse's stage's, every one moved by `delta` lines (a
   * line added or removed above it, or stages pasted above it): its lists are the last parse's,
   * moved (reading the instructions again was a fifth of the parse after a new line in the 10k-line
   * file); what points at its own instructions (EXPOSE's words, USER, WORKDIR, CMD, ENTRYPOINT) is
   * taken from the copies.
   */
  private takeMoved(stage: Stage, before: Stage, delta: number): void {
    stage.args = before.args.map((arg) => ({ ...arg, range: movedBy(arg.range, delta), nameRange: movedBy(arg.nameRange, delta) }));
    stage.envs = before.envs.map((env) => ({ ...env, range: movedBy(env.range, delta), nameRange: movedBy(env.nameRange, delta) }));
    stage.variableUses = before.variableUses.map((use) => ({ ...use, range: movedBy(use.range, delta) }));
    stage.shellVariableUses = before.shellVariableUses.map((use) => ({ ...use, range: movedBy(use.range, delta) }));
    for (let i = 1; i < stage.instructions.length; i++) pointAt(stage, stage.instructions[i]);
    stage.exposes = exact(stage.exposes);
    this.takeReferences(stage, before, delta);
    this.stagesTaken.add(stage);
  }

  /**
   * The references `before` made to other stages, made by `stage` `delta` lines down, and resolved
   * again (global ARGs and stage names may have changed).
   */
  private takeReferences(stage: Stage, before: Stage, delta: number): void {
    for (const ref of this.previousReferences?.get(before.index) ?? []) {
      this.pending.push({
        kind: ref.kind,
        fromStage: stage.index,
        text: ref.text,
        resolved: substitute(ref.text, this.globalVars, this.escape).value,
        range: delta ? movedBy(ref.range, delta) : ref.range,
      });
    }
  }

  /** The last parse's stage whose FROM this one is a copy of (same read), if any. */
  private previousStageOf(from: Instruction): Stage | undefined {
    const key = readKey(from);
    if (!key || !this.previousStages) return undefined;
    if (!this.previousByRead) {
      this.previousByRead = new Map();
      for (const stage of this.previousStages) {
        const read = readKey(stage.fromInstruction);
        if (read) this.previousByRead.set(read, stage);
      }
    }
    return this.previousByRead.get(key);
  }

  private readFrom(instruction: Instruction, index: number): Stage {
    const { escape } = this;
    const imageWord = instruction.args[0];
    let name: string | undefined;
    let nameRange: Range | undefined;
    if (instruction.args.length >= 3 && instruction.args[1].value.toLowerCase() === 'as') {
      name = instruction.args[2].value;
      nameRange = instruction.args[2].range;
    }
    const baseText = imageWord?.value ?? '';
    const baseRange = imageWord?.range ?? { start: instruction.keywordRange.end, end: instruction.keywordRange.end };
    const base = this.baseOf(imageWord === undefined, baseText);
    const platform = instruction.flags.find((flag) => flag.name.toLowerCase() === 'platform')?.value;
    if (base.kind === 'stage') {
      this.references.push({ kind: 'from', fromStage: index, text: baseText, range: baseRange, target: { kind: 'stage', stageIndex: base.stageIndex } });
    }
    const fromVariableUses: VariableUse[] = [];
    if (imageWord) fromVariableUses.push(...variableUses(imageWord.value, imageWord.range, escape));
    for (const flag of instruction.flags) if (flag.value && flag.valueRange) fromVariableUses.push(...variableUses(flag.value, flag.valueRange, escape));
    return {
      index,
      name,
      key: name?.toLowerCase(),
      nameRange,
      range: { start: instruction.range.start, end: instruction.range.end },
      fromInstruction: instruction,
      platform,
      baseText,
      baseRange,
      base,
      instructions: [instruction],
      args: [],
      envs: [],
      variableUses: [],
      shellVariableUses: [],
      fromVariableUses,
      exposes: [],
    };
  }

  /** What a FROM line builds on: an earlier stage, an image, scratch, or what cannot be known. */
  private baseOf(noImage: boolean, baseText: string): StageBase {
    const { value, missing } = substitute(unquote(baseText), this.globalVars, this.escape);
    if (noImage || value.trim() === '' || missing.length > 0) return { kind: 'unresolved', text: baseText, missingVariables: exact(missing) };
    if (value.toLowerCase() === 'scratch') return { kind: 'scratch' };
    const stageIndex = this.stageKeys.get(value.toLowerCase());
    if (stageIndex !== undefined) return { kind: 'stage', stageIndex };
    return { kind: 'image', image: parseImageReference(value) };
  }

  private readStageInstruction(stage: Stage, instruction: Instruction): void {
    const { keyword, args, flags } = instruction;
    const { escape } = this;
    if (EXPANDING.has(keyword)) {
      for (const word of args) stage.variableUses.push(...variableUses(word.value, valueRange(word, instruction.jsonForm), escape));
      for (const flag of flags) if (flag.value && flag.valueRange) stage.variableUses.push(...variableUses(flag.value, flag.valueRange, escape));
    }
    if (keyword === 'RUN') {
      for (const word of args) stage.shellVariableUses.push(...variableUses(word.value, valueRange(word, instruction.jsonForm), escape));
      for (const heredoc of instruction.heredocs) {
        heredoc.body.split('\n').forEach((text, i) => {
          const line = heredoc.bodyRange.start.line + i;
          stage.shellVariableUses.push(...variableUses(text, { start: { line, character: 0 }, end: { line, character: text.length } }, escape));
        });
      }
    }
    switch (keyword) {
      case 'ARG':
        stage.args.push(...readArgs(instruction));
        break;
      case 'ENV':
        stage.envs.push(...readEnvs(instruction));
        break;
      case 'COPY':
      case 'ADD': {
        const from = flags.find((flag) => flag.name.toLowerCase() === 'from');
        if (from?.value !== undefined && from.valueRange) this.addReference(keyword === 'COPY' ? 'copy' : 'add', stage.index, from.value, from.valueRange);
        break;
      }
      case 'RUN':
        for (const flag of flags) if (flag.name.toLowerCase() === 'mount' && flag.value) this.readMount(stage.index, flag);
        break;
      default:
        pointAt(stage, instruction);
        break;
    }
  }

  private addReference(kind: EdgeKind, fromStage: number, text: string, range: Range): void {
    const value = unquote(text);
    this.pending.push({ kind, fromStage, text: value, resolved: substitute(value, this.globalVars, this.escape).value, range });
  }

  /** `--mount=type=bind,from=build,source=/out,target=/x`: the `from=` option names a stage or image. */
  private readMount(fromStage: number, flag: Flag): void {
    const value = flag.value!;
    let offset = 0;
    for (const option of value.split(',')) {
      const eq = option.indexOf('=');
      if (eq > 0 && option.slice(0, eq).trim().toLowerCase() === 'from') {
        const target = option.slice(eq + 1);
        this.addReference('mount', fromStage, target, offsetRange(flag.valueRange!, offset + eq + 1, target.length));
      }
      offset += option.length + 1;
    }
  }
}

/** What a stage keeps of its own instructions as they are: EXPOSE's words, and its last USER, WORKDIR, CMD and ENTRYPOINT. */
function pointAt(stage: Stage, instruction: Instruction): void {
  const { args } = instruction;
  switch (instruction.keyword) {
    case 'EXPOSE':
      stage.exposes.push(...args);
      break;
    case 'USER':
      if (args[0]) stage.user = args[0];
      break;
    case 'WORKDIR':
      if (args[0]) stage.workdir = args[0];
      break;
    case 'CMD':
      stage.cmd = instruction;
      break;
    case 'ENTRYPOINT':
      stage.entrypoint = instruction;
      break;
    default:
      break;
  }
}

/** A stage by index (an earlier one only), else the last earlier stage of the name, else a later one, else an image. */
function targetOf(ref: PendingReference, allKeys: ReadonlyMap<string, number[]>): StageReference['target'] {
  if (/^\d+$/.test(ref.resolved)) {
    const index = Number(ref.resolved);
    return index < ref.fromStage ? { kind: 'stage', stageIndex: index } : { kind: 'bad-index', index };
  }
  const candidates = allKeys.get(ref.resolved.toLowerCase()) ?? [];
  let earlier = -1;
  let later = -1;
  for (const index of candidates) {
    if (index < ref.fromStage) earlier = index;
    else if (later < 0) later = index;
  }
  if (earlier >= 0) return { kind: 'stage', stageIndex: earlier };
  if (later >= 0) return { kind: 'later-stage', stageIndex: later };
  return { kind: 'image', image: parseImageReference(ref.resolved) };
}
