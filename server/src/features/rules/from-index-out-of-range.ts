/**
 * `--from=<n>` (or mount `from=<n>`) where n is not the index of an earlier stage: indexes count the
 * FROM lines from 0, and a stage can only use the stages before it. BuildKit fails every target.
 * (n equal to the stage's own index is `self-reference`.)
 */
import type { Finding, Rule } from './rule';
import { REFERENCE_LABEL } from './scope';

export const fromIndexOutOfRange: Rule = {
  id: 'from-index-out-of-range',
  defaultSeverity: 'error',
  summary: 'A --from=<index> or mount from=<index> is not the index of an earlier stage.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const reference of model.references) {
      const { target } = reference;
      if (target.kind !== 'bad-index' || target.index === reference.fromStage) continue;
      const count = reference.fromStage;
      const allowed =
        count === 0
          ? 'no stage comes before this one (stage 0), so it cannot use an index at all'
          : count === 1
            ? 'only stage 0 comes before this one, so the only valid index is 0'
            : `${count} stages come before this one (stage ${count}), so valid indexes are 0 to ${count - 1}`;
      const where =
        target.index < model.stages.length
          ? `stage ${target.index} is declared later`
          : `the file has ${model.stages.length} stage${model.stages.length === 1 ? '' : 's'}`;
      findings.push({
        range: reference.range,
        message: `${REFERENCE_LABEL[reference.kind]} index ${target.index} is out of range: ${where}, and ${allowed}. BuildKit fails the build.`,
      });
    }
    return findings;
  },
};
