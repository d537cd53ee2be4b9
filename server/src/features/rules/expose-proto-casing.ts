/**
 * BuildKit's ExposeProtoCasing: an EXPOSE port whose protocol is not lowercase (`80/TCP`). Reported
 * on the EXPOSE line, one finding per such port, with BuildKit's message; the quick fix lowercases it.
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';
import { exposedPorts } from './expose-ports';

export const exposeProtoCasing: Rule = {
  id: 'expose-proto-casing',
  buildkit: 'ExposeProtoCasing',
  defaultSeverity: 'information',
  summary: 'The protocol of an EXPOSE port is not lowercase (80/TCP).',
  check({ model }) {
    const findings: Finding[] = [];
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const port of exposedPorts(instruction)) {
        if (port.proto === port.proto.toLowerCase()) continue;
        findings.push({
          range: port.word.range,
          message: `Defined protocol '${port.raw}' in EXPOSE instruction should be lowercase`,
          data: { lower: port.word.value.replace(`/${port.proto}`, `/${port.proto.toLowerCase()}`) },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const lower = (diagnostic.data as { lower?: string } | undefined)?.lower;
    return lower ? [textFix(context, `Write ${lower}`, diagnostic.range, lower, true)] : [];
  },
};
