/** What a finished build produced, in words (pure, unit-tested). */
import { formatBytes } from '../../server/src/format';

export interface SizeReport {
  tag: string;
  size: number;
  /** The largest local base image the target's stages are built FROM, when the engine has it. */
  base?: { image: string; size: number; stage: string; isTargetBase: boolean };
}

/**
 * `built app:final: 4.5 MB (uncompressed, local), 99% smaller than its build stage's base golang 585 MB`.
 * Sizes are what `docker image inspect` reports: uncompressed, as stored by this engine.
 */
export function sizeMessage(report: SizeReport): string {
  let text = `built ${report.tag}: ${formatBytes(report.size)} (uncompressed, local)`;
  const base = report.base;
  if (base && base.size > 0) {
    const whose = base.isTargetBase ? 'its base' : `its ${base.stage} stage's base`;
    const ratio = report.size / base.size;
    const percent = Math.round(Math.abs(1 - ratio) * 100);
    const comparison = percent < 1 ? 'about the same size as' : ratio < 1 ? `${Math.min(percent, 99)}% smaller than` : `${percent}% larger than`;
    text += `, ${comparison} ${whose} ${base.image} ${formatBytes(base.size)}`;
  }
  return text;
}
