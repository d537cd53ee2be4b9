/**
 * Stagecraft language server entry. Transport is picked from the command line by
 * vscode-languageserver: `--stdio` (VS Code's client and other editors), `--node-ipc`, `--socket`, `--pipe`.
 * The same file, started as a worker thread, is the baseline validator (see validator.ts).
 */
import { Console } from 'node:console';
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './wiring';
import { jsonEncoder } from './rawJson';
import { isValidatorWorker, runValidatorWorker } from './validator';

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
  // V8 optimizes a function once it has used up its interrupt budget (132 KB of bytecode run by
  // default). A parse runs once per document version, so in a session its code stayed unoptimized: a
  // parse of a 10k-line file after a keystroke took 25-40 ms in the server and 10 ms in a loop. An
  // eighth of the budget optimizes it after a few versions (measured: 12-13 ms; the hover after
  // typing 43-65 -> 20-23 ms). Set before any of our code has run; a flag given to node wins.
  if (!process.execArgv.some((arg) => arg.startsWith('--interrupt-budget'))) setFlagsFromString('--interrupt-budget=16384');
  // Over stdio, messages are written with our encoder, which writes a result that is JSON already as
  // it is (rawJson.ts); stdout is then the protocol's alone, so the console writes to stderr.
  const stdio = process.argv.includes('--stdio');
  if (stdio) globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  // stdin stays a stream: the library then ends the server when stdin ends. A writer where a stream
  // is typed is what the library accepts at run time (it takes either), hence the cast.
  const connection = stdio
    ? createConnection(ProposedFeatures.all, process.stdin, new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonEncoder }) as unknown as NodeJS.WritableStream)
    : createConnection(ProposedFeatures.all);
  // A client that refuses one of our requests (a message box, a refresh) must not bring the server
  // down: such rejections are logged, never fatal.
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  startServer(connection, __filename);
}

if (isValidatorWorker()) runValidatorWorker();
else main();
