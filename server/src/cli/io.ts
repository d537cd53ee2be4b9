/**
 * What a CLI command gets from the process, so tests can run commands in-process: the folder,
 * the environment, and the two output streams. Exit codes and the error for bad usage live here too.
 */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Is stdout a terminal (colours in the tty format)? */
  isTTY: boolean;
}

/** 0: clean; 1: findings at or above `--fail-on`; 2: bad usage, unreadable input or an internal error. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** Wrong arguments or an input that cannot be read: printed as `stagecraft: <message>`, exit 2. */
export class UsageError extends Error {}

export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
  };
}
