/**
 * EXPOSE words read as BuildKit's `parsePort` reads them (dockerfile2llb/convert_expose.go):
 * `[ip:][hostPort:]containerPort[/proto]`, split at every `:` (more than three parts: the IP is all
 * but the last two). A word whose container part has no port or an unknown protocol fails the build
 * in BuildKit, before any check on that word or the words after it: the walk stops there. Words with
 * a variable are skipped (their value is not known here).
 */
import type { Instruction, Word } from '../../analysis/model';

export interface ExposedPort {
  word: Word;
  /** The word without quotes, as BuildKit sees it after expansion. */
  raw: string;
  ip: string;
  hostPort: string;
  /** The container port (or range), without the protocol. */
  containerPort: string;
  /** As written; empty for none (tcp). */
  proto: string;
}

const PROTOCOLS = new Set(['', 'tcp', 'udp', 'sctp']);

export function exposedPorts(instruction: Instruction): ExposedPort[] {
  const result: ExposedPort[] = [];
  for (const word of instruction.args) {
    if (word.value.includes('$')) continue;
    const raw = word.value.replace(/["']/g, '');
    const parts = raw.split(':');
    const n = parts.length;
    const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
    const hostPort = n >= 2 ? parts[n - 2] : '';
    const container = parts[n - 1];
    const slash = container.indexOf('/');
    const containerPort = slash < 0 ? container : container.slice(0, slash);
    const proto = slash < 0 ? '' : container.slice(slash + 1);
    if (containerPort === '' || !PROTOCOLS.has(proto.toLowerCase())) break; // BuildKit: invalid port, the build fails here
    result.push({ word, raw, ip, hostPort, containerPort, proto });
  }
  return result;
}
