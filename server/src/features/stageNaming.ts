/**
 * Naming a stage and rewriting its `--from=<index>` references to the name: shared by the
 * "Name this stage" refactoring (codeAction.ts) and the copy-from-index quick fix.
 */
import type { DockerfileModel, Range } from '../analysis/model';

export interface StageNamingEdit {
  range: Range;
  newText: string;
}

/**
 * `base`, else `base-2`, `base-3`, …: the first name no stage has and no image reference in the file
 * uses (naming a stage like an image a later FROM uses would turn that FROM into a stage).
 */
export function freeName(model: DockerfileModel, base: string): string {
  const taken = new Set<string | undefined>(model.stages.map((stage) => stage.key));
  for (const stage of model.stages) if (stage.base.kind === 'image') taken.add(stage.baseText.toLowerCase());
  for (const reference of model.references) if (reference.target.kind === 'image') taken.add(reference.text.toLowerCase());
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  return name;
}

/** A free name for an unnamed stage: `stage-N`, or `stage-N-2`, … (see freeName). */
export function freeStageName(model: DockerfileModel, index: number): string {
  return freeName(model, `stage-${index}`);
}

/**
 * Edits that give stage `index` a name (`AS stage-N` when it has none) and turn every `--from=<index>`
 * and `from=<index>` that resolves to it into that name.
 */
export function nameStageEdits(model: DockerfileModel, index: number): { name: string; edits: StageNamingEdit[] } {
  const stage = model.stages[index];
  const name = stage.name ?? freeStageName(model, index);
  const edits: StageNamingEdit[] =
    stage.name === undefined ? [{ range: { start: stage.baseRange.end, end: stage.baseRange.end }, newText: ` AS ${name}` }] : [];
  for (const reference of model.references) {
    if (reference.target.kind === 'stage' && reference.target.stageIndex === index && /^\d+$/.test(reference.text)) {
      edits.push({ range: reference.range, newText: name });
    }
  }
  return { name, edits };
}
