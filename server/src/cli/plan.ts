/**
 * `stagecraft plan <Dockerfile>`: what building a target runs, from the same `buildPlan` the editor's
 * `stagecraft/buildPlan` request answers with (`--json` prints that answer as it is): the stages each
 * builder runs, the ones it skips and why, BuildKit's parallel groups and the critical path.
 */
import { parseArgs } from 'node:util';
import { buildPlan } from '../features/buildPlan';
import type { BuildPlanResult } from '../protocol';
import { EXIT, UsageError, type CliIO } from './io';
import { loadSettings } from './config';
import { contextForFile } from './single';
import { oneOf } from './options';

export const PLAN_HELP = `Usage: stagecraft plan [options] <Dockerfile>

Shows what building a target runs: the stages, those skipped and why, the groups of stages that can
run at the same time, and the critical path.

Options:
  --target NAME|INDEX        the stage to build (default: the last stage)
  --builder buildkit|classic the builder (default: buildkit)
  --build-arg NAME=value     a build arg (repeatable), used to resolve FROM lines
  --config PATH              settings file (buildArgs), as for lint
  --json                     the stagecraft/buildPlan answer, as JSON
  -h, --help                 this help
`;

export function planText(plan: BuildPlanResult, builder: 'buildkit' | 'classic', file: string): string {
  const name = (i: number) => plan.stages[i]?.label ?? `stage ${i}`;
  if (plan.target === undefined) return `${file}: no stages\n`;
  const target = plan.target;
  const runs = builder === 'buildkit' ? plan.buildkit : plan.classic;
  const lines = [
    `${file}: target ${name(target)} (stage ${target}${target === plan.defaultTarget ? ', the default target' : ''}), ${builder === 'buildkit' ? 'BuildKit' : 'classic builder'}`,
  ];
  lines.push(`Runs ${runs.length} of ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'}: ${runs.map(name).join(', ')}`);
  const skipped = plan.stages.filter((s) => !runs.includes(s.index));
  if (skipped.length) {
    lines.push('Skipped:');
    for (const stage of skipped) {
      const why = stage.index > target ? 'after the target' : `${name(target)} does not need it (BuildKit builds only what the target uses)`;
      lines.push(`  ${stage.label}: ${why}`);
    }
  }
  if (builder === 'classic') {
    const unneeded = plan.classic.filter((i) => !plan.buildkit.includes(i));
    if (unneeded.length) lines.push(`Run although ${name(target)} does not need them (BuildKit would skip them): ${unneeded.map(name).join(', ')}`);
    lines.push(`One stage at a time, in file order: ${plan.classic.map(name).join(' → ')}`);
    for (const use of plan.needsBuildKit ?? []) lines.push(`Needs BuildKit: line ${use.line + 1}, ${use.feature} (the classic builder refuses it)`);
  } else {
    lines.push('Groups (the stages of a group can run at the same time):');
    plan.groups.buildkit.forEach((group, i) => lines.push(`  ${i + 1}. ${group.map(name).join(', ')}`));
    lines.push(`Critical path: ${plan.criticalPath.map(name).join(' → ')} (${plan.criticalPath.length} stage${plan.criticalPath.length === 1 ? '' : 's'})`);
  }
  return lines.join('\n') + '\n';
}

export function plan(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      builder: { type: 'string', default: 'buildkit' },
      'build-arg': { type: 'string', multiple: true },
      config: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(PLAN_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`plan reads one Dockerfile, got ${positionals.length}`);
  const builder = oneOf('--builder', values.builder!, ['buildkit', 'classic'] as const);
  const { settings } = loadSettings({ cwd: io.cwd, config: values.config, buildArgs: values['build-arg'], warn: (m) => io.err(`stagecraft: warning: ${m}\n`) });
  const context = contextForFile(positionals[0], io, settings);
  const result = buildPlan(
    { ...context, builder: { kind: builder, source: builder === 'classic' ? 'setting' : 'default' } },
    { uri: context.document.uri, target: values.target },
  );
  if (values.target !== undefined && result.target === undefined) {
    throw new UsageError(`--target ${values.target}: no such stage in ${positionals[0]} (stages: ${result.stages.map((s) => s.label).join(', ') || 'none'})`);
  }
  io.out(values.json ? JSON.stringify(result, null, 2) + '\n' : planText(result, builder, positionals[0]!));
  return EXIT.ok;
}
