import type { Hover, HoverParams } from 'vscode-languageserver';
import { MarkupKind } from '../lsp';
import type { DockerfileModel } from '../analysis/model';
import type { BuilderInUse } from '../protocol';
import { buildersText, stagesBuiltOutside, targetedStages, type OutsideBuild } from '../analysis/outsideBuilds';
import { describeBase, directDependencies, directDependents, stageLabel, stageOccurrenceAt, targetsBuilding, widestGroup } from '../analysis/lookup';
import type { FeatureContext } from './context';
import { slicedHover } from '../baseline/sliced';
import { layerHover } from './layerSizes';

/** On a stage name or reference: what the stage is and which targets build it; elsewhere the baseline docs. */
export function hover(context: FeatureContext, params: HoverParams): Hover | null {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (occurrence) {
    const layers = layerHover(context, occurrence.stageIndex, context.now ?? Date.now());
    return {
      contents: {
        kind: MarkupKind.Markdown,
        value: [stageHover(context.model, occurrence.stageIndex, context.builder, context.env?.builds), ...layers].join('\n'),
      },
      range: occurrence.range,
    };
  }
  return slicedHover(context.model, context.document.getText(), params.position);
}

/** `builder`: the builder this document's builds use; the hover says when it is the classic builder, and why. */
export function stageHover(model: DockerfileModel, index: number, builder?: BuilderInUse, builds: readonly OutsideBuild[] = []): string {
  const stage = model.stages[index];
  const label = (i: number) => `\`${stageLabel(model.stages[i])}\``;
  const list = (indexes: number[]) => {
    if (!indexes.length) return 'none';
    const shown = indexes.slice(0, MAX_NAMES).map(label);
    return indexes.length > MAX_NAMES ? `${shown.join(', ')} and ${indexes.length - MAX_NAMES} more` : shown.join(', ');
  };
  const buildkitTargets = targetsBuilding(model, index);
  const classicTargets = model.stages.slice(index).map((stage) => stage.index); // every stage from this one on
  const lines = [
    `**Stage ${label(index)}** (index ${index}) · FROM \`${describeBase(model, stage)}\``,
    '',
    `Depends on: ${list(directDependencies(model, index))}`,
    '',
    `Used by: ${list(directDependents(model, index))}`,
    '',
    `Built by targets under BuildKit: ${list(buildkitTargets)}`,
    '',
    `Built by targets under the classic builder: ${list(classicTargets)}`,
  ];
  const classic = builder?.kind === 'classic';
  if (classic)
    lines.push(
      '',
      `Builds here use the classic builder${builder.reason ? ` (${builder.reason})` : ''}: it runs every stage up to the target, this one included.`,
    );
  if (model.skippedByDefault.includes(index))
    lines.push('', `BuildKit skips this stage for the default target ${label(model.defaultTarget!)}${classic ? '; the classic builder runs it' : ''}.`);
  else lines.push('', ...whenItRuns(model, index, label));
  lines.push('', asTarget(model, index));
  lines.push(...builtOutside(model, index, builds));
  return lines.join('\n');
}

/** Who builds this stage outside the Dockerfile: as their target, or for a target that needs it. */
function builtOutside(model: DockerfileModel, index: number, builds: readonly OutsideBuild[]): string[] {
  if (!builds.length) return [];
  const targeted = targetedStages(model, builds);
  const own = targeted.get(index);
  const lines = own ? ['', `Target of ${buildersText(own, MAX_NAMES)}.`] : [];
  if (!own && stagesBuiltOutside(model, builds).has(index)) {
    const needing = [...targeted.keys()].filter((target) => model.plans[target].buildkit.includes(index));
    lines.push(
      '',
      `Built for ${buildersText(
        needing.flatMap((target) => targeted.get(target)!),
        MAX_NAMES,
      )} (their targets need it).`,
    );
  }
  return lines;
}

/** How many stages each builder builds with this stage as the target (`--target`). */
function asTarget(model: DockerfileModel, index: number): string {
  const { buildkit, classic, schedule } = model.plans[index];
  const stages = (n: number) => `${n} stage${n === 1 ? '' : 's'}`;
  const widest = widestGroup(schedule);
  const bk =
    widest > 1
      ? `${stages(buildkit.length)} in ${schedule.buildkit.length} groups (up to ${widest} in parallel)`
      : `${stages(buildkit.length)}${buildkit.length > 1 ? ', one after another' : ''}`;
  const cl = `${classic.length}${classic.length > 1 ? ', one at a time' : ''}`;
  return `As the target: BuildKit builds ${bk}; the classic builder ${cl}.`;
}

/** Stage names a hover lists before it counts the rest (a generated file can have thousands). */
const MAX_NAMES = 8;

/** When the default target runs this stage: its BuildKit group, the stages in it, the critical path, the classic order. */
function whenItRuns(model: DockerfileModel, index: number, label: (i: number) => string): string[] {
  const target = model.defaultTarget!;
  const { buildkit, classic, criticalPath } = model.plans[target].schedule;
  const group = buildkit.findIndex((stages) => stages.includes(index));
  const others = buildkit[group].filter((i) => i !== index);
  const where = `group ${group + 1} of ${buildkit.length} for the default target ${label(target)}`;
  const named = others.slice(0, MAX_NAMES).map(label);
  if (others.length > MAX_NAMES) named.push(`${others.length - MAX_NAMES} more`);
  const parallel = others.length
    ? `Runs in parallel with ${sentence(named)} under BuildKit (${where})`
    : `Runs with no other stage at the same time under BuildKit (${where})`;
  const shown =
    criticalPath.length > MAX_NAMES
      ? [...criticalPath.slice(0, 3).map(label), `… ${criticalPath.length - 6} more …`, ...criticalPath.slice(-3).map(label)]
      : criticalPath.map(label);
  const path = shown.join(' → ');
  const critical = criticalPath.includes(index) ? `on the critical path ${path}` : `not on the critical path ${path}`;
  return [
    `${parallel} · ${critical}.`,
    '',
    `The classic builder runs one stage at a time: this one as number ${classic.findIndex((stages) => stages.includes(index)) + 1} of ${classic.length} for the default target.`,
  ];
}

/** `a`, `a and b`, `a, b and c`. */
function sentence(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
