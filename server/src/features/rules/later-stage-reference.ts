/**
 * `COPY --from=test`, `RUN --mount=…,from=test` or `FROM test` where `test` is a stage declared
 * further down. A stage can only use stages declared before it: current BuildKit fails the build,
 * older BuildKit used only the later stage's base image, the classic builder pulls an image `test`.
 * (A stage naming itself is `self-reference`.)
 */
import type { Finding, Rule } from './rule';
import { REFERENCE_LABEL, describeStage } from './scope';

export const laterStageReference: Rule = {
  id: 'later-stage-reference',
  defaultSeverity: 'error',
  summary: 'A --from, mount from= or FROM names a stage that is declared later in the file.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const reference of model.references) {
      const { target } = reference;
      if (target.kind !== 'later-stage' || target.stageIndex === reference.fromStage) continue;
      const later = model.stages[target.stageIndex];
      findings.push({
        range: reference.range,
        message: `${REFERENCE_LABEL[reference.kind]} \`${reference.text}\`: the stage ${describeStage(later)} is declared after this one (stage ${reference.fromStage}). A stage can only use stages declared before it: BuildKit fails the build and the classic builder pulls an image named \`${reference.text}\`. Move ${later.name ?? 'that stage'} above this one.`,
      });
    }
    // FROM only resolves to earlier stages: a bare FROM name that matches a later stage is pulled as an image.
    const lastByKey = new Map<string, number>();
    for (const stage of model.stages) if (stage.key !== undefined) lastByKey.set(stage.key, stage.index);
    for (const stage of model.stages) {
      if (stage.base.kind !== 'image' || stage.baseText.includes('$')) continue;
      const raw = stage.base.image.raw.toLowerCase();
      if (!/^[a-z][a-z0-9_-]*$/.test(raw)) continue;
      // FROM resolves to the latest earlier stage of a name, so an image base means no earlier stage has it: the first later one is meant.
      const last = lastByKey.get(raw);
      const later = last !== undefined && last > stage.index ? model.stages.slice(stage.index + 1).find((s) => s.key === raw) : undefined;
      // `FROM nginx AS nginx` further down names a stage after the image it pulls: `FROM nginx` here means the image.
      if (!later || (later.base.kind === 'image' && later.base.image.path.split('/').pop() === raw)) continue;
      findings.push({
        range: stage.baseRange,
        message: `FROM \`${stage.baseText}\`: the stage ${describeStage(later)} is declared after this one, and FROM only sees earlier stages, so an image named \`${stage.baseText}\` is pulled instead. Move ${later.name} above this stage.`,
      });
    }
    return findings;
  },
};
