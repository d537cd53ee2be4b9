/**
 * Package-manager caches left in a layer that ships: `apt-get update` without removing
 * /var/lib/apt/lists, `apk add` without --no-cache, `pip install` without --no-cache-dir. Only in
 * shipped stages and the stages they are built FROM (their layers are inherited); build stages that
 * are only copied from may keep caches (they never ship). Only images that set CMD/ENTRYPOINT are
 * checked (others are mostly build, test or packaging environments). A `RUN --mount=type=cache`
 * for that manager, `apt-get dist-clean`, `apk add --no-network`, or `PIP_NO_CACHE_DIR` in the
 * stage's ENV count as handled.
 */
import type { Fix, Rule } from './rule';
import { textFix } from './rule';
import type { DockerfileModel, Instruction, Word } from '../../analysis/model';
import { cacheMountTargets, commandName, runCommands, subcommand, type SimpleCommand } from '../../analysis/commands';
import { chainFacts, describeStage, layerStages, setsCommand, shippedStages } from '../../analysis/shipping';

type Manager = 'apt' | 'apk' | 'pip';

const CACHE_DIRS: Record<Manager, RegExp> = { apt: /\/var\/(?:lib|cache)\/apt/, apk: /apk/, pip: /pip|\/\.cache\/?$/ };

function words(command: SimpleCommand): string[] {
  return command.words.map((w) => w.value);
}

/** The text of the whole RUN's commands, for "is the cleanup anywhere in this RUN". */
function mentions(commands: SimpleCommand[], pattern: RegExp): boolean {
  return commands.some((command) => command.words.some((word) => pattern.test(word.value)));
}

interface Problem {
  manager: Manager;
  range: Word['range'];
  message: string;
  insertAfter?: Word;
  append?: boolean;
}

function problemsOf(instruction: Instruction, envNoPipCache: boolean): Problem[] {
  const commands = runCommands(instruction);
  const cached = cacheMountTargets(instruction);
  const handled = (manager: Manager) => cached.some((target) => CACHE_DIRS[manager].test(target));
  const problems: Problem[] = [];
  const aptCleaned =
    mentions(commands, /\/var\/lib\/apt\/lists/) || commands.some((c) => /^apt(?:-get)?$/.test(commandName(c)) && words(c).includes('dist-clean'));
  // `PIP_NO_CACHE_DIR=1 pip install …`: the assignment is not part of the command's words.
  const pipOffInline = instruction.args.some((word) => word.value.startsWith('PIP_NO_CACHE_DIR='));
  for (const command of commands) {
    const name = commandName(command);
    const list = words(command);
    if ((name === 'apt-get' || name === 'apt') && list.includes('update') && !handled('apt') && !aptCleaned) {
      const update = command.words.find((w) => w.value === 'update')!;
      problems.push({
        manager: 'apt',
        range: command.precise ? { start: command.words[0].range.start, end: update.range.end } : instruction.keywordRange,
        message: `\`${name} update\` leaves the package lists (/var/lib/apt/lists, tens of MB) in the layer`,
        append: command.precise && !instruction.jsonForm && instruction.heredocs.length === 0,
      });
    }
    if (name === 'apk') {
      const sub = subcommand(command);
      if (
        sub?.word.value === 'add' &&
        !list.includes('--no-cache') &&
        !list.includes('--no-network') &&
        !handled('apk') &&
        !mentions(commands, /\/var\/cache\/apk|\/etc\/apk\/cache/)
      ) {
        problems.push({
          manager: 'apk',
          range: command.precise ? { start: command.words[0].range.start, end: sub.word.range.end } : instruction.keywordRange,
          message: '`apk add` without `--no-cache` leaves the package index (/var/cache/apk) in the layer',
          insertAfter: command.precise ? sub.word : undefined,
        });
      }
    }
    const pipAt = /^pip[23]?(?:\.\d+)?$/.test(name) ? 1 : /^python[23]?(?:\.\d+)?$/.test(name) && list[1] === '-m' && /^pip[23]?$/.test(list[2] ?? '') ? 3 : -1;
    if (pipAt > 0 && !envNoPipCache && !pipOffInline && !handled('pip')) {
      const sub = subcommand(command, pipAt);
      if (sub?.word.value === 'install' && !list.some((w) => /^--no-cache(?:-dir)?(?:=|$)/.test(w)) && !mentions(commands, /\.cache\/pip|\/root\/\.cache/)) {
        problems.push({
          manager: 'pip',
          range: command.precise ? { start: command.words[0].range.start, end: sub.word.range.end } : instruction.keywordRange,
          message: '`pip install` without `--no-cache-dir` leaves the wheel cache (~/.cache/pip) in the layer',
          insertAfter: command.precise ? sub.word : undefined,
        });
      }
    }
  }
  return problems;
}

/**
 * Per stage: is PIP_NO_CACHE_DIR set along its FROM chain? pip disables its cache when it is set to
 * anything, `0` and `false` included (an ARG with a default is in the environment of RUN too).
 * One pass in file order.
 */
function pipCacheOff(model: DockerfileModel): boolean[] {
  const { parent } = chainFacts(model);
  const off: boolean[] = [];
  for (const stage of model.stages) {
    off[stage.index] =
      stage.envs.some((env) => env.name === 'PIP_NO_CACHE_DIR') ||
      stage.args.some((arg) => arg.name === 'PIP_NO_CACHE_DIR' && arg.defaultValue !== undefined) ||
      (parent[stage.index] >= 0 && off[parent[stage.index]]);
  }
  return off;
}

export const packageCacheInShippedStage: Rule = {
  id: 'package-cache-in-shipped-stage',
  defaultSeverity: 'warning',
  summary: 'A shipped stage keeps package-manager caches (apt lists, apk index, pip cache) in its layers.',
  check({ model }) {
    const findings = [];
    // Only images that say what they run: a shipped stage without CMD/ENTRYPOINT is mostly a build,
    // test or packaging environment, where the caches do not matter.
    const runnable = shippedStages(model).filter((index) => setsCommand(model, index));
    const layers = layerStages(model, runnable);
    const shipped = new Set(runnable);
    const noPipCache = layers.size ? pipCacheOff(model) : [];
    for (const stage of model.stages) {
      if (!layers.has(stage.index)) continue;
      const where = shipped.has(stage.index)
        ? describeStage(model, stage)
        : `the stage \`${stage.name ?? `stage ${stage.index}`}\`, which a shipped stage is built FROM`;
      for (const instruction of stage.instructions) {
        for (const problem of problemsOf(instruction, noPipCache[stage.index])) {
          const fix =
            problem.manager === 'apt'
              ? 'add `&& rm -rf /var/lib/apt/lists/*` to the same RUN'
              : problem.manager === 'apk'
                ? 'use `apk add --no-cache`'
                : 'add `--no-cache-dir` (or a `--mount=type=cache` for it)';
          findings.push({
            range: problem.range,
            message: `${problem.message} of ${where}, and it ships: ${fix}.`,
            data: problem.insertAfter
              ? {
                  insert: { line: problem.insertAfter.range.end.line, character: problem.insertAfter.range.end.character },
                  text: problem.manager === 'apk' ? ' --no-cache' : ' --no-cache-dir',
                }
              : problem.append
                ? {
                    insert: instruction.range.end,
                    text: ` \\\n    ${/;$/.test(instruction.args[instruction.args.length - 1]?.value ?? '') ? '' : '&& '}rm -rf /var/lib/apt/lists/*`,
                  }
                : undefined,
          });
        }
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { insert?: { line: number; character: number }; text?: string } | undefined;
    if (!data?.insert || !data.text) return [];
    const title = data.text.includes('rm -rf') ? 'Remove the apt lists in the same RUN' : `Add \`${data.text.trim()}\``;
    const fix: Fix = textFix(context, title, { start: data.insert, end: data.insert }, data.text, true);
    return [fix];
  },
};
