/** Entry point for both runners (@vscode/test-electron and code-server): the `run()` contract. */
import { runAll } from './harness';
import './extension.test';
import './build.test';
import './destination.test';

export function run(): Promise<void> {
  return runAll('integration');
}
