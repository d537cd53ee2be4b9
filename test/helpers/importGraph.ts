/**
 * Test helper: the import graph of a source folder, resolved as the compiler resolves it (type-only
 * imports count: a type imported back is still a cycle for a reader), and the cycles in it.
 */
import * as path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Each file under `folder` (relative to the repository) and the files under `folder` it imports. */
export function importGraph(folder: string): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const within = path.join(ROOT, folder) + path.sep;
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(within)) {
    const imported = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((ref) => ref.fileName);
    const targets = imported
      .map((name) => ts.resolveModuleName(name, file, options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((target): target is string => !!target && path.resolve(target).startsWith(within));
    graph.set(path.relative(ROOT, file), [...new Set(targets.map((target) => path.relative(ROOT, path.resolve(target))))]);
  }
  return graph;
}

/** Every cycle, as the files around it (first file repeated at the end); each cycle once. */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>();
  const visit = (file: string, trail: string[]) => {
    const at = trail.indexOf(file);
    if (at >= 0) {
      const cycle = trail.slice(at);
      const key = [...cycle].sort().join(' ');
      if (!found.has(key)) found.set(key, [...cycle, file]);
      return;
    }
    if (trail.length > graph.size) return;
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
  };
  for (const file of graph.keys()) visit(file, []);
  return [...found.values()];
}
