/**
 * Lenses above every FROM: build this target, run it, and what the target needs (or that the
 * default target skips it under BuildKit), with how many stages BuildKit can run at once for it.
 * When this document's builds use the classic builder (context.builder), its plan instead: every
 * stage up to the target, and why that builder.
 * The default target's own FROM has the lens that builds it (without --target) and a Run lens;
 * another stage has Run only when it has a command to run (CMD or ENTRYPOINT, its own or its
 * parent stage's). Titles are plain text: VS Code shows a lens title as it is, not as Markdown.
 * The first stage also has a lens with what the build context sends (the Build lenses' tooltip names
 * its largest folders).
 * A stage that a Compose service, a Dev Container or a CI step builds as its target says so.
 * Only stage names the model read from the file are passed on, and the client validates them again.
 */
import type { CodeLens } from 'vscode-languageserver';
import { boundedClosure, stageLabel, widestGroup } from '../analysis/lookup';
import { Commands, STAGE_NAME, type BuildResultParams, type TargetCommandArgs } from '../protocol';
import { formatAge, formatBytes } from '../format';
import type { Stage } from '../analysis/model';
import { buildersText, targetedStages } from '../analysis/outsideBuilds';
import type { FeatureContext } from './context';
import type { ContextState } from '../context/cache';
import { contextLensTitle, contextTooltip } from './contextSize';

/**
 * The document's measured build context, once a walk finished; a walk starts when none is known (its
 * end refreshes the lenses). Nothing while it counts or when the folder cannot be read.
 */
function contextState(context: FeatureContext): ContextState | undefined {
  const handle = context.buildContext;
  if (!handle) return undefined;
  const known = handle.sizes.peek(handle.request);
  if (!known) void handle.sizes.get(handle.request);
  return known?.state === 'done' && known.size.walk.stopped !== 'error' ? known : undefined;
}

export function codeLenses(context: FeatureContext): CodeLens[] {
  const { model, document, settings } = context;
  if (!settings.codeLensEnable || model.stages.length === 0) return [];
  const lenses: CodeLens[] = [];
  const uri = document.uri;
  const buildContext = contextState(context);
  const tooltip = buildContext && contextTooltip(buildContext);
  const command = (title: string, id: string, args: TargetCommandArgs) => ({ title, command: id, arguments: [args], ...(tooltip ? { tooltip } : {}) });
  const defaultStage = model.stages[model.defaultTarget ?? model.stages.length - 1];
  const classic = context.builder?.kind === 'classic';
  // The classic builder runs every stage up to the default target: it skips none.
  const skipped = new Set(classic ? [] : model.skippedByDefault);
  const runnable = stagesWithCommand(model.stages);
  // Who builds a stage as a target outside this file (Compose, Dev Containers, CI).
  const builders = context.env?.builds?.length ? targetedStages(model, context.env.builds) : undefined;

  for (const stage of model.stages) {
    const range = stage.fromInstruction.keywordRange;
    const isDefault = stage === defaultStage;
    // The default target is built without --target: one lens on its own FROM, whatever its name.
    if (isDefault) {
      lenses.push({ range, command: command('Build (default target)', Commands.buildTarget, { uri }) });
      lenses.push({ range, command: command('Run', Commands.runTarget, { uri }) });
    } else if (stage.name !== undefined && STAGE_NAME.test(stage.name)) {
      lenses.push({ range, command: command(`Build target ${stage.name}`, Commands.buildTarget, { uri, target: stage.name }) });
      if (runnable[stage.index]) lenses.push({ range, command: command('Run', Commands.runTarget, { uri, target: stage.name }) });
    }
    if (stage.index === 0 && buildContext)
      lenses.push({ range, command: { title: contextLensTitle(buildContext), command: '', ...(tooltip ? { tooltip } : {}) } });
    lenses.push({ range, command: { title: planSummary(context, stage.index, skipped.has(stage.index)), command: '' } });
    const outside = builders?.get(stage.index);
    // Plain text, as every lens title: the labels' Markdown backticks go.
    if (outside) lenses.push({ range, command: { title: `target of ${buildersText(outside).replace(/`/g, '')}`, command: '' } });
    const result = lastBuild(context, stage.key, isDefault);
    if (result) lenses.push({ range, command: { title: buildResultTitle(result, context.now ?? Date.now()), command: '' } });
  }
  return lenses;
}

/**
 * Which stages have a command to run: a CMD or ENTRYPOINT of their own, or one inherited from the
 * stage they are FROM. One pass in file order (a stage's parent comes before it), so linear.
 */
export function stagesWithCommand(stages: readonly Stage[]): boolean[] {
  const has: boolean[] = [];
  for (const stage of stages) {
    const parent = stage.base.kind === 'stage' ? has[stage.base.stageIndex] : false;
    has.push(stage.cmd !== undefined || stage.entrypoint !== undefined || parent === true);
  }
  return has;
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
  if (result.ok)
    return `built ${ago}${result.sizeBytes !== undefined ? ` · ${formatBytes(result.sizeBytes)}` : ''}${result.platform ? ` · ${result.platform}` : ''}`;
  return `build failed ${ago}${result.failedLine !== undefined ? ` at line ${result.failedLine + 1}` : ''}`;
}

function planSummary(context: FeatureContext, index: number, skippedByDefault: boolean): string {
  const { model } = context;
  if (skippedByDefault) return 'skipped by BuildKit for the default target';
  if (context.builder?.kind === 'classic') return classicSummary(context, index);
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

/** `classic builder builds 3 of 4 stages: this docker CLI (28.2.2) has no buildx`: every stage up to this one, in file order. */
function classicSummary(context: FeatureContext, index: number): string {
  const total = context.model.stages.length;
  const reason = context.builder?.reason ? `: ${context.builder.reason}` : '';
  return `classic builder builds ${index + 1} of ${total} stage${total === 1 ? '' : 's'}${reason}`;
}
