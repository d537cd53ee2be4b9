/**
 * BuildKit's RedundantTargetPlatform (dockerfile2llb/validations.go): `FROM --platform=$TARGETPLATFORM`
 * (or `${TARGETPLATFORM}`, or a default modifier that still yields its value): the only variable is
 * TARGETPLATFORM and the result is its value, which is what FROM uses anyway. Reported on the FROM,
 * with BuildKit's message. Quick fix: remove the flag.
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';
import { platformFlag } from './platform-flag';

const REDUNDANT = /^\$(?:TARGETPLATFORM|\{TARGETPLATFORM(?::?-[^}]*)?\})$/;

export const redundantTargetPlatform: Rule = {
  id: 'redundant-target-platform',
  buildkit: 'RedundantTargetPlatform',
  defaultSeverity: 'information',
  summary: 'FROM --platform=$TARGETPLATFORM is the default: the flag is redundant.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      const flag = platformFlag(stage);
      if (!flag?.value || !REDUNDANT.test(flag.value)) continue;
      findings.push({
        range: stage.fromInstruction.range,
        message: `Setting platform to predefined ${flag.value} in FROM is redundant as this is the default behavior`,
        tags: [1],
        data: { start: flag.range.start, end: { line: flag.range.end.line, character: flag.range.end.character + 1 } },
      });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const data = diagnostic.data as { start?: { line: number; character: number }; end?: { line: number; character: number } } | undefined;
    return data?.start && data.end ? [textFix(context, 'Remove the --platform flag', { start: data.start, end: data.end }, '', true)] : [];
  },
};
