/**
 * Stage names should be lowercase (BuildKit StageNameCasing). Docker matches them case-insensitively,
 * but `FROM Build` fails in BuildKit ("repository name must be lowercase") and image references are
 * lowercase everywhere else. Reports a declaration with capitals, and a `FROM <stage>` written with
 * capitals when the declaration is lowercase. The fix lowercases the declaration and every reference.
 */
import type { Finding, Rule } from './rule';
import { renameStageEdits, stageOfFinding } from './scope';

export const stageNameCasing: Rule = {
  id: 'stage-name-casing',
  buildkit: 'StageNameCasing',
  defaultSeverity: 'warning',
  summary: 'A stage name is not lowercase.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (stage.name === undefined || !stage.nameRange || stage.name === stage.key) continue;
      findings.push({
        range: stage.nameRange,
        message: `Stage name '${stage.name}' should be lowercase`,
        data: { stageIndex: stage.index },
      });
    }
    for (const reference of model.references) {
      const { target } = reference;
      if (reference.kind !== 'from' || target.kind !== 'stage' || reference.text.includes('$') || reference.text === reference.text.toLowerCase()) continue;
      const stage = model.stages[target.stageIndex];
      if (stage.name !== stage.key) continue; // the declaration's own finding and fix cover this reference
      findings.push({
        range: reference.range,
        message: `FROM \`${reference.text}\`: write the stage name in lowercase (\`${stage.key}\`); BuildKit reads a FROM with capitals as an image reference and fails ("repository name must be lowercase").`,
        data: { stageIndex: stage.index },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const stage = stageOfFinding(context.model, diagnostic);
    if (!stage?.key) return [];
    return [
      {
        title: `Write the stage name in lowercase: \`${stage.key}\` (declaration and references)`,
        isPreferred: true,
        edit: { changes: { [context.uri]: renameStageEdits(context.model, stage.index, stage.key) } },
      },
    ];
  },
};
