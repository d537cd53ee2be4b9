/**
 * Builds the model of a Dockerfile in one pass over its instructions (linear in the file size):
 * directives (directives.ts), global ARGs, stages and per-stage facts (stageReader.ts), references
 * between stages, and build plans (schedule.ts).
 */
import type { Comment, DockerfileModel, Instruction, ModelProblem, ParseOptions, ParserDirectives, Position, Stage } from './model';
import { exact, interned, isBlank, isKept, keywordSpelling, scan, splitLines, type RawInstruction, type ScanResult } from './scanner';
import { tokenize } from './tokenize';
import { restaged, reuseFrom, type ParseBase } from './reuse';
import { readDirectives } from './directives';
import { StageReader } from './stageReader';
import { lazyPlan, stageGraph } from './schedule';

const FLAG_INSTRUCTIONS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);

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
function parseScanned(
  lines: readonly string[],
  options: ParseOptions,
  directives: ParserDirectives,
  firstLine: number,
  base: ParseBase | undefined,
): DockerfileModel {
  const escape = directives.escape;
  const scanned = scan(lines, firstLine, escape, reuseFrom(base, lines, escape));
  const reader = new StageReader(escape, options.buildArgs ?? {}, base?.model);
  const instructions = readInstructions(scanned.instructions, reader, escape);
  const { stages } = reader;
  setStageEnds(stages, lines, scanned.comments);
  reader.trimLists();
  const references = reader.resolveReferences();
  const { dependencies, dependents } = stageGraph(stages.length, references);
  const plans = stages.map((stage) => lazyPlan(stage.index, dependencies));
  const defaultTarget = stages.length ? stages.length - 1 : undefined;
  const needed = new Set(defaultTarget === undefined ? [] : plans[defaultTarget].buildkit);
  const skippedByDefault = stages.filter((stage) => !needed.has(stage.index)).map((stage) => stage.index);
  const problems = [...scanned.problems, ...beforeFirstFrom(instructions)];
  return {
    lineCount: lines.length,
    directives,
    globalArgs: exact(reader.globalArgs),
    stages: exact(stages),
    instructions: exact(instructions),
    references: exact(references),
    dependencies,
    dependents,
    defaultTarget,
    plans,
    skippedByDefault,
    comments: scanned.comments,
    problems: exact(problems),
  };
}

/** Every instruction in file order, each handed to the reader: global ARG, new stage, or the current stage's. */
function readInstructions(raws: ScanResult['instructions'], reader: StageReader, escape: string): Instruction[] {
  const keywords = new Map<string, string>(); // keyword as written -> upper-cased
  const instructions: Instruction[] = [];
  for (const raw of raws) {
    const current = reader.current;
    const instruction = instructionOf(raw, current ? current.index : -1, keywords, escape);
    instructions.push(instruction);
    if (instruction.keyword === 'FROM') instruction.stageIndex = reader.startStage(instruction).index;
    else if (!current) {
      if (instruction.keyword === 'ARG') reader.globalArg(instruction);
    } else current.instructions.push(instruction);
  }
  reader.finish();
  return instructions;
}

/**
 * The instruction a scanned one is in stage `stageIndex`. One the last parse read from the same lines
 * and put in the stage of the same index is taken as it is; one it read for another stage keeps its
 * words and ranges (the stage it belongs to is this parse's to say); any other is read now.
 */
function instructionOf(raw: RawInstruction | Instruction, stageIndex: number, keywords: Map<string, string>, escape: string): Instruction {
  if (isKept(raw) && raw.stageIndex === stageIndex + (raw.keyword === 'FROM' ? 1 : 0)) return raw;
  let keyword: string;
  let read: Pick<Instruction, 'flags' | 'args' | 'jsonForm' | 'endOfFlags'>;
  if (isKept(raw)) {
    keyword = raw.keyword;
    read = raw;
  } else {
    const known = keywords.get(raw.keywordText);
    if (known === undefined) keywords.set(raw.keywordText, (keyword = keywordSpelling(raw.keywordText.toUpperCase())));
    else keyword = known;
    read = tokenize(raw, escape, FLAG_INSTRUCTIONS.has(keyword));
  }
  const instruction: Instruction = {
    keyword,
    keywordText: raw.keywordText,
    keywordRange: raw.keywordRange,
    range: raw.range,
    flags: read.flags,
    args: read.args,
    jsonForm: read.jsonForm,
    endOfFlags: read.endOfFlags,
    heredocs: raw.heredocs,
    stageIndex,
    ...(raw.emptyContinuationLines ? { emptyContinuationLines: raw.emptyContinuationLines } : {}),
  };
  // Read before, at the same position: what was worked out for that read holds (reuse.ts `perInstruction`).
  return isKept(raw) ? restaged(instruction, raw) : instruction;
}

/**
 * Stage ranges run to the line before the next FROM; the last one to the end of the file.
 * An end that is where the stage's last instruction or a comment ends shares that position object.
 */
function setStageEnds(stages: Stage[], lines: readonly string[], comments: readonly Comment[]): void {
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
    const end: Position =
      lastEnd.line === endLine && lastEnd.character === character
        ? lastEnd
        : commentEnd && commentEnd.line === endLine && commentEnd.character === character
          ? commentEnd
          : { line: endLine, character };
    stages[i].range = { start: stages[i].range.start, end };
  }
}

/** Text before the first FROM that is not ARG is an error BuildKit reports too. */
function beforeFirstFrom(instructions: readonly Instruction[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const instruction of instructions) {
    if (instruction.stageIndex >= 0) break;
    if (instruction.keyword !== 'ARG')
      problems.push({
        kind: 'before-from',
        message: `${instruction.keyword} before the first FROM: only ARG may come before FROM.`,
        range: instruction.keywordRange,
      });
  }
  return problems;
}
