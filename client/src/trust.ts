/**
 * Untrusted workspaces: the Build/Run lenses of each line become one lens that says why building is
 * off and opens the workspace trust editor. Pure (no vscode import), unit-tested.
 */
export const UNTRUSTED_LENS = {
  title: '$(shield) Build and Run are off in an untrusted workspace',
  tooltip: 'A Dockerfile and its settings could run any program. Trust this folder to build.',
  command: 'workbench.trust.manage',
};

interface LensLike {
  range: { start: { line: number } };
  command?: { command: string };
}

export function untrustedLenses<L extends LensLike>(lenses: readonly L[], buildCommands: readonly string[], replace: (lens: L) => L): L[] {
  const out: L[] = [];
  const lines = new Set<number>();
  for (const lens of lenses) {
    if (!lens.command || !buildCommands.includes(lens.command.command)) {
      out.push(lens);
      continue;
    }
    if (lines.has(lens.range.start.line)) continue;
    lines.add(lens.range.start.line);
    out.push(replace(lens));
  }
  return out;
}
