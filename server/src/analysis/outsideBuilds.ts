/**
 * Builds of a Dockerfile that files outside it ask for (a Compose service's `build.target`, a Dev
 * Container's, a CI step's `target`): which stage each one names and which stages BuildKit then
 * builds. Pure: the builds come from the targets index, through the rules' environment.
 */
import type { DockerfileModel, Range } from './model';

/** One build asked for outside the Dockerfile. */
export interface OutsideBuild {
  /** The target as written; undefined: the default target (the last stage). */
  target?: string;
  /** Who asks for it: "Compose service `web`", "Dev Container", … */
  label: string;
  /** Where the target's name is written (a `file:` URI and the name's range), when it is written literally. */
  at?: { uri: string; range: Range };
}

/**
 * The stage a target names: BuildKit matches `--target` without regard to case, and with two
 * stages of the same name builds the last one. Undefined: no such stage.
 */
export function targetStage(model: DockerfileModel, target: string): number | undefined {
  const key = target.toLowerCase();
  for (let i = model.stages.length - 1; i >= 0; i--) if (model.stages[i].key === key) return i;
  return undefined;
}

/** The stage each build names (the default target for none), with who asks for it; unknown targets left out. */
export function targetedStages(model: DockerfileModel, builds: readonly OutsideBuild[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  for (const build of builds) {
    const index = build.target === undefined ? model.defaultTarget : targetStage(model, build.target);
    if (index === undefined) continue;
    const labels = result.get(index) ?? [];
    if (!labels.includes(build.label)) labels.push(build.label);
    result.set(index, labels);
  }
  return result;
}

/** Every stage BuildKit builds for one of `builds`: the targets and what they depend on (one walk, linear). */
export function stagesBuiltOutside(model: DockerfileModel, builds: readonly OutsideBuild[]): Set<number> {
  const seen = new Set<number>(targetedStages(model, builds).keys());
  const stack = [...seen];
  while (stack.length) {
    for (const dep of model.dependencies[stack.pop()!] ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      stack.push(dep);
    }
  }
  return seen;
}

/** Where files outside the Dockerfile write the name of stage `index` as their target (for references and rename). */
export function outsideOccurrences(model: DockerfileModel, builds: readonly OutsideBuild[], index: number): { uri: string; range: Range }[] {
  const seen = new Set<string>();
  const result: { uri: string; range: Range }[] = [];
  for (const build of builds) {
    if (!build.at || build.target === undefined || targetStage(model, build.target) !== index) continue;
    const key = `${build.at.uri}:${build.at.range.start.line}:${build.at.range.start.character}`;
    if (seen.has(key)) continue; // one place can serve several builds (a Compose base service that others extend)
    seen.add(key);
    result.push(build.at);
  }
  return result;
}

/** "Compose service `web`, Dev Container +2 more": the first few of who builds a stage. */
export function buildersText(labels: readonly string[], shown = 3): string {
  const head = labels.slice(0, shown).join(', ');
  return labels.length > shown ? `${head} +${labels.length - shown} more` : head;
}
