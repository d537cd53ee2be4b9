/** Signature help (the baseline's, on the stage around the cursor): an instruction's forms as it is typed. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { signatureHelp } from '../../../server/src/features/signatureHelp';
import { URI, contextOf } from '../../helpers/context';

const textDocument = { uri: URI };

test("after COPY, both of COPY's forms are offered", () => {
  const context = contextOf('FROM alpine\nCOPY --\n');
  const help = signatureHelp(context, { textDocument, position: { line: 1, character: 7 } });
  assert.deepEqual(
    help?.signatures.map((signature) => signature.label),
    ['COPY [flags] source ... dest', 'COPY [flags] [ "source", ..., "dest" ]'],
  );
});

test('inside a keyword there is no signature', () => {
  const context = contextOf('FROM alpine\n');
  assert.deepEqual(signatureHelp(context, { textDocument, position: { line: 0, character: 2 } })?.signatures ?? [], []);
});
