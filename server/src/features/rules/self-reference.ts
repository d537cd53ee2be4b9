/**
 * A stage that copies or mounts from itself (`COPY --from=build` inside `build`, or `--from=N` with N
 * its own index). BuildKit fails with a circular dependency; the classic builder pulls an image.
 */
import type { Finding, Rule } from './rule';
import { REFERENCE_LABEL, describeStage } from './scope';

export const selfReference: Rule = {
  id: 'self-reference',
  defaultSeverity: 'error',
  summary: 'A stage copies or mounts from itself.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const reference of model.references) {
      const { target } = reference;
      const self =
        (target.kind === 'later-stage' && target.stageIndex === reference.fromStage) || (target.kind === 'bad-index' && target.index === reference.fromStage);
      if (!self) continue;
      const stage = model.stages[reference.fromStage];
      // The nearest earlier names (a bounded look back: a file may have thousands of stages).
      const earlier: string[] = [];
      for (let i = stage.index - 1; i >= 0 && i >= stage.index - 50 && earlier.length < 5; i--)
        if (model.stages[i].name !== undefined) earlier.unshift(`\`${model.stages[i].name}\``);
      const hint = earlier.length ? ` Earlier stages: ${earlier.join(', ')}.` : '';
      findings.push({
        range: reference.range,
        message: `${REFERENCE_LABEL[reference.kind]} \`${reference.text}\` is this stage itself, ${describeStage(stage)}: a stage cannot use its own files (BuildKit fails with a circular dependency).${hint}`,
      });
    }
    return findings;
  },
};
