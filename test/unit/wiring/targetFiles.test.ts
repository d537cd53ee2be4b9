import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/analysis/cache';
import { SettingsStore } from '../../../server/src/settings';
import { FeatureContexts } from '../../../server/src/wiring/contexts';
import { BuildResults } from '../../../server/src/wiring/buildResults';
import { Builders } from '../../../server/src/wiring/builders';
import { TargetIndex } from '../../../server/src/targets/index';
import { TargetFileContexts } from '../../../server/src/wiring/targetFiles';
import { targetFixtures } from '../../helpers/targets';

const app = join(targetFixtures, 'app');
const uri = (file: string) => pathToFileURL(join(app, file)).href;

/** Open documents as the server has them: TextDocuments fed by didOpen notifications. */
function openDocuments(): { documents: TextDocuments<TextDocument>; open: (file: string, text: string) => void } {
  const documents = new TextDocuments(TextDocument);
  let onOpen: (event: unknown) => void = () => undefined;
  const none = () => ({ dispose: () => undefined });
  documents.listen({
    onDidOpenTextDocument: (handler: (event: unknown) => void) => ((onOpen = handler), none()),
    onDidChangeTextDocument: none,
    onDidCloseTextDocument: none,
    onWillSaveTextDocument: none,
    onWillSaveTextDocumentWaitUntil: none,
    onDidSaveTextDocument: none,
  } as unknown as Connection);
  return { documents, open: (file, text) => onOpen({ textDocument: { uri: uri(file), languageId: 'yaml', version: 1, text } }) };
}

describe('wiring/targetFiles', () => {
  it('routes only the targets files, and only the requests they answer', () => {
    const { documents } = openDocuments();
    const targets = new TargetIndex();
    targets.setFolders([app]);
    const files = new TargetFileContexts(
      documents,
      new FeatureContexts(documents, new ModelCache(), new SettingsStore({} as Connection), new BuildResults(), new Builders()),
      targets,
    );
    assert.equal(files.handles(uri('compose.yaml')), true);
    assert.equal(files.handles(uri('.github/workflows/ci.yml')), true);
    assert.equal(files.handles(uri('Dockerfile')), false);
    assert.equal(files.handles('untitled:compose.yaml'), false);
    assert.deepEqual(
      ['completion', 'hover', 'definition', 'codeAction', 'documentSymbol', 'formatting', 'codeLens', 'toString'].map(
        (name) => files.feature(name) !== undefined,
      ),
      [true, true, true, true, false, false, false, false],
    );
  });

  it('gives a file’s builds with the Dockerfiles they mean, each parsed once per modification', async () => {
    const { documents, open } = openDocuments();
    const targets = new TargetIndex(); // reads compose.yaml from disk
    targets.setFolders([app]);
    const files = new TargetFileContexts(
      documents,
      new FeatureContexts(documents, new ModelCache(), new SettingsStore({} as Connection), new BuildResults(), new Builders()),
      targets,
    );
    open('compose.yaml', 'services: {}\n'); // open, so it has features
    const context = (await files.get(uri('compose.yaml')))!;
    assert.equal(context.refs.length, 8);
    assert.deepEqual([...context.dockerfiles.keys()].sort(), [join(app, 'Dockerfile'), join(app, 'services/api/docker/Api.Dockerfile')]);
    assert.equal(files.counters.diskParses, 2);
    await files.get(uri('compose.yaml'));
    assert.equal(files.counters.diskParses, 2, 'unchanged Dockerfiles are not parsed again');
    // An open Dockerfile: its cached model (the editor's text), no disk read.
    open('Dockerfile', 'FROM alpine AS only\n');
    const withOpen = (await files.get(uri('compose.yaml')))!;
    assert.deepEqual(
      withOpen.dockerfiles.get(join(app, 'Dockerfile'))!.model.stages.map((s) => s.name),
      ['only'],
    );
    assert.equal(files.counters.diskParses, 2);
    assert.equal(await files.get(uri('azure-pipelines.yml')), undefined, 'not open');
  });
});
