/**
 * Which instruction made which layer of a built image: the image's history (`docker image history`,
 * newest first) laid over the instructions of the stages the image is made of (the target and the
 * stages it is FROM), from the top down to the base image's own history. Pure: the history comes in
 * as data.
 *
 * What each builder writes (BuildKit's dockerfile2llb `commitToHistory`, moby's classic builder
 * `commit`): BuildKit one entry per instruction but FROM and ONBUILD, `RUN …`/`COPY …`/`ADD …` with
 * their layer and a ` # buildkit` tail, `WORKDIR /app` with a layer, the rest (`ENV`, `ARG`, `LABEL`,
 * `CMD`, …) empty; the classic builder one entry per instruction but FROM (ONBUILD included), RUN as
 * the command it ran (`/bin/sh -c …`, `|1 A=b /bin/sh -c …`), every other one as
 * `/bin/sh -c #(nop) KEYWORD …` (`#(nop) COPY file:… in /app`). When the counts or the kinds do not
 * agree the answer is "unmapped", never a guess.
 */
import type { DockerfileModel, Instruction, Stage } from './model';
import { baseChain } from './shipping';
import { stageLabel } from './lookup';

/** One row of `docker image history`: what made it and how many bytes its layer holds (0: no layer). */
export interface HistoryEntry {
  createdBy: string;
  size: number;
}

export type Builder = 'buildkit' | 'classic';

/** The image a build made, as the engine reports it. */
export interface BuiltImage {
  builder: Builder;
  /** The image's history, newest first (as `docker image history` lists it). */
  history: HistoryEntry[];
  /** The history of the base image the target's FROM chain starts at: [] for scratch; undefined when it could not be read. */
  baseHistory?: HistoryEntry[];
  /** The base image's name, as the build found it (absent for scratch). */
  baseImage?: string;
  /** `docker image inspect`'s size of the image, in bytes. */
  size: number;
}

/** The layer an instruction made: where it is (stage, index in the stage's instructions) and its bytes. */
export interface LayerStep {
  /** Where the instruction is among the image stages' instructions, FROM lines included (see `imageInstructions`). */
  at: number;
  stage: number;
  instruction: number;
  keyword: string;
  size: number;
  /** The instruction's fingerprint (see `instructionPrint`), to find it again in a later version. */
  print: number;
}

export type LayerMapping =
  | {
      mapped: true;
      /** The base image's bytes (the layers under the target's FROM chain). */
      base: { image?: string; size: number };
      steps: LayerStep[];
      total: number;
    }
  | { mapped: false; reason: string; total: number };

/** The keywords whose history entry carries a layer (the others are empty entries). */
export const LAYER_KEYWORDS: ReadonlySet<string> = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/** The keyword of the history entry an instruction writes under a builder; undefined when it writes none. */
export function historyKeyword(instruction: Instruction, builder: Builder): string | undefined {
  if (instruction.keyword === 'FROM') return undefined;
  if (instruction.keyword === 'ONBUILD') return builder === 'classic' ? 'ONBUILD' : undefined;
  return instruction.keyword;
}

/** The keyword a history entry was written by, read the way the builder writes it. */
export function entryKeyword(createdBy: string, builder: Builder): string | undefined {
  const text = createdBy.trim();
  if (builder === 'classic') {
    const nop = /#\(nop\)\s+([A-Za-z]+)/.exec(text);
    return nop ? nop[1].toUpperCase() : 'RUN';
  }
  const word = /^([A-Z]+)\b/.exec(text);
  return word ? word[1] : undefined;
}

/** The stages whose instructions are in the target's image, the one its FROM chain starts at first. */
export function imageStages(model: DockerfileModel, target: number): Stage[] {
  return model.stages[target] ? baseChain(model, target).reverse() : [];
}

/** A fingerprint of an instruction as written (keyword, flags, words, heredoc bodies): FNV-1a, 32 bits. */
export function instructionPrint(instruction: Instruction): number {
  let hash = 0x811c9dc5;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  };
  add(instruction.keyword);
  for (const flag of instruction.flags) add(`--${flag.name}=${flag.value ?? ''}`);
  for (const word of instruction.args) add(word.value);
  for (const heredoc of instruction.heredocs) add(heredoc.body);
  return hash >>> 0;
}

/** Every instruction of the target's image stages, FROM lines included, in order. */
export function imageInstructions(model: DockerfileModel, target: number): Instruction[] {
  return imageStages(model, target).flatMap((stage) => stage.instructions);
}

/** The fingerprints of `imageInstructions`: the same list means the same instructions, wherever they moved. */
export function imagePrints(model: DockerfileModel, target: number): number[] {
  return imageInstructions(model, target).map(instructionPrint);
}

/** A stage the image copies from (COPY --from, RUN --mount from=) without being built FROM it, as a build saw it. */
export interface SourceStage {
  label: string;
  prints: number[];
}

/**
 * The stages BuildKit builds for the target that are not in its FROM chain, with their instructions'
 * fingerprints: what the image's COPY --from layers are made of. An edit there changes those layers
 * as surely as an edit of the target's own lines.
 */
export function sourceStages(model: DockerfileModel, target: number): SourceStage[] {
  const chain = new Set(imageStages(model, target).map((stage) => stage.index));
  const built = model.plans[target]?.buildkit ?? [];
  return built
    .filter((index) => !chain.has(index))
    .map((index) => ({ label: stageLabel(model.stages[index]), prints: model.stages[index].instructions.map(instructionPrint) }));
}

/**
 * A word of the instruction that the history entry must show, where both builders write it as is: a
 * COPY/ADD's destination (its last path segment: the classic builder writes it resolved against
 * WORKDIR) and a RUN's first word. Undefined when there is none to check (variables, `.`).
 */
function witness(instruction: Instruction): string | undefined {
  const words = instruction.args.map((word) => word.value);
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const last = words[words.length - 1]?.replace(/^\[|\]$/g, '').replace(/^"|"$/g, '') ?? '';
    const segment = last.replace(/\/+$/, '').split('/').pop() ?? '';
    return segment && segment !== '.' && !segment.includes('$') && !instruction.jsonForm ? segment : undefined;
  }
  if (instruction.keyword === 'RUN' && !instruction.jsonForm && instruction.heredocs.length === 0) {
    const first = words[0] ?? '';
    return first && !/[$"'\\]/.test(first) ? first : undefined;
  }
  return undefined;
}

const sum = (entries: HistoryEntry[]) => entries.reduce((total, entry) => total + entry.size, 0);

/** Lays the image's history over the target's instructions; "unmapped" with the reason when they disagree. */
export function mapLayers(model: DockerfileModel, target: number, image: BuiltImage): LayerMapping {
  const total = image.size;
  const unmapped = (reason: string): LayerMapping => ({ mapped: false, reason, total });
  const stages = imageStages(model, target);
  if (!stages.length) return unmapped('the target is not a stage of this Dockerfile');
  const root = stages[0];
  if (root.base.kind === 'unresolved') return unmapped(`the base image of stage ${root.index} (${root.base.text}) is not known`);
  const baseHistory = root.base.kind === 'scratch' ? [] : image.baseHistory;
  if (!baseHistory) return unmapped(`the history of the base image ${image.baseImage ?? root.baseText} could not be read`);
  const history = image.history;
  const historyBytes = sum(history);
  if (historyBytes !== total) return unmapped(`the history's layers add up to ${historyBytes} bytes, the image to ${total}`);
  const expected: { stage: Stage; index: number; at: number; keyword: string }[] = [];
  let at = 0;
  for (const stage of stages)
    stage.instructions.forEach((instruction, index) => {
      const keyword = historyKeyword(instruction, image.builder);
      if (keyword) expected.push({ stage, index, at, keyword });
      at++;
    });
  if (history.length !== baseHistory.length + expected.length)
    return unmapped(
      `the image has ${history.length} history entries; the base has ${baseHistory.length} and the instructions account for ${expected.length} more`,
    );
  const below = history.slice(history.length - baseHistory.length);
  const differs = below.findIndex((entry, i) => entry.createdBy !== baseHistory[i].createdBy || entry.size !== baseHistory[i].size);
  if (differs >= 0)
    return unmapped(`the image's history under its instructions is not the base image's (entry ${history.length - baseHistory.length + differs + 1})`);
  const steps: LayerStep[] = [];
  // The history lists the newest entry first: the last expected instruction is entry 0.
  for (let i = 0; i < expected.length; i++) {
    const { stage, index, at, keyword } = expected[expected.length - 1 - i];
    const entry = history[i];
    const written = entryKeyword(entry.createdBy, image.builder);
    if (written !== keyword)
      return unmapped(
        `history entry ${i + 1} was written by ${written ?? 'an unknown step'}, line ${stage.instructions[index].range.start.line + 1} is ${keyword}`,
      );
    const word = witness(stage.instructions[index]);
    if (word && !entry.createdBy.includes(word))
      return unmapped(`history entry ${i + 1} does not name ${word}, which line ${stage.instructions[index].range.start.line + 1} does`);
    steps.push({ at, stage: stage.index, instruction: index, keyword, size: entry.size, print: instructionPrint(stage.instructions[index]) });
  }
  steps.reverse();
  return { mapped: true, base: { image: root.base.kind === 'scratch' ? undefined : (image.baseImage ?? root.baseText), size: sum(below) }, steps, total };
}

/** One build's layers as the server keeps them: the mapping, and what it was mapped on. */
export interface LayerBuild {
  /** The `--target` as the client sent it; undefined: the default target. */
  target?: string;
  tag: string;
  builder: Builder;
  finishedAt: number;
  mapping: LayerMapping;
  /** `imagePrints` of the model the mapping was made on: another list now means the image's instructions changed. */
  prints: number[];
  /** `sourceStages` of that model: another list now means a stage the image copies from changed. */
  sources: SourceStage[];
  /** Why these sizes did not match the editor's text from the start (unsaved, or edited during the build). */
  staleReason?: string;
  /** The build of the same target before this one, when it was mapped (for the change since). */
  previous?: LayerBuild;
}
