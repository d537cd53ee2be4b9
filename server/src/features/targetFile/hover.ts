/** Hover on a target in a Compose, Dev Container or CI file: what BuildKit builds and skips for it, and the classic builder. */
import type { Hover, HoverParams } from 'vscode-languageserver';
import { MarkupKind } from '../../lsp';
import type { DockerfileModel } from '../../analysis/model';
import { stageLabel } from '../../analysis/lookup';
import { buildersText, targetStage } from '../../analysis/outsideBuilds';
import { dockerfileOf, targetAt, type TargetFileContext } from './context';
import { dockerfileName } from './diagnostics';

const NAMES_SHOWN = 8;

/** The plan of one target, in a few lines of Markdown. */
export function targetPlan(model: DockerfileModel, index: number): string {
  const { buildkit, classic } = model.plans[index];
  const names = (indexes: number[]) =>
    buildersText(
      indexes.map((i) => `\`${stageLabel(model.stages[i])}\``),
      NAMES_SHOWN,
    );
  const skipped = model.stages.map((stage) => stage.index).filter((i) => !buildkit.includes(i));
  const total = model.stages.length;
  const lines = [
    `BuildKit builds ${buildkit.length} of ${total} stage${total === 1 ? '' : 's'}: ${names(buildkit)}${skipped.length ? `; skips ${names(skipped)}` : ''}.`,
  ];
  const extra = classic.filter((i) => !buildkit.includes(i));
  lines.push(
    extra.length
      ? `The classic builder runs ${classic.length}, every stage up to this one, ${names(extra)} included.`
      : `The classic builder runs the same ${classic.length}.`,
  );
  return lines.join('\n\n');
}

export function targetFileHover(context: TargetFileContext, params: HoverParams): Hover | null {
  const ref = targetAt(context, params.position);
  const found = ref && dockerfileOf(context, ref);
  if (!ref?.targetRange || !found || ref.dockerfile === undefined || ref.target === undefined) return null;
  const index = targetStage(found.model, ref.target);
  const name = dockerfileName(context, ref.dockerfile);
  const head = `**Target \`${ref.target}\`** of \`${name}\` (${ref.label})`;
  const body = index === undefined ? `No stage of \`${name}\` has this name: the build fails.` : targetPlan(found.model, index);
  return { contents: { kind: MarkupKind.Markdown, value: `${head}\n\n${body}` }, range: ref.targetRange };
}
