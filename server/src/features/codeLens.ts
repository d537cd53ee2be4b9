/**
 * Lenses above every FROM: build this target, run it, and what the target needs (or that the
 * default target skips it under BuildKit), with how many stages BuildKit can run at once for it.
 * One lens on the first stage builds the default target. A stage that a Compose service, a Dev
 * Container or a CI step builds as its target says so.
 * Only stage names the model read from the file are passed on, and the client validates them again.
 */
import type { CodeLens } from 'vscode-languageserver';
import { boundedClosure, stageLabel, widestGroup } from '../analysis/lookup';
import { Commands, STAGE_NAME, type BuildResultParams, type TargetCommandArgs } from '../protocol';
import { formatAge, formatBytes } from '../format';
import { buildersText, targetedStages } from '../analysis/outsideBuilds';
import type { FeatureContext } from './context';

export function codeLenses(context: FeatureContext): CodeLens[] {
  const { model, document, settings } = context;
  if (!settings.codeLensEnable || model.stages.length === 0) return [];
  const lenses: CodeLens[] = [];
  const uri = document.uri;
  const command = (title: string, id: string, args: TargetCommandArgs) => ({ title, command: id, arguments: [args] });
  const defaultStage = model.stages[model.defaultTarget ?? model.stages.length - 1];
  const skipped = new Set(model.skippedByDefault);
  // Who builds a stage as a target outside this file (Compose, Dev Containers, CI).
  const builders = context.env?.builds?.length ? targetedStages(model, context.env.builds) : undefined;

  for (const stage of model.stages) {
    const range = stage.fromInstruction.keywordRange;
    if (stage.index === 0 && model.stages.length > 1) {
      lenses.push({ range, command: command(`Build (default target \`${stageLabel(defaultStage)}\`)`, Commands.buildTarget, { uri }) });
    }
    const isDefault = stage === defaultStage;
    const nameOk = stage.name !== undefined && STAGE_NAME.test(stage.name);
    if (nameOk) {
      lenses.push({ range, command: command(`Build target \`${stage.name}\``, Commands.buildTarget, { uri, target: stage.name }) });
      lenses.push({ range, command: command('Run', Commands.runTarget, { uri, target: stage.name }) });
    } else if (isDefault) {
      lenses.push({ range, command: command('Build', Commands.buildTarget, { uri }) });
      lenses.push({ range, command: command('Run', Commands.runTarget, { uri }) });
    }
    lenses.push({ range, command: { title: planSummary(context, stage.index, skipped.has(stage.index)), command: '' } });
    const outside = builders?.get(stage.index);
    if (outside) lenses.push({ range, command: { title: `target of ${buildersText(outside)}`, command: '' } });
    const result = lastBuild(context, stage.key, isDefault);
    if (result) lenses.push({ range, command: { title: buildResultTitle(result, context.now ?? Date.now()), command: '' } });
  }
  return lenses;
}

const SUMMARY_LIMIT = 500;
const NAMES_SHOWN = 6;

/** The newer of the stage's own build (`--target name`) and, for the default stage, a default build. */
function lastBuild(context: FeatureContext, key: string | undefined, isDefault: boolean): BuildResultParams | undefined {
  const builds = context.builds;
  if (!builds) return undefined;
  const candidates = [key !== undefined ? builds.get(key) : undefined, isDefault ? builds.get('') : undefined].filter(
    (b): b is BuildResultParams => b !== undefined,
  );
  return candidates.sort((a, b) => b.finishedAt - a.finishedAt)[0];
}

/** `built 2 min ago · 4.5 MB` or `build failed just now at line 12`. */
export function buildResultTitle(result: BuildResultParams, now: number): string {
  const ago = formatAge(now - result.finishedAt);
  if (result.ok) return `built ${ago}${result.sizeBytes !== undefined ? ` · ${formatBytes(result.sizeBytes)}` : ''}`;
  return `build failed ${ago}${result.failedLine !== undefined ? ` at line ${result.failedLine + 1}` : ''}`;
}

function planSummary(context: FeatureContext, index: number, skippedByDefault: boolean): string {
  const { model } = context;
  if (skippedByDefault) return 'skipped by BuildKit for the default target';
  // Bounded: a lens per stage over whole closures would be quadratic in huge generated files.
  const { stages: built, complete } = boundedClosure(model, index, SUMMARY_LIMIT);
  const needs = built.filter((i) => i !== index);
  const named = needs.slice(0, NAMES_SHOWN).map((i) => stageLabel(model.stages[i]));
  const more = needs.length > NAMES_SHOWN || !complete ? ` +${complete ? needs.length - NAMES_SHOWN : `${needs.length - NAMES_SHOWN}+`} more` : '';
  const widest = complete ? widestGroup(model.plans[index].schedule) : 0;
  const parallel = widest > 1 ? `, up to ${widest} in parallel` : '';
  const count = `BuildKit builds ${built.length}${complete ? '' : '+'} of ${model.stages.length} stage${model.stages.length === 1 ? '' : 's'}${parallel}`;
  return needs.length ? `needs ${named.join(', ')}${more} · ${count}` : count;
}
