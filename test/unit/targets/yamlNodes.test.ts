import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { entries, get, items, readYaml, text, valueRange } from '../../../server/src/targets/yamlNodes';

describe('yamlNodes', () => {
  it('reads maps, sequences and scalars, with the places of values', () => {
    const yaml = readYaml('/f.yml', 'a:\n  b: plain\n  c: "quoted"\n  d: |\n    block\n  e: [1, x]\n  n: 12\n', 'f.yml');
    assert.deepEqual(yaml.problems, []);
    const a = get(yaml.root, 'a');
    assert.deepEqual(
      entries(a).map(([key]) => key),
      ['b', 'c', 'd', 'e', 'n'],
    );
    assert.equal(text(get(a, 'b')), 'plain');
    assert.equal(text(get(a, 'n')), '12');
    assert.deepEqual(items(get(a, 'e')).map(text), ['1', 'x']);
    assert.deepEqual(valueRange(get(a, 'b'), yaml.lines), { start: { line: 1, character: 5 }, end: { line: 1, character: 10 } });
    assert.deepEqual(valueRange(get(a, 'c'), yaml.lines), { start: { line: 2, character: 6 }, end: { line: 2, character: 12 } });
    assert.equal(valueRange(get(a, 'd'), yaml.lines), undefined);
    assert.equal(get(get(a, 'b'), 'x'), undefined);
    assert.deepEqual(items(get(a, 'b')), []);
  });

  it('turns parse errors into problems with places, and has no root then', () => {
    const yaml = readYaml('/f.yml', 'a: [\n', 'f.yml');
    assert.equal(yaml.root, null);
    assert.match(yaml.problems[0].message, /^f\.yml is not valid YAML: /);
  });
});
