/**
 * BuildKit's MaintainerDeprecated (instructions/parse.go): every MAINTAINER instruction, on its
 * line, with BuildKit's message. Quick fix: the OCI label BuildKit's docs suggest instead,
 * `LABEL org.opencontainers.image.authors="<what MAINTAINER said>"`.
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';

export const maintainerDeprecated: Rule = {
  id: 'maintainer-deprecated',
  buildkit: 'MaintainerDeprecated',
  defaultSeverity: 'warning',
  summary: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      const author = instruction.args.map((word) => word.value).join(' ');
      findings.push({ range: instruction.range, message: 'Maintainer instruction is deprecated in favor of using label', tags: [2], data: { author } });
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const author = (diagnostic.data as { author?: string } | undefined)?.author;
    if (author === undefined) return [];
    return [
      textFix(
        context,
        'Use LABEL org.opencontainers.image.authors',
        diagnostic.range,
        `LABEL org.opencontainers.image.authors=${JSON.stringify(author)}`,
        true,
      ),
    ];
  },
};
