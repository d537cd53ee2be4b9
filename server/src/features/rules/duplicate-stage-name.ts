/**
 * Two stages with the same name (names are case-insensitive: `build` and `Build` clash). BuildKit
 * builds the last one for `--target`; the classic builder fails ("build stage name already used").
 * Reported on the second declaration.
 */
import type { Finding, Rule } from './rule';
import { freeName } from '../stageNaming';
import { describeStage, renameStageEdits, stageOfFinding } from './scope';

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
    const stage = stageOfFinding(context.model, diagnostic);
    if (!stage?.name) return [];
    const name = freeName(context.model, stage.key!); // the key itself is taken: `<name>-2`, …
    return [{ title: `Rename this stage to \`${name}\` (and the references that read it)`, isPreferred: true, edit: { changes: { [context.uri]: renameStageEdits(context.model, stage.index, name) } } }];
  },
};
