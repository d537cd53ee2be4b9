/**
 * BuildKit's FromPlatformFlagConstDisallowed (dockerfile2llb/validations.go): `FROM --platform=` with
 * a constant (no variable) that parses as a platform, unless the stage's name contains its OS or
 * architecture (`AS build-amd64` says it is meant). Reported on the FROM, with BuildKit's message.
 * Quick fix: remove the flag (the stage then builds for the target platform).
 */
import type { Finding, Rule } from './rule';
import { goQuote, textFix } from './rule';
import { parsePlatform, platformFlag } from './platform-flag';

export const fromPlatformFlagConstDisallowed: Rule = {
  id: 'from-platform-flag-const-disallowed',
  buildkit: 'FromPlatformFlagConstDisallowed',
  defaultSeverity: 'warning',
  summary: 'FROM --platform with a constant value: the stage ignores the platform asked for.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      const flag = platformFlag(stage);
      const value = flag?.value?.replace(/^(["'])(.*)\1$/, '$2');
      if (!flag || !value || value.includes('$')) continue;
      const platform = parsePlatform(value);
      if (!platform) continue;
      const name = stage.key ?? '';
      if (name.includes(platform.os) || name.includes(platform.architecture)) continue;
      findings.push({
        range: stage.fromInstruction.range,
        message: `FROM --platform flag should not use constant value ${goQuote(value)}`,
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
