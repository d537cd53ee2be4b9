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
    // FROM resolves to the latest earlier stage of a name, so an image base means no earlier stage has
    // the name: the first stage of that name (if any) is a later one.
    const firstByKey = new Map<string, number>();
    for (const stage of model.stages) if (stage.key !== undefined && !firstByKey.has(stage.key)) firstByKey.set(stage.key, stage.index);
    for (const stage of model.stages) {
      if (stage.base.kind !== 'image' || stage.baseText.includes('$')) continue;
      const raw = stage.base.image.raw.toLowerCase();
      if (!/^[a-z][a-z0-9_-]*$/.test(raw)) continue;
      const first = firstByKey.get(raw);
      const later = first !== undefined && first > stage.index ? model.stages[first] : undefined;
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
