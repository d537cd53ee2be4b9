/** The one Dockerfile `plan` and `graph` read: its FeatureContext, built as the server builds it, or a UsageError. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseLines } from '../analysis/parse';
import { splitLines } from '../analysis/scanner';
import type { FeatureContext } from '../features/context';
import { readDockerfile } from './lintFile';
import { UsageError, type CliIO } from './io';
import type { StagecraftSettings } from '../settings';

export function contextForFile(arg: string | undefined, io: CliIO, settings: StagecraftSettings): FeatureContext {
  if (arg === undefined) throw new UsageError('which Dockerfile? (a path is required)');
  const path = resolve(io.cwd, arg);
  const read = readDockerfile(path);
  if ('error' in read) throw new UsageError(`${arg}: ${read.error}`);
  const uri = pathToFileURL(path).href;
  return {
    document: TextDocument.create(uri, 'dockerfile', 1, read.text),
    model: parseLines(splitLines(read.text), { buildArgs: settings.buildArgs }),
    settings,
  };
}
