/**
 * The CI templates of docs/ci (packed with the extension) and how "Stagecraft: Add CI Workflow…"
 * fills them for a Dockerfile: where each goes in a workspace, the values of their DOCKERFILE,
 * BUILD_CONTEXT and TEST_TARGET variables, and the test stage of a Dockerfile. Pure data and
 * functions (no vscode import), unit-tested; ciWorkflow.ts is the command around them.
 */

export interface CiTemplate {
  id: 'github' | 'azure';
  label: string;
  detail: string;
  /** Path of the template in the extension (and the repository). */
  source: string;
  /** Where it is written, relative to the workspace folder. */
  target: string;
}

export const CI_TEMPLATES: readonly CiTemplate[] = [
  {
    id: 'github',
    label: 'GitHub Actions',
    detail: 'lint with annotations and SARIF upload, build the test stage and the image',
    source: 'docs/ci/github-actions.yml',
    target: '.github/workflows/stagecraft.yml',
  },
  {
    id: 'azure',
    label: 'Azure Pipelines',
    detail: 'lint with JUnit results and SARIF, build the test stage and the image',
    source: 'docs/ci/azure-pipelines.yml',
    target: 'azure-pipelines.yml',
  },
];

export interface CiValues {
  /** The Dockerfile, relative to the workspace folder, `/`-separated. */
  dockerfile: string;
  /** Its folder (the build context), `.` for the workspace folder itself. */
  context: string;
  /** The stage that runs the tests; empty when the Dockerfile has none. */
  testTarget: string;
}

/** The variables each template declares (under `env:` or `variables:`), one per line, with a default. */
const VARIABLES: Record<keyof CiValues, string> = { dockerfile: 'DOCKERFILE', context: 'BUILD_CONTEXT', testTarget: 'TEST_TARGET' };

/** A YAML scalar that stays a string whatever it holds (single-quoted, quotes doubled). */
export function yamlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The template with its variables set: each `  NAME: default # comment` line gets the value (the
 * comment stays). Throws when a template lacks one of them: it was edited without this file.
 */
export function fillTemplate(text: string, values: CiValues): string {
  let filled = text;
  for (const [key, name] of Object.entries(VARIABLES) as [keyof CiValues, string][]) {
    const line = new RegExp(`^([^\\S\\n]+${name}:)[^\\S\\n]+[^#\\n]*?([^\\S\\n]+#[^\\n]*)?$`, 'm');
    if (!line.test(filled)) throw new Error(`the template has no ${name} variable`);
    filled = filled.replace(line, (_, head: string, comment: string | undefined) => `${head} ${yamlString(values[key])}${comment ?? ''}`);
  }
  return filled;
}

/** Stage names declared in a Dockerfile (`FROM … AS name`), in file order. */
export function stageNames(dockerfile: string): string[] {
  const names: string[] = [];
  for (const match of dockerfile.matchAll(/^[^\S\n]*FROM[^\S\n]+(?:--\S+[^\S\n]+)*\S+[^\S\n]+AS[^\S\n]+([A-Za-z][\w.-]*)[^\S\n]*$/gim)) names.push(match[1]);
  return names;
}

/** The stage that runs the tests: one named `test`, else the first whose name has `test` in it; '' when none. */
export function testTarget(names: readonly string[]): string {
  return names.find((name) => name.toLowerCase() === 'test') ?? names.find((name) => /test/i.test(name)) ?? '';
}

/**
 * The values for a Dockerfile at `relativePath` (from the workspace folder, `/`-separated) with the
 * given text; `undefined` path: the templates' defaults (`Dockerfile` in the folder's root).
 */
export function valuesFor(relativePath: string | undefined, text: string | undefined): CiValues {
  const dockerfile = relativePath ?? 'Dockerfile';
  const slash = dockerfile.lastIndexOf('/');
  return {
    dockerfile,
    context: slash < 0 ? '.' : dockerfile.slice(0, slash),
    testTarget: text === undefined ? 'test' : testTarget(stageNames(text)),
  };
}
