/**
 * A stage that runs as a non-root user and EXPOSEs a port below 1024. Binding such a port needs
 * CAP_NET_BIND_SERVICE unless the runtime lowers `net.ipv4.ip_unprivileged_port_start` (Docker 20.10+
 * does for its containers; Kubernetes and other runtimes do not by default). Suggest a high port,
 * passed to the app by ARG/ENV.
 */
import type { Rule } from './rule';
import { textFix } from './rule';
import { effectiveUser, ROOT_USER } from './root-user-in-shipped-stage';

export const privilegedPortNonRoot: Rule = {
  id: 'privileged-port-non-root',
  defaultSeverity: 'information',
  summary: 'A non-root stage EXPOSEs a port below 1024, which an unprivileged process cannot bind everywhere.',
  check({ model }) {
    const findings = [];
    for (const stage of model.stages) {
      if (stage.exposes.length === 0) continue;
      const who = effectiveUser(model, stage);
      if (who.windows) continue;
      const nonRoot = who.user ? !ROOT_USER.test(who.user.value) && !who.user.value.includes('$') : who.imageDefault === 'non-root';
      if (!nonRoot) continue;
      const user = who.user ? `\`USER ${who.user.value}\`` : `\`${who.image}\` (non-root by default)`;
      for (const word of stage.exposes) {
        const match = /^(\d+)(?:-\d+)?(?:\/\w+)?$/.exec(word.value);
        if (!match) continue;
        const port = Number(match[1]);
        if (port >= 1024 || port === 0) continue;
        const high = port + 8000;
        findings.push({
          range: word.range,
          message: `Port ${port} is below 1024, but this stage runs as ${user}: the process cannot bind it without CAP_NET_BIND_SERVICE (Docker 20.10+ allows it, Kubernetes and other runtimes do not by default). Listen on a high port such as ${high}, passed to the app with ARG/ENV (e.g. \`ENV PORT=${high}\`), and map it when running.`,
          data: word.value.includes('-') ? undefined : { replacement: word.value.replace(/^\d+/, String(high)) },
        });
      }
    }
    return findings;
  },
  fixes(context, diagnostic) {
    const replacement = (diagnostic.data as { replacement?: string } | undefined)?.replacement;
    return replacement ? [textFix(context, `Expose ${replacement} instead (make the app listen there)`, diagnostic.range, replacement, true)] : [];
  },
};
