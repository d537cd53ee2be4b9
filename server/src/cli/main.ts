/**
 * Entry point of `dist/cli.js`, the `stagecraft` command (see docs/cli.md). Everything it does is in
 * run.ts; this file binds it to the process. The exit code is set, not forced, so output written to
 * a pipe is flushed first.
 */
import { processIO } from './io';
import { run } from './run';

declare const STAGECRAFT_VERSION: string;

const version = typeof STAGECRAFT_VERSION === 'string' ? STAGECRAFT_VERSION : 'dev';
// `stagecraft lint | head`: the reader went away; stop quietly instead of dying on EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
void run(process.argv.slice(2), processIO(), version).then((code) => {
  process.exitCode = code;
});
