/**
 * Builds the model of a Dockerfile in one pass over its instructions (linear in the file size):
 * directives, global ARGs, stages, per-stage facts, references between stages, and build plans.
 */
import type {
  ArgDeclaration, BuildPlan, BuildSchedule, DockerfileModel, EdgeKind, EnvDeclaration, Flag, Instruction, ParseOptions,
  ParserDirectives, Range, Stage, StageBase, StageReference, VariableUse, Word,
} from './model';
import { exact, intern, interned, isBlank, isKept, scan, splitLines, tokenize } from './scanner';
import { reuseFrom, sameInstructions, type ParseBase } from './reuse';
import { parseImageReference } from './imageRef';
import { PREDEFINED_ARGS, substitute, variableUses } from './variables';

const FLAG_INSTRUCTIONS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
/** Instructions whose arguments Docker expands variables in (RUN, CMD and ENTRYPOINT are left to the shell). */
const EXPANDING = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
const DIRECTIVE = /^[\s\uFEFF]*#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;

export function readDirectives(lines: readonly string[]): { directives: ParserDirectives; firstLine: number } {
  const directives: ParserDirectives = { escape: '\\', ranges: {} };
  let line = 0;
  for (; line < lines.length; line++) {
    const match = DIRECTIVE.exec(lines[line]);
    if (!match) break;
    const name = match[1].toLowerCase();
    if (!['syntax', 'escape', 'check'].includes(name) || directives.ranges[name]) break;
    const start = lines[line].indexOf('#');
    directives.ranges[name] = { start: { line, character: start }, end: { line, character: lines[line].length } };
    if (name === 'syntax') directives.syntax = match[2];
    else if (name === 'check') directives.check = match[2];
    else if (match[2] === '`' || match[2] === '\\') directives.escape = match[2];
  }
  return { directives, firstLine: line };
}

/** `NAME=value` or `NAME`, quotes around the value removed. */
function splitAssignment(word: string): { name: string; value?: string } {
  const eq = word.indexOf('=');
  if (eq < 0) return { name: word };
  return { name: intern(word.slice(0, eq)), value: unquote(word.slice(eq + 1)) };
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

function nameRangeOf(word: Word, name: string): Range {
  const { start, end } = word.range;
  if (start.line !== end.line) return word.range;
  const character = start.character + name.length;
  // A name that is the whole word (`ARG NAME`) has the word's range: the same object.
  return character === end.character ? word.range : { start, end: { line: start.line, character } };
}

function offsetRange(range: Range, from: number, length: number): Range {
  if (range.start.line !== range.end.line) return range;
  const character = range.start.character + from;
  return { start: { line: range.start.line, character }, end: { line: range.start.line, character: character + length } };
}

/** Where a word's value starts: inside the quotes of a JSON-form argument (`["$A", …]`). */
function valueRange(word: Word, jsonForm: boolean): Range {
  const { start, end } = word.range;
  if (!jsonForm || start.line !== end.line) return word.range;
  return { start: { line: start.line, character: start.character + 1 }, end: { line: end.line, character: end.character - 1 } };
}

/** What `readStageInstruction` sets on a stage, besides its instructions. */
const STAGE_STATEMENTS = new Set(['args', 'envs', 'variableUses', 'shellVariableUses', 'exposes', 'user', 'workdir', 'cmd', 'entrypoint']);

interface PendingReference { kind: EdgeKind; fromStage: number; text: string; resolved: string; range: Range }

export function parseDockerfile(text: string, options: ParseOptions = {}): DockerfileModel {
  return parseLines(splitLines(text), options);
}

/**
 * The model from the file's lines (`splitLines`); each line is read a bounded number of times.
 * `base`: the last parse of an earlier version, whose instructions on unchanged lines are taken as
 * they were read (see reuse.ts); the model is the same as without it.
 */
export function parseLines(lines: readonly string[], options: ParseOptions = {}, base?: ParseBase): DockerfileModel {
  const { directives, firstLine } = readDirectives(lines);
  return interned(() => parseScanned(lines, options, directives, firstLine, base));
}

/** `parseLines` after the directives (run with `intern` on). */
function parseScanned(lines: readonly string[], options: ParseOptions, directives: ParserDirectives, firstLine: number, base: ParseBase | undefined): DockerfileModel {
  const escape = directives.escape;
  const keywords = new Map<string, string>(); // keyword as written -> upper-cased
  const scanned = scan(lines, firstLine, escape, reuseFrom(base, lines, escape));
  const problems = [...scanned.problems];

  // Values visible in FROM lines and --from: predefined platform ARGs, global ARG defaults, overrides.
  const globalVars = new Map<string, string | undefined>(PREDEFINED_ARGS);
  const buildArgs = options.buildArgs ?? {};
  const globalArgs: ArgDeclaration[] = [];
  const stages: Stage[] = [];
  const instructions: Instruction[] = [];
  const pending: PendingReference[] = [];
  const stageKeys = new Map<string, number>(); // lower-cased name -> latest stage of that name so far
  const references: StageReference[] = [];
  // The last parse's stages, and its references to stages and images other than FROM's, by the stage they sit in.
  const previousStages = base?.model.stages;
  let previousReferences: Map<number, StageReference[]> | undefined;
  if (base) {
    previousReferences = new Map();
    for (const ref of base.model.references) if (ref.kind !== 'from') (previousReferences.get(ref.fromStage) ?? previousReferences.set(ref.fromStage, []).get(ref.fromStage)!).push(ref);
  }
  const stagesTaken = new Set<Stage>(); // stages whose lists are the last parse's (already at their length)

  for (const raw of scanned.instructions) {
    const current = stages[stages.length - 1];
    const stageIndex = current ? current.index : -1;
    let instruction: Instruction;
    if (isKept(raw) && raw.stageIndex === stageIndex + (raw.keyword === 'FROM' ? 1 : 0)) {
      instruction = raw; // read by the last parse from the same lines, and in the stage of the same index: as it is
    } else {
      // Read by the last parse from the same lines (its words and ranges as they are, the stage it
      // belongs to is this parse's to say), or read now.
      let keyword: string;
      let read: Pick<Instruction, 'flags' | 'args' | 'jsonForm' | 'endOfFlags'>;
      if (isKept(raw)) {
        keyword = raw.keyword;
        read = raw;
      } else {
        const known = keywords.get(raw.keywordText);
        if (known === undefined) keywords.set(raw.keywordText, keyword = intern(raw.keywordText.toUpperCase()));
        else keyword = known;
        read = tokenize(raw, escape, FLAG_INSTRUCTIONS.has(keyword));
      }
      instruction = {
        keyword, keywordText: raw.keywordText, keywordRange: raw.keywordRange, range: raw.range,
        flags: read.flags, args: read.args, jsonForm: read.jsonForm, endOfFlags: read.endOfFlags, heredocs: raw.heredocs, stageIndex,
      };
    }
    const { keyword } = instruction;

    if (keyword === 'FROM') {
      if (current) readStage(current);
      const stage = readFrom(instruction, stages.length);
      instruction.stageIndex = stage.index;
      stages.push(stage);
      if (stage.key !== undefined) stageKeys.set(stage.key, stage.index);
      instructions.push(instruction);
      continue;
    }
    instructions.push(instruction);
    if (!current) {
      if (keyword === 'ARG') {
        for (const arg of readArgs(instruction)) {
          globalArgs.push(arg);
          const override = Object.hasOwn(buildArgs, arg.name) ? buildArgs[arg.name] : undefined; // own keys: ARG constructor, ARG __proto__
          const value = override ?? (arg.defaultValue === undefined ? undefined : substitute(arg.defaultValue, globalVars, escape).value);
          globalVars.set(arg.name, value ?? globalVars.get(arg.name));
        }
      }
      continue;
    }
    current.instructions.push(instruction);
  }
  if (stages.length) readStage(stages[stages.length - 1]);

  /**
   * What a stage's instructions say (its ARGs, ENVs, variables, references...), read once all its
   * instructions are known. A stage whose instructions are all the last parse's own objects, at the
   * same index, says what it said then: its lists are taken as they are, and only its references to
   * other stages are resolved again (they depend on global ARGs and on the other stages' names).
   */
  function readStage(stage: Stage): void {
    const before = previousStages?.[stage.index];
    if (before && sameInstructions(before.instructions, stage.instructions)) {
      const target = stage as unknown as Record<string, unknown>;
      const source = before as unknown as Record<string, unknown>;
      for (const key in source) if (STAGE_STATEMENTS.has(key)) target[key] = source[key];
      for (const ref of previousReferences?.get(stage.index) ?? []) {
        pending.push({ kind: ref.kind, fromStage: stage.index, text: ref.text, resolved: substitute(ref.text, globalVars, escape).value, range: ref.range });
      }
      stagesTaken.add(stage);
      return;
    }
    for (let i = 1; i < stage.instructions.length; i++) readStageInstruction(stage, stage.instructions[i]);
  }

  function readFrom(instruction: Instruction, index: number): Stage {
    const imageWord = instruction.args[0];
    let name: string | undefined;
    let nameRange: Range | undefined;
    if (instruction.args.length >= 3 && instruction.args[1].value.toLowerCase() === 'as') {
      name = instruction.args[2].value;
      nameRange = instruction.args[2].range;
    }
    const baseText = imageWord?.value ?? '';
    const baseRange = imageWord?.range ?? { start: instruction.keywordRange.end, end: instruction.keywordRange.end };
    let base: StageBase;
    const { value, missing } = substitute(unquote(baseText), globalVars, escape);
    if (!imageWord || value.trim() === '' || missing.length > 0) {
      base = { kind: 'unresolved', text: baseText, missingVariables: exact(missing) };
    } else if (value.toLowerCase() === 'scratch') {
      base = { kind: 'scratch' };
    } else if (stageKeys.has(value.toLowerCase())) {
      base = { kind: 'stage', stageIndex: stageKeys.get(value.toLowerCase())! };
    } else {
      base = { kind: 'image', image: parseImageReference(value) };
    }
    const platform = instruction.flags.find((flag) => flag.name.toLowerCase() === 'platform')?.value;
    if (base.kind === 'stage') {
      references.push({ kind: 'from', fromStage: index, text: baseText, range: baseRange, target: { kind: 'stage', stageIndex: base.stageIndex } });
    }
    const fromVariableUses: VariableUse[] = [];
    if (imageWord) fromVariableUses.push(...variableUses(imageWord.value, imageWord.range, escape));
    for (const flag of instruction.flags) if (flag.value && flag.valueRange) fromVariableUses.push(...variableUses(flag.value, flag.valueRange, escape));
    return {
      index, name, key: name?.toLowerCase(), nameRange,
      range: { start: instruction.range.start, end: instruction.range.end },
      fromInstruction: instruction, platform, baseText, baseRange, base,
      instructions: [instruction], args: [], envs: [], variableUses: [], shellVariableUses: [], fromVariableUses, exposes: [],
    };
  }

  function readStageInstruction(stage: Stage, instruction: Instruction): void {
    const { keyword, args, flags } = instruction;
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
      case 'ARG': stage.args.push(...readArgs(instruction)); break;
      case 'ENV': stage.envs.push(...readEnvs(instruction)); break;
      case 'EXPOSE': stage.exposes.push(...args); break;
      case 'USER': if (args[0]) stage.user = args[0]; break;
      case 'WORKDIR': if (args[0]) stage.workdir = args[0]; break;
      case 'CMD': stage.cmd = instruction; break;
      case 'ENTRYPOINT': stage.entrypoint = instruction; break;
      case 'COPY': case 'ADD': {
        const from = flags.find((flag) => flag.name.toLowerCase() === 'from');
        if (from?.value !== undefined && from.valueRange) addReference(keyword === 'COPY' ? 'copy' : 'add', stage.index, from.value, from.valueRange);
        break;
      }
      case 'RUN': for (const flag of flags) if (flag.name.toLowerCase() === 'mount' && flag.value) readMount(stage.index, flag); break;
      default: break;
    }
  }

  function addReference(kind: EdgeKind, fromStage: number, text: string, range: Range): void {
    const value = unquote(text);
    pending.push({ kind, fromStage, text: value, resolved: substitute(value, globalVars, escape).value, range });
  }

  /** `--mount=type=bind,from=build,source=/out,target=/x`: the `from=` option names a stage or image. */
  function readMount(fromStage: number, flag: Flag): void {
    const value = flag.value!;
    let offset = 0;
    for (const option of value.split(',')) {
      const eq = option.indexOf('=');
      if (eq > 0 && option.slice(0, eq).trim().toLowerCase() === 'from') {
        const target = option.slice(eq + 1);
        addReference('mount', fromStage, target, offsetRange(flag.valueRange!, offset + eq + 1, target.length));
      }
      offset += option.length + 1;
    }
  }

  function readArgs(instruction: Instruction): ArgDeclaration[] {
    return instruction.args.map((word) => {
      const { name, value } = splitAssignment(word.value);
      return { name, defaultValue: value, range: instruction.range, nameRange: nameRangeOf(word, name) };
    });
  }

  function readEnvs(instruction: Instruction): EnvDeclaration[] {
    const { args } = instruction;
    if (args.length === 0) return [];
    if (!args[0].value.includes('=')) {
      // Legacy form: `ENV NAME value with spaces`.
      const value = args.slice(1).map((word) => word.value).join(' ');
      return [{ name: args[0].value, value, range: instruction.range, nameRange: args[0].range }];
    }
    return args.filter((word) => word.value.includes('=')).map((word) => {
      const { name, value } = splitAssignment(word.value);
      return { name, value: value ?? '', range: instruction.range, nameRange: nameRangeOf(word, name) };
    });
  }

  // Stage ranges run to the line before the next FROM; the last one to the end of the file.
  // An end that is where the stage's last instruction or a comment ends shares that position object.
  const comments = scanned.comments;
  let comment = 0;
  for (let i = 0; i < stages.length; i++) {
    const next = stages[i + 1];
    let endLine: number;
    if (next) {
      endLine = next.fromInstruction.range.start.line - 1;
      if (endLine < stages[i].range.start.line) endLine = stages[i].range.start.line;
    } else {
      endLine = lines.length - 1;
      while (endLine > stages[i].range.end.line && isBlank(lines[endLine])) endLine--;
    }
    const character = lines[endLine].length;
    const lastEnd = stages[i].instructions[stages[i].instructions.length - 1].range.end;
    while (comment < comments.length && comments[comment].line < endLine) comment++;
    const commentEnd = comment < comments.length ? comments[comment].range.end : undefined;
    const end = lastEnd.line === endLine && lastEnd.character === character ? lastEnd
      : commentEnd && commentEnd.line === endLine && commentEnd.character === character ? commentEnd
      : { line: endLine, character };
    stages[i].range = { start: stages[i].range.start, end };
  }
  // The lists a stage was given by push, at their length.
  for (const stage of stages) {
    if (stagesTaken.has(stage)) { stage.instructions = exact(stage.instructions); stage.fromVariableUses = exact(stage.fromVariableUses); continue; }
    stage.instructions = exact(stage.instructions);
    stage.args = exact(stage.args);
    stage.envs = exact(stage.envs);
    stage.variableUses = exact(stage.variableUses);
    stage.shellVariableUses = exact(stage.shellVariableUses);
    stage.fromVariableUses = exact(stage.fromVariableUses);
    stage.exposes = exact(stage.exposes);
  }

  // Resolve --from and mount from= now that every stage name is known (later stages included).
  const allKeys = new Map<string, number[]>();
  for (const stage of stages) if (stage.key !== undefined) (allKeys.get(stage.key) ?? allKeys.set(stage.key, []).get(stage.key)!).push(stage.index);
  for (const ref of pending) {
    let target: StageReference['target'];
    if (/^\d+$/.test(ref.resolved)) {
      const index = Number(ref.resolved);
      target = index < ref.fromStage ? { kind: 'stage', stageIndex: index } : { kind: 'bad-index', index };
    } else {
      const candidates = allKeys.get(ref.resolved.toLowerCase()) ?? [];
      let earlier = -1;
      let later = -1;
      for (const index of candidates) {
        if (index < ref.fromStage) earlier = index;
        else if (later < 0) later = index;
      }
      if (earlier >= 0) target = { kind: 'stage', stageIndex: earlier };
      else if (later >= 0) target = { kind: 'later-stage', stageIndex: later };
      else target = { kind: 'image', image: parseImageReference(ref.resolved) };
    }
    references.push({ kind: ref.kind, fromStage: ref.fromStage, text: ref.text, range: ref.range, target });
  }
  references.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

  const dependencies: number[][] = stages.map(() => []);
  const dependents: number[][] = stages.map(() => []);
  for (const ref of references) {
    if (ref.target.kind !== 'stage') continue;
    const deps = dependencies[ref.fromStage];
    if (!deps.includes(ref.target.stageIndex)) { deps.push(ref.target.stageIndex); dependents[ref.target.stageIndex].push(ref.fromStage); }
  }
  for (let i = 0; i < stages.length; i++) {
    dependencies[i] = exact(dependencies[i]).sort((a, b) => a - b);
    dependents[i] = exact(dependents[i]).sort((a, b) => a - b);
  }
  const plans = stages.map((stage) => lazyPlan(stage.index, dependencies));
  const defaultTarget = stages.length ? stages.length - 1 : undefined;
  const needed = new Set(defaultTarget === undefined ? [] : plans[defaultTarget].buildkit);
  const skippedByDefault = stages.filter((stage) => !needed.has(stage.index)).map((stage) => stage.index);

  // Text before the first FROM that is not ARG is an error BuildKit reports too.
  for (const instruction of instructions) {
    if (instruction.stageIndex >= 0) break;
    if (instruction.keyword !== 'ARG') problems.push({ kind: 'before-from', message: `${instruction.keyword} before the first FROM: only ARG may come before FROM.`, range: instruction.keywordRange });
  }

  return {
    lineCount: lines.length, directives, globalArgs: exact(globalArgs), stages: exact(stages), instructions: exact(instructions), references: exact(references),
    dependencies, dependents, defaultTarget, plans, skippedByDefault, comments: scanned.comments, problems: exact(problems),
  };
}

/** What a plan has computed so far, under a key that is not enumerable (not in its keys, its JSON or deep comparisons). */
const PLAN = Symbol('plan state');
interface PlanState { target: number; dependencies: number[][]; buildkit?: number[]; classic?: number[]; schedule?: BuildSchedule }
type LazyPlan = BuildPlan & { [PLAN]: PlanState };

/**
 * The accessors every plan shares. An object literal with getters would give each plan its own four
 * closures and a dictionary of properties (about 0.8 KB a plan); shared accessors keep plans small.
 */
const PLAN_PROPERTIES = {
  buildkit: {
    enumerable: true, configurable: true,
    get(this: LazyPlan): number[] {
      const state = this[PLAN];
      if (!state.buildkit) {
        const seen = new Set<number>([state.target]);
        const stack = [state.target];
        while (stack.length) for (const dep of state.dependencies[stack.pop()!]) if (!seen.has(dep)) { seen.add(dep); stack.push(dep); }
        state.buildkit = [...seen].sort((a, b) => a - b);
      }
      return state.buildkit;
    },
  },
  classic: {
    enumerable: true, configurable: true,
    get(this: LazyPlan): number[] {
      const state = this[PLAN];
      state.classic ??= Array.from({ length: state.target + 1 }, (_, i) => i);
      return state.classic;
    },
  },
  schedule: {
    enumerable: true, configurable: true,
    get(this: LazyPlan): BuildSchedule {
      const state = this[PLAN];
      state.schedule ??= scheduleOf(state.target, this.buildkit, this.classic, state.dependencies);
      return state.schedule;
    },
  },
  toJSON: {
    enumerable: true, configurable: true, writable: true,
    value: function toJSON(this: LazyPlan) { return { target: this[PLAN].target, buildkit: this.buildkit, classic: this.classic, schedule: this.schedule }; },
  },
};

/**
 * Plans are computed when first read: a file with thousands of stages pays only for the targets asked about.
 * Each plan has the keys of `{ target, get buildkit(), get classic(), get schedule(), toJSON() }`, in that order.
 */
function lazyPlan(target: number, dependencies: number[][]): BuildPlan {
  const plan = { target } as LazyPlan;
  Object.defineProperty(plan, PLAN, { value: { target, dependencies, buildkit: undefined, classic: undefined, schedule: undefined } });
  Object.defineProperty(plan, 'buildkit', PLAN_PROPERTIES.buildkit);
  Object.defineProperty(plan, 'classic', PLAN_PROPERTIES.classic);
  Object.defineProperty(plan, 'schedule', PLAN_PROPERTIES.schedule);
  Object.defineProperty(plan, 'toJSON', PLAN_PROPERTIES.toJSON);
  return plan;
}

/**
 * Groups and critical path in one pass over the plan's stages in file order (linear in stages and
 * references): a stage only depends on earlier stages, so its dependencies' depths are known when it
 * is reached. Depth = stages in the longest chain ending at that stage.
 */
function scheduleOf(target: number, buildkit: number[], classic: number[], dependencies: number[][]): BuildSchedule {
  const depth = new Map<number, number>();
  /** The dependency a longest chain comes through: the deepest, the earliest stage on a tie. */
  const via = new Map<number, number>();
  const groups: number[][] = [];
  for (const stage of buildkit) {
    let best = -1;
    for (const dep of dependencies[stage]) {
      const d = depth.get(dep);
      if (d === undefined) continue; // not a stage of this plan (cannot happen: deps are in the closure)
      if (best < 0 || d > depth.get(best)! || (d === depth.get(best)! && dep < best)) best = dep;
    }
    const d = best < 0 ? 1 : depth.get(best)! + 1;
    depth.set(stage, d);
    if (best >= 0) via.set(stage, best);
    (groups[d - 1] ??= []).push(stage);
  }
  const criticalPath: number[] = [];
  for (let stage: number | undefined = target; stage !== undefined; stage = via.get(stage)) criticalPath.push(stage);
  return { buildkit: groups.map(exact), classic: classic.map((stage) => [stage]), criticalPath: exact(criticalPath).reverse() };
}
