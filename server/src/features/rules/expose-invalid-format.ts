/**
 * BuildKit's ExposeInvalidFormat: an EXPOSE port with an IP address or a host port
 * (`127.0.0.1:80:80`, `8080:80`). EXPOSE only documents the container's port; publishing is
 * `docker run -p`. Reported on the EXPOSE line, one finding per such port, with BuildKit's message;
 * the quick fix keeps the container port (and protocol).
 */
import type { Finding, Rule } from './rule';
import { textFix } from './rule';
import { exposedPorts } from './expose-ports';

export const exposeInvalidFormat: Rule = {
  id: 'expose-invalid-format',
  buildkit: 'ExposeInvalidFormat',
  defaultSeverity: 'warning',
  summary: 'An EXPOSE port has an IP address or a host port, which EXPOSE ignores.',
  check({ model }) {
    const findings: Finding[] = [];
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const port of exposedPorts(instruction)) {
        if (port.ip === '' && port.hostPort === '') continue;
        const container = port.containerPort + (port.proto ? `/${port.proto}` : '');
        findings.push({
          range: port.word.range,
          message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${port.raw}'`,
          data: { container },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const container = (diagnostic.data as { container?: string } | undefined)?.container;
    return container ? [textFix(context, `Expose only the container port ${container}`, diagnostic.range, container, true)] : [];
  },
};
