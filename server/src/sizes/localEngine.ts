/**
 * Sizes of images the local Docker engine has: `docker image inspect` run with execFile and an
 * argument list (no shell), a timeout and a bounded output. These are UNCOMPRESSED sizes.
 */
import { execFile } from 'node:child_process';

export type LocalImage =
  /** `platform`: os/architecture[/variant] as the engine states them (`variant` empty when it has none). */
  | { state: 'present'; bytes: number; platform: string }
  | { state: 'absent' }
  /** The docker CLI is missing or the engine does not answer. */
  | { state: 'unavailable'; reason: string };

/** Only what Docker accepts as a reference reaches the command line (and never as an option: `--` ends them). */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,511}$/;

export function inspectLocalImage(dockerPath: string, reference: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<LocalImage> {
  if (!REFERENCE.test(reference)) return Promise.resolve({ state: 'absent' });
  return new Promise((resolve) => {
    execFile(
      dockerPath,
      ['image', 'inspect', '--format', '{{.Size}} {{.Os}}/{{.Architecture}} {{.Variant}}', '--', reference],
      { timeout: options.timeoutMs ?? 5000, maxBuffer: 64 * 1024, env: options.env ?? process.env, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'EACCES') return resolve({ state: 'unavailable', reason: `${dockerPath} not found` });
          if ((error as { killed?: boolean }).killed) return resolve({ state: 'unavailable', reason: 'docker did not answer in time' });
          if (/no such (image|object)/i.test(String(stderr))) return resolve({ state: 'absent' });
          return resolve({ state: 'unavailable', reason: String(stderr).trim().split('\n')[0]?.slice(0, 200) || `exit ${String(code)}` });
        }
        const match = /^(\d+) (\S+)(?: (\S+))?/.exec(String(stdout).trim());
        if (!match) return resolve({ state: 'unavailable', reason: 'unexpected docker output' });
        resolve({ state: 'present', bytes: Number(match[1]), platform: match[3] ? `${match[2]}/${match[3]}` : match[2] });
      },
    );
  });
}
