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
  startServer(createConnection(ProposedFeatures.all), __filename);
}

if (isValidatorWorker()) runValidatorWorker();
else main();
