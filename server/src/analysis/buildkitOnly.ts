/**
 * What in a Dockerfile only BuildKit can build: the instructions the classic builder (the engine's
 * own, `DOCKER_BUILDKIT=0` or a Docker 23+ CLI without buildx) refuses or gets wrong. From moby's
 * classic builder and measured on Debian's 20.10 engine (test/engine/builder.test.ts):
 *  - RUN takes no flag at all there ("the --mount option requires BuildKit"): --mount, --network,
 *    --security, --device.
 *  - COPY and ADD take only --from and --chown: --chmod ("requires BuildKit"), --link, --parents,
 *    --exclude, ADD --checksum, --keep-git-dir and --unpack are refused.
 *  - Heredocs (`RUN <<EOF`, `COPY <<EOF`) are BuildKit's.
 *  - The automatic platform ARGs (TARGETARCH, BUILDPLATFORM, …) are not defined, so a FROM that uses
 *    one without a default of its own resolves to a broken reference.
 * Pure: reads the model only.
 */
import { PREDEFINED_ARGS } from './variables';
import type { DockerfileModel, Instruction } from './model';

export interface BuildKitOnlyUse {
  /** 0-based line of the instruction. */
  line: number;
  /** What it uses, as written in a Dockerfile: `RUN --mount`, `COPY --link`, `a heredoc`, `$TARGETARCH in FROM`. */
  feature: string;
}

/** Flags the classic builder accepts on COPY and ADD. */
const CLASSIC_COPY_FLAGS = new Set(['from', 'chown']);

/** At most this many uses are listed (a message names the first few). */
export const MAX_USES = 20;

function instructionUses(instruction: Instruction, out: BuildKitOnlyUse[]): void {
  const line = instruction.range.start.line;
  const keyword = instruction.keyword;
  if (keyword === 'RUN') for (const flag of instruction.flags) out.push({ line, feature: `RUN --${flag.name.toLowerCase()}` });
  if (keyword === 'COPY' || keyword === 'ADD') {
    for (const flag of instruction.flags) {
      const name = flag.name.toLowerCase();
      if (!CLASSIC_COPY_FLAGS.has(name)) out.push({ line, feature: `${keyword} --${name}` });
    }
  }
  if (instruction.heredocs.length) out.push({ line, feature: `a heredoc (<<${instruction.heredocs[0].delimiter})` });
}

/**
 * The uses of BuildKit-only syntax in the given stages (the ones the classic builder would run), in
 * file order, at most MAX_USES.
 */
export function buildKitOnlyUses(model: DockerfileModel, stages: readonly number[]): BuildKitOnlyUse[] {
  const out: BuildKitOnlyUse[] = [];
  const withDefault = new Set(model.globalArgs.filter((arg) => arg.defaultValue !== undefined).map((arg) => arg.name));
  for (const index of stages) {
    const stage = model.stages[index];
    if (!stage) continue;
    for (const use of stage.fromVariableUses) {
      if (PREDEFINED_ARGS.has(use.name) && !withDefault.has(use.name) && !use.modifier)
        out.push({ line: stage.fromInstruction.range.start.line, feature: `$${use.name} in FROM` });
    }
    for (const instruction of stage.instructions) {
      instructionUses(instruction, out);
      if (out.length >= MAX_USES) return out.slice(0, MAX_USES);
    }
  }
  return out;
}
