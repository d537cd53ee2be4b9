/**
 * `COPY --from=0` (or mount `from=0`): a stage used by its index. It works, but inserting or removing a
 * stage above silently changes what is copied, and a reader has to count FROM lines. The quick fix
 * names the stage when it has no name (`AS stage-N`) and writes the name in every index reference.
 */
import type { Finding, Rule } from './rule';
import { REFERENCE_LABEL, stageOfFinding } from './scope';
import { nameStageEdits } from '../stageNaming';

export const copyFromIndex: Rule = {
  id: 'copy-from-index',
  defaultSeverity: 'information',
  summary: 'A stage is used by its index (--from=0) instead of a name.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const reference of model.references) {
      const { target } = reference;
      if (target.kind !== 'stage' || !/^\d+$/.test(reference.text)) continue;
      const stage = model.stages[target.stageIndex];
      const advice = stage.name !== undefined ? `use its name \`${stage.name}\`` : 'name it (`AS <name>`) and use the name';
      findings.push({
        range: reference.range,
        message: `${reference.kind === 'mount' ? 'RUN --mount from' : REFERENCE_LABEL[reference.kind]}=${reference.text} uses stage ${stage.index} (\`FROM ${stage.baseText}\`, line ${stage.fromInstruction.range.start.line + 1}) by its index: adding or removing a stage above it changes what this reads. ${advice[0].toUpperCase()}${advice.slice(1)}.`,
        data: { stageIndex: stage.index },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const stage = stageOfFinding(context.model, diagnostic);
    if (!stage) return [];
    const { name, edits } = nameStageEdits(context.model, stage.index);
    const title =
      stage.name !== undefined
        ? `Use the stage name \`${name}\` instead of index ${stage.index}`
        : `Name stage ${stage.index} \`${name}\` and use the name instead of its index`;
    return [{ title, isPreferred: true, edit: { changes: { [context.uri]: edits } } }];
  },
};
