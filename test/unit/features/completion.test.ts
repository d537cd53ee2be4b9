import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { completion } from '../../../server/src/features/completion';
import { URI, contextOf, fixture } from '../../helpers/context';

const textDocument = { uri: URI };

test('after --from= only earlier stages are offered, nearest first, with their base', async () => {
  const context = fixture('stages');
  // line 19 is `FROM scratch AS final`; line 20 `COPY --from=BUILD ...`: put the cursor after `--from=`
  const items = await completion(context, { textDocument, position: { line: 20, character: 12 } });
  assert.deepEqual(
    items.map((i) => i.label),
    ['base', 'Build', 'test', '3'],
  );
  assert.equal(items[1].detail, 'stage 1 · FROM base');
  assert.deepEqual(items[0].textEdit, { range: { start: { line: 20, character: 12 }, end: { line: 20, character: 12 } }, newText: 'base' });
});

test('in a stage, its own name and later stages are not offered', async () => {
  const context = fixture('stages');
  // line 9 is `COPY . .` inside stage Build: type `--from=` there
  const edited = context.document.getText().split('\n');
  edited[9] = 'COPY --from=';
  const items = await completion(contextOf(edited.join('\n')), { textDocument, position: { line: 9, character: 12 } });
  assert.deepEqual(
    items.map((i) => i.label),
    ['base'],
  );
});

test('in FROM, named earlier stages come first and baseline items stay', async () => {
  const context = contextOf('FROM alpine AS one\nFROM scratch\nFROM o');
  const items = await completion(context, { textDocument, position: { line: 2, character: 6 } });
  assert.equal(items[0].label, 'one');
  assert.deepEqual((items[0].textEdit as { range: unknown }).range, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
  assert.equal(items.filter((i) => i.label === 'one').length, 1);
});
