import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { UNTRUSTED_LENS, untrustedLenses } from '../../../client/src/trust';
import { codeLenses } from '../../../server/src/features/codeLens';
import { Commands } from '../../../server/src/protocol';
import { fixture } from '../../helpers/context';

test("in an untrusted workspace each line's Build/Run lenses become one lens that says why and opens trust", () => {
  const lenses = codeLenses(fixture('stages')).map((l) => ({ range: l.range, command: { command: l.command!.command, title: l.command!.title } }));
  const replaced = untrustedLenses(lenses, [Commands.buildTarget, Commands.runTarget], (lens) => ({
    range: lens.range,
    command: { command: UNTRUSTED_LENS.command, title: UNTRUSTED_LENS.title },
  }));
  assert.ok(replaced.every((l) => l.command.command !== Commands.buildTarget && l.command.command !== Commands.runTarget));
  assert.deepEqual(
    replaced.map((l) => `${l.range.start.line}: ${l.command.title}`),
    [
      `3: ${UNTRUSTED_LENS.title}`,
      '3: BuildKit builds 1 of 5 stages',
      `8: ${UNTRUSTED_LENS.title}`,
      '8: needs base · BuildKit builds 2 of 5 stages',
      `12: ${UNTRUSTED_LENS.title}`,
      '12: skipped by BuildKit for the default target',
      '16: skipped by BuildKit for the default target',
      `19: ${UNTRUSTED_LENS.title}`,
      '19: needs base, Build · BuildKit builds 3 of 5 stages',
    ],
  );
  assert.equal(UNTRUSTED_LENS.command, 'workbench.trust.manage');
});
