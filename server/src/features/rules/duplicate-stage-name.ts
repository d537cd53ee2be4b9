/**
 * Two stages with the same name (names are case-insensitive: `build` and `Build` clash). BuildKit
 * builds the last one for `--target`; the classic builder fails ("build stage name already used").
 * Reported on the second declaration, with BuildKit's message (the name lowercased, as BuildKit keeps it).
 */
import type { Finding, Rule } from './rule';
import { goQuote } from './rule';
import { freeName } from '../stageNaming';
import { renameStageEdits, stageOfFinding } from './scope';

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
      if (earlier === undefined) {
        first.set(stage.key, stage.index);
        continue;
      }
      findings.push({
        range: stage.nameRange,
        message: `Duplicate stage name ${goQuote(stage.key!)}, stage names should be unique`,
        data: { stageIndex: stage.index },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const stage = stageOfFinding(context.model, diagnostic);
    if (!stage?.name) return [];
    const name = freeName(context.model, stage.key!); // the key itself is taken: `<name>-2`, …
    return [
      {
        title: `Rename this stage to \`${name}\` (and the references that read it)`,
        isPreferred: true,
        edit: { changes: { [context.uri]: renameStageEdits(context.model, stage.index, name) } },
      },
    ];
  },
};
