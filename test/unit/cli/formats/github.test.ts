/** `--format github`: workflow commands, with their data and properties escaped. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { escapeData, escapeProperty } from '../../../../server/src/cli/formats/github';
import { cli, folder, ERROR_AND_WARNING, CLEAN } from '../../../helpers/cli';

const root = folder({ Dockerfile: ERROR_AND_WARNING, 'app/clean.Dockerfile': CLEAN, 'odd, name%.Dockerfile': ERROR_AND_WARNING });

test('github escaping: % \\r \\n in messages; also : and , in properties', () => {
  assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
  assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  assert.equal(escapeData('%0A'), '%250A', 'an escape in the text is not read as one');
});

test('--format github: one workflow command per finding, at its position, with escaped properties', async () => {
  const { code, out } = await cli(['lint', '--format', 'github'], root);
  assert.equal(code, 1);
  const lines = out.trimEnd().split('\n');
  const commands = lines.filter((line) => line.startsWith('::'));
  assert.ok(
    commands.includes(
      '::error file=Dockerfile,line=2,col=13,endLine=2,endColumn=18,title=stagecraft later-stage-reference::COPY --from `later`: the stage `Later` (stage 1, line 3) is declared after this one (stage 0). A stage can only use stages declared before it: BuildKit fails the build and the classic builder pulls an image named `later`. Move Later above this one.',
    ),
    commands.join('\n'),
  );
  assert.ok(
    commands.some((line) => line.startsWith('::warning file=odd%2C name%25.Dockerfile,line=3,col=21,')),
    'the file name is escaped',
  );
  assert.ok(
    commands.some((line) => line.startsWith('::notice file=app/clean.Dockerfile,line=1,col=1,')),
    'info findings are notices',
  );
  assert.ok(
    commands.every((line) => /^::(error|warning|notice) file=[^:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=stagecraft [a-z-]+::[^\n\r]+$/.test(line)),
    commands.join('\n'),
  );
});
