/**
 * `AS scratch` or `AS context`: BuildKit reserves these words. `scratch` always means the empty image
 * (`FROM scratch` never reads a stage of that name); `context` is the name of the build context for
 * `--build-context` and `COPY --from`. The quick fix renames the stage and its references.
 * The words are a Map: a stage name is text from the file, and `constructor` or `__proto__` must
 * not find what every plain object inherits.
 */
import type { Finding, Rule } from './rule';
import { goQuote } from './rule';
import { freeName } from '../stageNaming';
import { renameStageEdits, stageOfFinding } from './scope';

const RESERVED: ReadonlyMap<string, string> = new Map([
  ['scratch', '`FROM scratch` always means the empty base image, never a stage of that name'],
  ['context', '`context` names the build context (`--build-context`), so references to this stage are ambiguous'],
]);

export const reservedStageName: Rule = {
  id: 'reserved-stage-name',
  buildkit: 'ReservedStageName',
  defaultSeverity: 'warning',
  summary: 'A stage is named with a reserved word (scratch, context).',
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      const why = stage.key === undefined ? undefined : RESERVED.get(stage.key);
      if (why === undefined || !stage.nameRange) continue;
      findings.push({
        range: stage.nameRange,
        message: `Stage name should not use the same name as reserved stage ${goQuote(stage.key!)}`,
        data: { stageIndex: stage.index },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const stage = stageOfFinding(context.model, diagnostic);
    if (!stage?.key) return [];
    const name = freeName(context.model, `${stage.key}-stage`);
    return [
      {
        title: `Rename this stage to \`${name}\` (and the references that read it)`,
        isPreferred: true,
        edit: { changes: { [context.uri]: renameStageEdits(context.model, stage.index, name) } },
      },
    ];
  },
};
