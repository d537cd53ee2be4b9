/**
 * Stagecraft language server entry. Transport is picked from the command line by
 * vscode-languageserver: `--stdio` for other editors, `--node-ipc` from the VS Code client.
 * The same file, started as a worker thread, is the baseline validator (see validator.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './wiring';
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
  const connection = createConnection(ProposedFeatures.all);
  // A client that refuses one of our requests (a message box, a refresh) must not bring the server
  // down: such rejections are logged, never fatal.
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${(reason as Error)?.stack ?? reason}`));
  startServer(connection, __filename);
}

if (isValidatorWorker()) runValidatorWorker();
else main();
