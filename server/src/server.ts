/**
 * Stagecraft language server entry. Transport is picked from the command line by
 * vscode-languageserver: `--stdio` (VS Code's client and other editors), `--node-ipc`, `--socket`, `--pipe`.
 */
import { Console } from 'node:console';
import { format } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './wiring';
import { FramedMessageWriter } from './messageWriter';

declare const STAGECRAFT_VERSION: string;

function main(): void {
  if (process.argv.includes('--version')) {
    process.stdout.write(`stagecraft-language-server ${typeof STAGECRAFT_VERSION === 'string' ? STAGECRAFT_VERSION : 'dev'}\n`);
    process.exit(0);
  }
  if (!['--stdio', '--node-ipc', '--socket', '--pipe'].some((flag) => process.argv.some((arg) => arg.startsWith(flag)))) {
    process.stderr.write('Usage: stagecraft-language-server --stdio\n');
    process.exit(2);
  }
  // V8 optimizes a function once it has used up its interrupt budget (bytecode run, in Node 20's
  // V8 11). A parse runs once per document version, so in a session its code stayed unoptimized and
  // a parse after a keystroke was much slower in the server than in a loop. A quarter of the budget
  // optimizes it after a few versions. Newer V8 tiers up through Maglev early by itself and has no
  // such flag, so it is set on V8 11 only; a budget given to node wins. Figures: docs/performance.md.
  const v8Major = Number(process.versions.v8.split('.')[0]);
  if (v8Major <= 11 && !process.execArgv.some((arg) => /^--interrupt[-_]budget=/.test(arg))) setFlagsFromString('--interrupt-budget=16384');
  // Over stdio, messages are written by our writer, one write each, framed by rawJson.ts `framed`,
  // which writes a result that is JSON already as it is (messageWriter.ts); stdout is then the
  // protocol's alone, so the console writes to stderr.
  const stdio = process.argv.includes('--stdio');
  if (stdio) globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr }); // until the connection is up
  // stdin stays a stream: the library then ends the server when stdin ends. A writer where a stream
  // is typed is what the library accepts at run time (it takes either), hence the cast.
  const connection = stdio
    ? createConnection(ProposedFeatures.all, process.stdin, new FramedMessageWriter(process.stdout) as unknown as NodeJS.WritableStream)
    : createConnection(ProposedFeatures.all);
  // Over stdio the console goes to the client's log, as vscode-languageserver does for its own stdio.
  if (stdio) {
    const send =
      (to: (message: string) => void) =>
      (...args: unknown[]) =>
        to(format(...args));
    console.log = console.info = send((message) => connection.console.log(message));
    console.debug = send((message) => connection.console.log(message));
    console.warn = send((message) => connection.console.warn(message));
    console.error = send((message) => connection.console.error(message));
  }
  // A client that refuses one of our requests (a message box, a refresh) must not bring the server
  // down: such rejections are logged, never fatal.
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  startServer(connection);
}

main();
