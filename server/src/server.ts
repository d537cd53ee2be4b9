/**
 * Stagecraft language server entry. Transport is picked from the command line by
 * vscode-languageserver: `--stdio` for other editors, `--node-ipc` from the VS Code client.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './wiring';

declare const STAGECRAFT_VERSION: string;

if (process.argv.includes('--version')) {
  process.stdout.write(`stagecraft-language-server ${typeof STAGECRAFT_VERSION === 'string' ? STAGECRAFT_VERSION : 'dev'}\n`);
  process.exit(0);
}
if (!['--stdio', '--node-ipc', '--socket', '--pipe'].some((flag) => process.argv.some((arg) => arg.startsWith(flag)))) {
  process.stderr.write('Usage: stagecraft-language-server --stdio\n');
  process.exit(2);
}

startServer(createConnection(ProposedFeatures.all));
