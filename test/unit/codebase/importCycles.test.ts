import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { cycles, importGraph } from '../../helpers/importGraph';

for (const folder of ['client/src', 'server/src']) {
  test(`no import cycle in ${folder} (type-only imports count)`, () => {
    const graph = importGraph(folder);
    assert.ok(graph.size > 10, `only ${graph.size} files found`);
    assert.deepEqual(
      cycles(graph).map((cycle) => cycle.join(' -> ')),
      [],
    );
  });
}

test('the cycle finder finds a cycle through a type-only import', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  assert.deepEqual(cycles(graph), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
});
