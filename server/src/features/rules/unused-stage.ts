/**
 * A stage the default target (the last stage) never uses, directly or through other stages. BuildKit
 * skips it; the classic builder still runs it. Often on purpose (a test or lint stage built with
 * `--target`), so this is a hint, not a warning.
 */
import type { Finding, Rule } from './rule';

export const unusedStage: Rule = {
  id: 'unused-stage',
  defaultSeverity: 'hint',
  summary: 'A stage the default target never uses: BuildKit skips it, the classic builder still runs it.',
  check({ model }) {
    const findings: Finding[] = [];
    const last = model.defaultTarget === undefined ? undefined : model.stages[model.defaultTarget];
    if (!last) return findings;
    const target = last.name !== undefined ? `\`${last.name}\`` : `stage ${last.index}`;
    for (const index of model.skippedByDefault) {
      const stage = model.stages[index];
      if (index === model.defaultTarget) continue;
      const how = stage.name !== undefined ? `Build it with \`--target ${stage.name}\`.` : 'Name it (`AS <name>`) to build it with `--target`.';
      findings.push({
        range: stage.nameRange ?? stage.baseRange,
        message: `${stage.name !== undefined ? `Stage \`${stage.name}\`` : `Stage ${index} (\`FROM ${stage.baseText}\`)`} is not used by the default target ${target}: BuildKit skips it; the classic builder still runs it. ${how}`,
      });
    }
    return findings;
  },
};
