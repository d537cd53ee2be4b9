/**
 * GitHub workflows (`.github/workflows/*.y*ml`): steps that use docker/build-push-action. Its inputs,
 * as the action passes them to buildx: `context` (default: the repository, the Git context), `file`
 * (default `<context>/Dockerfile`; a relative path is relative to the repository root, the working
 * folder), `target` (default: the last stage). A target `${{ matrix.<key> }}` is each value of that
 * key in the job's `strategy.matrix` (its list and `include` entries).
 */
import { basename, dirname, join } from 'node:path';
import type { Node } from 'yaml';
import { against, isRemoteContext } from './paths';
import { entries, get, items, readYaml, text, valueRange, type YamlFile } from './yamlNodes';
import { isLiteralTarget, type ParsedTargetFile, type TargetRef } from './types';

const ACTION = /^docker\/build-push-action@/;
const MATRIX = /^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/;

/** The repository root of a workflow file: `<root>/.github/workflows/<file>`. */
export function workflowRoot(file: string): string {
  return dirname(dirname(dirname(file)));
}

export function readGithubWorkflow(file: string, source: string): ParsedTargetFile {
  const yaml = readYaml(file, source, basename(file));
  const refs: TargetRef[] = [];
  const root = workflowRoot(file);
  for (const [jobName, job] of entries(get(yaml.root, 'jobs'))) {
    for (const step of items(get(job, 'steps'))) {
      if (!ACTION.test(text(get(step, 'uses')) ?? '')) continue;
      const inputs = get(step, 'with');
      const label = `CI: build-push-action in \`${basename(file)}\`, job \`${jobName}\``;
      const base: TargetRef = { kind: 'github', file, label };
      const context = text(get(inputs, 'context'));
      const dockerfile = text(get(inputs, 'file'));
      const contextLiteral = context === undefined || isLiteralTarget(context);
      if (context !== undefined && contextLiteral && !isRemoteContext(context)) base.context = against(root, context);
      if (dockerfile !== undefined) {
        if (isLiteralTarget(dockerfile)) base.dockerfile = against(root, dockerfile);
      } else if (contextLiteral && !(context && isRemoteContext(context))) base.dockerfile = join(base.context ?? root, 'Dockerfile');
      refs.push(...stepTargets(yaml, job, get(inputs, 'target'), base));
    }
  }
  return { refs, problems: yaml.problems };
}

/** One ref per target the step builds: its literal `target`, each matrix value, or the default target. */
function stepTargets(yaml: YamlFile, job: Node | undefined, targetNode: Node | undefined, base: TargetRef): TargetRef[] {
  const target = text(targetNode);
  if (target === undefined) return [base];
  const key = MATRIX.exec(target)?.[1];
  if (key === undefined) {
    const range = isLiteralTarget(target) ? valueRange(targetNode, yaml.lines) : undefined;
    return [{ ...base, target, ...(range ? { targetRange: range, targetFile: yaml.file } : {}) }];
  }
  const matrix = get(get(job, 'strategy'), 'matrix');
  const values = [...items(get(matrix, key)), ...items(get(matrix, 'include')).map((entry) => get(entry, key))];
  const refs: TargetRef[] = [];
  for (const node of values) {
    const value = text(node);
    if (value === undefined) continue;
    const range = isLiteralTarget(value) ? valueRange(node, yaml.lines) : undefined;
    refs.push({ ...base, label: `${base.label} (matrix)`, target: value, ...(range ? { targetRange: range, targetFile: yaml.file } : {}) });
  }
  return refs;
}
