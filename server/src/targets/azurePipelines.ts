/**
 * Azure Pipelines files (`azure-pipelines*.y*ml`, `.azure-pipelines/*.y*ml`): `Docker@2` tasks
 * (`inputs.Dockerfile`, relative to the repository root, and `--target` in `inputs.arguments`) and
 * `AzureCLI@2` tasks whose inline script runs `docker build`, `docker buildx build` or
 * `az acr build` with `--target` (and `-f`/`--file`). A Dockerfile given as a glob (the task's
 * default `**\/Dockerfile`) is not resolved: such a step names no Dockerfile here.
 */
import { basename } from 'node:path';
import type { Node } from 'yaml';
import { against } from './paths';
import { get, readYaml, text, yaml, type YamlFile } from './yamlNodes';
import { isLiteralTarget, type ParsedTargetFile, type TargetRef } from './types';

/** `--target NAME`, `--target=NAME`, `-f PATH`, `--file PATH` in a command line as written. */
const FLAG = /(?:^|\s)(--target|-f|--file)(?:=|[ \t]+)(["']?)([^\s"'\\;|&]+)\2/g;
const GLOB = /[*?[\]]/;

interface FlagValue {
  value: string;
  start: number;
  end: number;
}

/** The `--target` and `-f`/`--file` values in `source` (offsets into it). */
export function buildFlags(source: string): { target?: FlagValue; file?: FlagValue } {
  const found: { target?: FlagValue; file?: FlagValue } = {};
  for (const match of source.matchAll(FLAG)) {
    const start = match.index + match[0].length - match[3].length - match[2].length;
    const value = { value: match[3], start, end: start + match[3].length };
    if (match[1] === '--target') found.target ??= value;
    else found.file ??= value;
  }
  return found;
}

/** Every map in the document that is a task step (`task: …`), wherever the steps are nested. */
function taskSteps(node: unknown, out: Node[] = [], depth = 0): Node[] {
  if (depth > 32) return out;
  if (yaml().isMap(node)) {
    if (get(node, 'task') !== undefined) out.push(node);
    for (const pair of node.items) taskSteps(pair.value, out, depth + 1);
  } else if (yaml().isSeq(node)) for (const item of node.items) taskSteps(item, out, depth + 1);
  return out;
}

/** The flags written in a scalar input, with offsets in the whole file. */
function flagsOf(node: Node | undefined, source: string): ReturnType<typeof buildFlags> {
  if (!yaml().isScalar(node) || !node.range) return {};
  const [start, end] = node.range;
  const found = buildFlags(source.slice(start, end));
  for (const value of [found.target, found.file]) {
    if (value) {
      value.start += start;
      value.end += start;
    }
  }
  return found;
}

export function readAzurePipelines(file: string, source: string, root: string): ParsedTargetFile {
  const yaml = readYaml(file, source, basename(file));
  const refs: TargetRef[] = [];
  for (const step of taskSteps(yaml.root)) {
    const task = text(get(step, 'task')) ?? '';
    const inputs = get(step, 'inputs');
    const name = text(get(step, 'displayName'));
    const label = `CI: ${task.replace(/@\d+$/, '')} task${name ? ` \`${name}\`` : ''} in \`${basename(file)}\``;
    if (/^Docker@2$/i.test(task)) {
      const flags = flagsOf(get(inputs, 'arguments'), source);
      const dockerfile = text(get(inputs, 'Dockerfile')) ?? text(get(inputs, 'dockerFile'));
      refs.push(ref(yaml, label, root, dockerfile, flags.target));
    } else if (/^AzureCLI@\d+$/i.test(task)) {
      const script = get(inputs, 'inlineScript');
      if (!/\b(docker(\s+buildx)?\s+build|az\s+acr\s+build)\b/.test(text(script) ?? '')) continue;
      const flags = flagsOf(script, source);
      if (flags.target) refs.push(ref(yaml, label, root, flags.file?.value, flags.target));
    }
  }
  return { refs, problems: yaml.problems };
}

function ref(yaml: YamlFile, label: string, root: string, dockerfile: string | undefined, target: FlagValue | undefined): TargetRef {
  const result: TargetRef = { kind: 'azure', file: yaml.file, label };
  if (dockerfile !== undefined && !GLOB.test(dockerfile) && isLiteralTarget(dockerfile)) result.dockerfile = against(root, dockerfile);
  if (target) {
    result.target = target.value;
    if (isLiteralTarget(target.value)) {
      result.targetRange = yaml.lines.range(target.start, target.end);
      result.targetFile = yaml.file;
    }
  }
  return result;
}
