import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { DockerfileModel } from '../analysis/model';
import { describeBase, directDependencies, directDependents, stageLabel, stageOccurrenceAt } from '../analysis/lookup';
import type { FeatureContext } from './context';
import { slicedHover } from './sliced';

/** On a stage name or reference: what the stage is and which targets build it; elsewhere the baseline docs. */
export function hover(context: FeatureContext, params: HoverParams): Hover | null {
  const occurrence = stageOccurrenceAt(context.model, params.position);
  if (occurrence) {
    return { contents: { kind: MarkupKind.Markdown, value: stageHover(context.model, occurrence.stageIndex) }, range: occurrence.range };
  }
  return slicedHover(context.model, context.document.getText(), params.position);
}

export function stageHover(model: DockerfileModel, index: number): string {
  const stage = model.stages[index];
  const label = (i: number) => `\`${stageLabel(model.stages[i])}\``;
  const list = (indexes: number[]) => (indexes.length ? indexes.map(label).join(', ') : 'none');
  const buildkitTargets = model.plans.filter((plan) => plan.buildkit.includes(index)).map((plan) => plan.target);
  const classicTargets = model.plans.filter((plan) => plan.classic.includes(index)).map((plan) => plan.target);
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
  if (model.skippedByDefault.includes(index)) lines.push('', `BuildKit skips this stage for the default target ${label(model.defaultTarget!)}.`);
  return lines.join('\n');
}
