/**
 * Reading YAML for the targets index with positions kept (eemeli/yaml's parseDocument): a map's
 * values by key, a scalar's text, and where that text sits in the file (quotes left out).
 */
import type { Document, Node, YAMLMap } from 'yaml';
import type { Range } from '../analysis/model';
import { LineOffsets } from './positions';
import type { TargetFileProblem } from './types';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/**
 * eemeli/yaml, loaded with the first YAML file read, not at the server's start (the server's bundle
 * requires it from dist/yaml.js, a bundle of its own: esbuild.mjs).
 */
export function yaml(): YamlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (library ??= require('yaml') as YamlLibrary);
}

export interface YamlFile {
  file: string;
  root: Node | null;
  lines: LineOffsets;
  problems: TargetFileProblem[];
}

/** Parses `text`; errors become problems with their place. Never throws. */
export function readYaml(file: string, text: string, what: string): YamlFile {
  const lines = new LineOffsets(text);
  let document: Document.Parsed;
  try {
    document = yaml().parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    return { file, root: null, lines, problems: [{ file, message: `${what} could not be read: ${(error as Error).message}`, range: lines.range(0, 0) }] };
  }
  const problems = document.errors.map((error) => ({
    file,
    message: `${what} is not valid YAML: ${firstLine(error.message)}`,
    range: lines.range(error.pos[0], Math.max(error.pos[0], error.pos[1])),
  }));
  return { file, root: problems.length ? null : (document.contents as Node | null), lines, problems };
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** The value of `key` in a map node; undefined when `node` is no map or has no such key. */
export function get(node: unknown, key: string): Node | undefined {
  if (!yaml().isMap(node)) return undefined;
  for (const pair of (node as YAMLMap).items) {
    if (yaml().isScalar(pair.key) && String(pair.key.value) === key) return (pair.value ?? undefined) as Node | undefined;
  }
  return undefined;
}

/** A map's entries with scalar keys, in order. */
export function entries(node: unknown): [string, Node | undefined][] {
  if (!yaml().isMap(node)) return [];
  const result: [string, Node | undefined][] = [];
  for (const pair of (node as YAMLMap).items) {
    if (yaml().isScalar(pair.key)) result.push([String(pair.key.value), (pair.value ?? undefined) as Node | undefined]);
  }
  return result;
}

/** A scalar's value as text (numbers and booleans as written); undefined for anything else. */
export function text(node: unknown): string | undefined {
  if (!yaml().isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

/** The items of a sequence node (none for anything else). */
export function items(node: unknown): Node[] {
  return yaml().isSeq(node) ? (node.items as Node[]) : [];
}

/**
 * Where a scalar's text is, quotes left out: a plain or single-line quoted scalar only (a block
 * scalar, or a quoted one holding escapes, is not edited in place).
 */
export function valueRange(node: unknown, lines: LineOffsets): Range | undefined {
  if (!yaml().isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const value = text(node);
  if (value === undefined) return undefined;
  if (node.type === yaml().Scalar.PLAIN) return end - start === value.length ? lines.range(start, end) : undefined;
  if (node.type === yaml().Scalar.QUOTE_DOUBLE || node.type === yaml().Scalar.QUOTE_SINGLE) {
    return end - start === value.length + 2 ? lines.range(start + 1, end - 1) : undefined;
  }
  return undefined;
}

/** Where an empty plain value is (`key:` with nothing after it), as an empty range; undefined otherwise. */
export function emptyRange(node: unknown, lines: LineOffsets): Range | undefined {
  if (!yaml().isScalar(node) || !node.range || node.value !== null || node.type !== yaml().Scalar.PLAIN || node.range[0] !== node.range[1]) return undefined;
  return lines.range(node.range[0], node.range[0]);
}

/** The range of a node (for messages), or the file's start. */
export function nodeRange(node: unknown, lines: LineOffsets): Range {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lines.range(range[0], range[1]) : lines.range(0, 0);
}
