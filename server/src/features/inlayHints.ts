/**
 * Inlay hints: after a build, the bytes each instruction of the built target added, at the end of
 * the instruction (`41 MB`, `41 MB (+2.1 MB)` against the previous build of that target), the base
 * image's on the FROM its chain starts at, and the image's total on the target's FROM. A build whose
 * target was edited since gets one hint saying so instead of its numbers; one that could not be
 * mapped says that. Off with `stagecraft.layerSizes.enabled`.
 */
import type { InlayHint, InlayHintParams, Position } from 'vscode-languageserver';
import { LAYER_KEYWORDS } from '../analysis/layers';
import type { Instruction } from '../analysis/model';
import { formatBytes } from '../format';
import type { FeatureContext } from './context';
import { formatDelta, layerViews, type LayerView } from './layerSizes';

const withDelta = (size: number, delta: number | undefined) => (delta ? `${formatBytes(size)} (${formatDelta(delta)})` : formatBytes(size));

/** The hints of one build, by line (the end of each instruction). */
function hintsOf(context: FeatureContext, view: LayerView): Map<number, InlayHint> {
  const hints = new Map<number, InlayHint>();
  const at = (instruction: Instruction, label: string, tooltip: string) => {
    const position: Position = instruction.range.end;
    hints.set(position.line, { position, label, paddingLeft: true, tooltip });
  };
  const targetFrom = context.model.stages[view.target].fromInstruction;
  const tag = view.build.tag;
  if (view.state !== 'current') {
    if (view.state === 'stale')
      at(targetFrom, 'sizes from the build before your last edit', `${tag}: ${view.reason}. Build again to see the current layer sizes.`);
    else at(targetFrom, `layer sizes unmapped · image ${formatBytes(view.total)}`, `${tag}: ${view.reason}.`);
    return hints;
  }
  const base = `base ${withDelta(view.base.size, view.base.delta)}`;
  const total = `image ${withDelta(view.total, view.totalDelta)}`;
  if (view.root === targetFrom) at(targetFrom, `${base} · ${total}`, `${tag}: the base image ${view.base.image ?? 'scratch'} and the whole image`);
  else {
    at(view.root, base, `${tag}: the base image ${view.base.image ?? 'scratch'}`);
    at(targetFrom, total, `${tag}: the whole image`);
  }
  for (const step of view.steps) {
    if (!LAYER_KEYWORDS.has(step.keyword) && step.size === 0) continue;
    at(step.instruction, withDelta(step.size, step.delta), `${tag}: the layer this ${step.keyword} added (${step.size} bytes)`);
  }
  return hints;
}

export function inlayHints(context: FeatureContext, params: InlayHintParams): InlayHint[] {
  const byLine = new Map<number, InlayHint>();
  // Oldest build first: where two builds' targets share lines, the newer build's numbers stay.
  for (const view of layerViews(context)) for (const [line, hint] of hintsOf(context, view)) byLine.set(line, hint);
  const { start, end } = params.range;
  return [...byLine.values()]
    .filter((hint) => hint.position.line >= start.line && hint.position.line <= end.line)
    .sort((a, b) => a.position.line - b.position.line);
}
