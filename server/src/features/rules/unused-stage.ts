/**
 * A stage the default target (the last stage) never uses, directly or through other stages. BuildKit
 * skips it; the classic builder still runs it. Often on purpose (a test or lint stage built with
 * `--target`), so this is a hint, not a warning. A stage that a Compose service, a Dev Container or a
 * CI step builds (as its target or for it) is used: it is not reported.
 */
import { stagesBuiltOutside } from '../../analysis/outsideBuilds';
import type { Finding, Rule } from './rule';

export const unusedStage: Rule = {
  id: 'unused-stage',
  defaultSeverity: 'hint',
  summary: 'A stage the default target never uses: BuildKit skips it, the classic builder still runs it.',
  check({ model, env }) {
    const findings: Finding[] = [];
    const last = model.defaultTarget === undefined ? undefined : model.stages[model.defaultTarget];
    if (!last) return findings;
    const target = last.name !== undefined ? `\`${last.name}\`` : `stage ${last.index}`;
    const outside = env.builds?.length ? stagesBuiltOutside(model, env.builds) : undefined;
    for (const index of model.skippedByDefault) {
      const stage = model.stages[index];
      if (index === model.defaultTarget || outside?.has(index)) continue;
      const how = stage.name !== undefined ? `Build it with \`--target ${stage.name}\`.` : 'Name it (`AS <name>`) to build it with `--target`.';
      findings.push({
        range: stage.nameRange ?? stage.baseRange,
        message: `${stage.name !== undefined ? `Stage \`${stage.name}\`` : `Stage ${index} (\`FROM ${stage.baseText}\`)`} is not used by the default target ${target}: BuildKit skips it; the classic builder still runs it. ${how}`,
      });
    }
    return findings;
  },
};
