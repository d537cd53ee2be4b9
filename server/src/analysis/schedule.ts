/**
 * Build plans: for each target, the stages BuildKit builds (the target and what it depends on) and the
 * classic builder builds (every stage up to the target), and their schedule (groups that can run at
 * the same time, the critical path). Computed when first read, from the dependency graph.
 */
import type { BuildPlan, BuildSchedule, StageReference } from './model';
import { exact } from './scanner';

/** The list at its length, in ascending order (a list of one or none is not sorted: V8's sort allocates even then). */
function sorted(list: number[]): number[] {
  return list.length < 2 ? exact(list) : exact(list).sort((a, b) => a - b);
}

/** The stages each stage depends on and the stages that depend on it, each sorted, from the references to stages. */
export function stageGraph(stageCount: number, references: readonly StageReference[]): { dependencies: number[][]; dependents: number[][] } {
  const dependencies: number[][] = Array.from({ length: stageCount }, () => []);
  const dependents: number[][] = Array.from({ length: stageCount }, () => []);
  for (const ref of references) {
    if (ref.target.kind !== 'stage') continue;
    const deps = dependencies[ref.fromStage];
    if (!deps.includes(ref.target.stageIndex)) {
      deps.push(ref.target.stageIndex);
      dependents[ref.target.stageIndex].push(ref.fromStage);
    }
  }
  for (let i = 0; i < stageCount; i++) {
    dependencies[i] = sorted(dependencies[i]);
    dependents[i] = sorted(dependents[i]);
  }
  return { dependencies, dependents };
}

/** What a plan has computed so far, under a key that is not enumerable (not in its keys, its JSON or deep comparisons). */
const PLAN = Symbol('plan state');
interface PlanState {
  target: number;
  dependencies: number[][];
  buildkit?: number[];
  classic?: number[];
  schedule?: BuildSchedule;
}
type LazyPlan = BuildPlan & { [PLAN]: PlanState };

/**
 * The accessors every plan shares. An object literal with getters would give each plan its own four
 * closures and a dictionary of properties; shared accessors keep plans small (docs/performance.md,
 * "A compact model").
 */
const PLAN_PROPERTIES = {
  buildkit: {
    enumerable: true,
    configurable: true,
    get(this: LazyPlan): number[] {
      const state = this[PLAN];
      if (!state.buildkit) {
        const seen = new Set<number>([state.target]);
        const stack = [state.target];
        while (stack.length)
          for (const dep of state.dependencies[stack.pop()!])
            if (!seen.has(dep)) {
              seen.add(dep);
              stack.push(dep);
            }
        state.buildkit = [...seen].sort((a, b) => a - b);
      }
      return state.buildkit;
    },
  },
  classic: {
    enumerable: true,
    configurable: true,
    get(this: LazyPlan): number[] {
      const state = this[PLAN];
      state.classic ??= Array.from({ length: state.target + 1 }, (_, i) => i);
      return state.classic;
    },
  },
  schedule: {
    enumerable: true,
    configurable: true,
    get(this: LazyPlan): BuildSchedule {
      const state = this[PLAN];
      state.schedule ??= scheduleOf(state.target, this.buildkit, this.classic, state.dependencies);
      return state.schedule;
    },
  },
  toJSON: {
    enumerable: true,
    configurable: true,
    writable: true,
    value: function toJSON(this: LazyPlan) {
      return { target: this[PLAN].target, buildkit: this.buildkit, classic: this.classic, schedule: this.schedule };
    },
  },
};

/**
 * Plans are computed when first read: a file with thousands of stages pays only for the targets asked about.
 * Each plan has the keys of `{ target, get buildkit(), get classic(), get schedule(), toJSON() }`, in that order.
 */
export function lazyPlan(target: number, dependencies: number[][]): BuildPlan {
  const plan = { target } as LazyPlan;
  Object.defineProperty(plan, PLAN, { value: { target, dependencies, buildkit: undefined, classic: undefined, schedule: undefined } });
  Object.defineProperty(plan, 'buildkit', PLAN_PROPERTIES.buildkit);
  Object.defineProperty(plan, 'classic', PLAN_PROPERTIES.classic);
  Object.defineProperty(plan, 'schedule', PLAN_PROPERTIES.schedule);
  Object.defineProperty(plan, 'toJSON', PLAN_PROPERTIES.toJSON);
  return plan;
}

/**
 * Groups and critical path in one pass over the plan's stages in file order (linear in stages and
 * references): a stage only depends on earlier stages, so its dependencies' depths are known when it
 * is reached. Depth = stages in the longest chain ending at that stage.
 */
function scheduleOf(target: number, buildkit: number[], classic: number[], dependencies: number[][]): BuildSchedule {
  const depth = new Map<number, number>();
  /** The dependency a longest chain comes through: the deepest, the earliest stage on a tie. */
  const via = new Map<number, number>();
  const groups: number[][] = [];
  for (const stage of buildkit) {
    let best = -1;
    for (const dep of dependencies[stage]) {
      const d = depth.get(dep);
      if (d === undefined) continue; // not a stage of this plan (cannot happen: deps are in the closure)
      if (best < 0 || d > depth.get(best)! || (d === depth.get(best)! && dep < best)) best = dep;
    }
    const d = best < 0 ? 1 : depth.get(best)! + 1;
    depth.set(stage, d);
    if (best >= 0) via.set(stage, best);
    (groups[d - 1] ??= []).push(stage);
  }
  const criticalPath: number[] = [];
  for (let stage: number | undefined = target; stage !== undefined; stage = via.get(stage)) criticalPath.push(stage);
  return { buildkit: groups.map(exact), classic: classic.map((stage) => [stage]), criticalPath: exact(criticalPath).reverse() };
}
