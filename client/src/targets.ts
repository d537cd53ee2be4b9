/** The target picker's items, from stagecraft/buildPlan (pure, unit-tested). */
import { STAGE_NAME, type BuildPlanResult } from '../../server/src/protocol';

export interface TargetItem {
  label: string;
  description: string;
  detail: string;
  /** `--target`; undefined builds the default target (an unnamed last stage). */
  target?: string;
}

/** Stages reachable through FROM / --from / mount from= (what building `index` needs), in file order. */
export function needs(plan: BuildPlanResult, index: number): number[] {
  const seen = new Set<number>();
  const visit = (i: number) => {
    for (const d of plan.stages[i]?.dependsOn ?? [])
      if (!seen.has(d)) {
        seen.add(d);
        visit(d);
      }
  };
  visit(index);
  return [...seen].sort((a, b) => a - b);
}

/** The default target first, then the other named stages from the last; each says what it needs. */
export function targetItems(plan: BuildPlanResult): TargetItem[] {
  const items: TargetItem[] = [];
  for (const stage of [...plan.stages].reverse()) {
    const isDefault = stage.index === plan.defaultTarget;
    const named = stage.name !== undefined && STAGE_NAME.test(stage.name);
    if (!isDefault && !named) continue;
    const deps = needs(plan, stage.index);
    const detail = [
      isDefault ? 'default target' : undefined,
      deps.length ? `needs ${deps.map((i) => plan.stages[i].label).join(', ')}` : 'needs no other stage',
      `BuildKit builds ${deps.length + 1} of ${plan.stages.length}`,
    ]
      .filter(Boolean)
      .join(' · ');
    const item: TargetItem = { label: stage.label, description: `FROM ${stage.baseText}`, detail, target: named ? stage.name : undefined };
    if (isDefault) items.unshift(item);
    else items.push(item);
  }
  return items;
}
