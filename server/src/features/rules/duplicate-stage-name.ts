/**
 * Two stages with the same name (names are case-insensitive: `build` and `Build` clash). BuildKit
 * builds the last one for `--target`; the classic builder fails ("build stage name already used").
 * Reported on the second declaration.
 */
import type { Finding, Rule } from './rule';
import { describeStage, renameStageEdits } from './scope';

/** A name no stage has: `<name>-2`, `<name>-3`, … */
function freeName(taken: Set<string>, name: string): string {
  let n = 2;
  while (taken.has(`${name}-${n}`.toLowerCase())) n++;
  return `${name}-${n}`;
}

export const duplicateStageName: Rule = {
  id: 'duplicate-stage-name',
  buildkit: 'DuplicateStageName',
  defaultSeverity: 'warning',
  summary: 'Two stages have the same name (compared case-insensitively).',
  check({ model }) {
    const findings: Finding[] = [];
    const first = new Map<string, number>();
    for (const stage of model.stages) {
      if (stage.key === undefined || !stage.nameRange) continue;
      const earlier = first.get(stage.key);
      if (earlier === undefined) { first.set(stage.key, stage.index); continue; }
      const other = model.stages[earlier];
      const casing = other.name === stage.name ? '' : '; stage names are case-insensitive';
      findings.push({
        range: stage.nameRange,
        message: `Stage name \`${stage.name}\` is already used by ${describeStage(other)}${casing}. BuildKit's \`--target ${stage.key}\` builds this one, the classic builder fails ("build stage name already used"), and a reader cannot tell which stage a reference means: give each stage its own name.`,
        data: { stageIndex: stage.index },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const index = (diagnostic.data as { stageIndex?: number } | undefined)?.stageIndex;
    const stage = index === undefined ? undefined : context.model.stages[index];
    if (!stage?.name) return [];
    const taken = new Set(context.model.stages.map((s) => s.key).filter((k): k is string => k !== undefined));
    const name = freeName(taken, stage.key!);
    return [{ title: `Rename this stage to \`${name}\` (and the references that read it)`, isPreferred: true, edit: { changes: { [context.uri]: renameStageEdits(context.model, stage.index, name) } } }];
  },
};
