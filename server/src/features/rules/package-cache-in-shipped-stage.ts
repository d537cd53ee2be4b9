/**
 * Package-manager caches left in a layer that ships: every manager in analysis/packageManagers.ts
 * (apt, apk, dnf/microdnf/yum, zypper, pip/pipenv/poetry/uv, npm/yarn/pnpm, gem, cargo, go). Only
 * in shipped stages and the stages they are built FROM (their layers are inherited); build stages
 * that are only copied from may keep caches (they never ship). Only images that set CMD/ENTRYPOINT
 * are checked (others are mostly build, test or packaging environments).
 *
 * `ONBUILD RUN` runs in the images built FROM its stage, not in the stage itself (BuildKit runs a
 * stage's triggers in the stages of the same file built FROM it, first thing): it is checked when
 * such a stage's layers ship, or when its own stage ships (then every image built FROM it gets the
 * layer; a CMD is not asked for, as an image with triggers is meant to be built FROM).
 */
import type { Fix, Finding, Rule } from './rule';
import { textFix } from './rule';
import type { DockerfileModel, Instruction, Position, Stage } from '../../analysis/model';
import { onbuildRun, runCommands } from '../../analysis/commands';
import { leftCaches, removesDockerClean, type LeftCache, type RunContext } from '../../analysis/packageCaches';
import { CACHE_VARIABLES } from '../../analysis/packageManagers';
import { chainFacts, describeStage, layerStages, setsCommand, shippedStages } from '../../analysis/shipping';
import { stageLabel } from '../../analysis/lookup';

/** What a stage's RUNs see, carried from a stage to the stages built FROM it. */
interface State {
  env: Map<string, string>;
  keepsDebs: boolean;
  user?: string;
}

/** The home of a USER (`/root` for none or root); undefined for a uid, which names no home. */
function homeOf(user: string | undefined): string | undefined {
  const name = user?.split(':')[0];
  if (!name || name === 'root' || name === '0') return '/root';
  return /^[a-z_][a-z0-9_.-]*$/i.test(name) && !/^\d+$/.test(name) ? `/home/${name}` : undefined;
}

interface FixData {
  insert?: Position;
  text?: string;
  mountAt?: Position;
  mount?: string;
  [key: string]: unknown;
}

/** The message's advice and the fixes' data for one install. */
function advice(model: DockerfileModel, run: Instruction, left: LeftCache, home: string | undefined): { text: string; data: FixData } {
  const data: FixData = {};
  const flag = left.manager.noCacheFlag;
  const cleanups = [...new Set(left.dirs.map(({ dir }) => dir.cleanup).filter((c): c is string => c !== undefined))];
  const mounts = left.dirs
    .filter(({ dir }) => dir.shown === undefined)
    // A cache mount belongs to root: a home cache of another user would be one it cannot write to.
    .map(({ dir, path }) => ({ dir, path: path.startsWith('~/') && home === '/root' ? home + path.slice(1) : path }))
    .filter(({ path }) => path.startsWith('/'))
    .map(({ dir, path }) => `--mount=type=cache,target=${path}${dir.mountOptions ?? ''}`);
  let text: string;
  if (flag) {
    text = `add \`${flag}\``;
    if (left.command.precise) Object.assign(data, { insert: left.word.range.end, text: ` ${flag}` });
  } else if (cleanups.length) {
    text = `add \`&& ${cleanups.join(' && ')}\` to the same RUN`;
    const last = run.args[run.args.length - 1]?.value ?? '';
    if (left.command.precise && !run.jsonForm && run.heredocs.length === 0)
      Object.assign(data, { insert: run.range.end, text: ` ${model.directives.escape}\n    ${/;$/.test(last) ? '' : '&& '}${cleanups.join(' && ')}` });
  } else text = 'remove it in the same RUN';
  if (mounts.length) {
    text += `, or use a cache mount (\`RUN ${mounts.join(' ')}\`)`;
    Object.assign(data, { mountAt: run.keywordRange.end, mount: ` ${mounts.join(' ')}` });
  }
  return { text, data };
}

function dirsText(left: LeftCache): string {
  return left.dirs.map(({ dir, path }) => `${dir.what} (${dir.shown ?? path})`).join(' and ');
}

/** Applies the ENV and ARG (with a default) declarations of `stage` up to `line` to the state. */
function declare(state: State, stage: Stage, line: number, cursor: { env: number; arg: number }): void {
  for (; cursor.env < stage.envs.length && stage.envs[cursor.env].range.start.line <= line; cursor.env++) {
    const env = stage.envs[cursor.env];
    if (CACHE_VARIABLES.has(env.name)) state.env.set(env.name, env.value);
  }
  for (; cursor.arg < stage.args.length && stage.args[cursor.arg].range.start.line <= line; cursor.arg++) {
    const arg = stage.args[cursor.arg];
    if (CACHE_VARIABLES.has(arg.name) && arg.defaultValue !== undefined) state.env.set(arg.name, arg.defaultValue);
  }
}

interface Scope {
  /** Report plain RUNs: the stage's layers ship. */
  runs: boolean;
  /** Where its ONBUILD triggers' layers ship; undefined: nowhere we know of. */
  onbuild?: string;
  where: string;
}

/** Which stages are checked, and how they are named. Linear in the number of stages. */
function scopes(model: DockerfileModel): (Scope | undefined)[] {
  const shipped = shippedStages(model);
  const runnable = shipped.filter((index) => setsCommand(model, index));
  const layers = layerStages(model, runnable);
  const runnableSet = new Set(runnable);
  const { parent } = chainFacts(model);
  const child: number[] = [];
  for (const stage of model.stages) if (parent[stage.index] >= 0 && layers.has(stage.index)) child[parent[stage.index]] ??= stage.index;
  const shippedSet = new Set(shipped);
  const result: (Scope | undefined)[] = [];
  for (const stage of model.stages) {
    const i = stage.index;
    const runs = layers.has(i);
    const onbuild =
      child[i] !== undefined
        ? `the stage \`${stageLabel(model.stages[child[i]])}\`, built FROM it`
        : shippedSet.has(i)
          ? `every image built FROM ${describeStage(model, stage)}`
          : undefined;
    if (!runs && !onbuild) continue;
    const where = runnableSet.has(i) ? describeStage(model, stage) : `the stage \`${stageLabel(stage)}\`, which a shipped stage is built FROM`;
    result[i] = { runs, onbuild, where };
  }
  return result;
}

function check(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const checked = scopes(model);
  if (!checked.some(Boolean)) return findings;
  const { parent } = chainFacts(model);
  // Only the checked stages and the stages they are built FROM (whose state they start from) are
  // read: in a large file most stages ship nothing, and reading all of them was most of this rule.
  const needed = new Set<number>();
  for (const stage of model.stages) if (checked[stage.index]) for (let i = stage.index; i >= 0 && !needed.has(i); i = parent[i]) needed.add(i);
  const ends: State[] = [];
  for (const stage of model.stages) {
    if (!needed.has(stage.index)) continue;
    const from = parent[stage.index] >= 0 ? ends[parent[stage.index]] : undefined;
    const state: State = from ? { env: new Map(from.env), keepsDebs: from.keepsDebs, user: from.user } : { env: new Map(), keepsDebs: false };
    const cursor = { env: 0, arg: 0 };
    const scope = checked[stage.index];
    let triggersKeepDebs = false; // the triggers run one after the other in the image built FROM this stage
    for (const instruction of stage.instructions) {
      declare(state, stage, instruction.range.start.line, cursor);
      if (instruction.keyword === 'USER') state.user = instruction.args[0]?.value;
      const trigger = onbuildRun(instruction);
      const run = instruction.keyword === 'RUN' ? instruction : trigger;
      if (!run) continue;
      const where = trigger ? scope?.onbuild : scope?.runs ? scope.where : undefined;
      const keepsDebs = state.keepsDebs || (!!trigger && triggersKeepDebs);
      if (where) findings.push(...report(model, run, { env: state.env, keepsDebs, home: homeOf(state.user) }, where, !!trigger));
      if (removesDockerClean(runCommands(run))) {
        if (trigger) triggersKeepDebs = true;
        else state.keepsDebs = true;
      }
    }
    ends[stage.index] = state;
  }
  return findings;
}

function report(model: DockerfileModel, run: Instruction, context: RunContext, where: string, trigger: boolean): Finding[] {
  return leftCaches(run, context).map((left) => {
    const { text, data } = advice(model, run, left, context.home);
    const without = left.manager.noCacheFlag ? ` without \`${left.manager.noCacheFlag}\`` : '';
    const what = `\`${left.text}\`${without}${trigger ? ' (an ONBUILD trigger)' : ''} leaves ${dirsText(left)}`;
    return {
      range: left.command.precise ? { start: left.command.words[0].range.start, end: left.word.range.end } : run.keywordRange,
      message: trigger ? `${what} in the layer of ${where}: ${text}.` : `${what} in the layer of ${where}, and it ships: ${text}.`,
      data: Object.keys(data).length ? data : undefined,
    };
  });
}

export const packageCacheInShippedStage: Rule = {
  id: 'package-cache-in-shipped-stage',
  defaultSeverity: 'warning',
  summary: 'A shipped stage keeps package-manager caches (apt, apk, dnf/yum, zypper, pip, npm, yarn, go, …) in its layers.',
  check: ({ model }) => check(model),
  fixes(context, diagnostic) {
    const data = diagnostic.data as FixData | undefined;
    const fixes: Fix[] = [];
    if (data?.insert && data.text) {
      const cleanup = data.text.replace(/^[\s\\`]*(?:&& )?/, '').trim();
      const title = data.text.startsWith(' --') ? `Add \`${data.text.trim()}\`` : `Add \`${cleanup}\` to the same RUN`;
      fixes.push(textFix(context, title, { start: data.insert, end: data.insert }, data.text, true));
    }
    if (data?.mountAt && data.mount) {
      const targets = [...data.mount.matchAll(/target=([^,\s]+)/g)].map((m) => m[1]).join(' and ');
      fixes.push(textFix(context, `Use a cache mount for ${targets}`, { start: data.mountAt, end: data.mountAt }, data.mount, fixes.length === 0));
    }
    return fixes;
  },
};
