import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/analysis/parse';
import { buildersText, stagesBuiltOutside, targetStage, targetedStages } from '../../../server/src/analysis/outsideBuilds';
import { ruleDiagnostics } from '../../../server/src/features/diagnostics';
import { contextOf } from '../../helpers/context';

const TEXT = 'FROM alpine AS base\nFROM base AS deps\nFROM deps AS Lint\nFROM base AS test\nFROM alpine AS docs\nFROM alpine AS lint\nFROM base AS final\n';

describe('outsideBuilds', () => {
  it('finds a target’s stage as BuildKit does: any case, the last of equal names', () => {
    const model = parseDockerfile(TEXT);
    assert.equal(targetStage(model, 'TEST'), 3);
    assert.equal(targetStage(model, 'lint'), 5);
    assert.equal(targetStage(model, 'nope'), undefined);
  });

  it('maps builds to their stages (none: the default target) and walks what they need', () => {
    const model = parseDockerfile(TEXT);
    const builds = [
      { target: 'deps', label: 'Compose service `a`' },
      { target: 'deps', label: 'Compose service `a`' },
      { label: 'Dev Container' },
      { target: 'missing', label: 'CI' },
    ];
    assert.deepEqual(
      [...targetedStages(model, builds)],
      [
        [1, ['Compose service `a`']],
        [6, ['Dev Container']],
      ],
    );
    assert.deepEqual([...stagesBuiltOutside(model, builds)].sort(), [0, 1, 6]);
  });

  it('lists the first builders and counts the rest', () => {
    assert.equal(buildersText(['a', 'b']), 'a, b');
    assert.equal(buildersText(['a', 'b', 'c', 'd', 'e']), 'a, b, c +2 more');
  });

  it('keeps unused-stage quiet for stages built outside the file, and for what they need', () => {
    const context = contextOf(TEXT);
    const unused = (env: Parameters<typeof ruleDiagnostics>[1]) =>
      ruleDiagnostics(context, env)
        .filter((d) => d.code === 'unused-stage')
        .map((d) => d.range.start.line);
    assert.deepEqual(unused({}), [1, 2, 3, 4, 5]);
    assert.deepEqual(unused({ builds: [{ target: 'Lint', label: 'CI' }] }), [1, 2, 3, 4]);
    assert.deepEqual(
      unused({
        builds: [
          { target: 'lint', label: 'CI' },
          { target: 'test', label: 'Compose service `t`' },
        ],
      }),
      [1, 2, 4],
    );
    assert.deepEqual(unused({ builds: [{ target: 'typo', label: 'CI' }] }), [1, 2, 3, 4, 5]);
  });
});
