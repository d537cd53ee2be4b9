/** What a finished build produced, in words (pure, unit-tested). */
import { formatBytes } from '../../server/src/format';

export interface SizeReport {
  tag: string;
  size: number;
  /** The image's platform, as the engine reports it (`linux/amd64`). */
  platform?: string;
  /** The largest local base image the target's stages are built FROM, when the engine has it. */
  base?: { image: string; size: number; stage: string; isTargetBase: boolean };
}

/**
 * `built app:final: 4.5 MB (linux/amd64, uncompressed, local), 99% smaller than golang:1.22 585 MB, the base of its build stage`.
 * Sizes are what `docker image inspect` reports: uncompressed, as stored by this engine, for the
 * platform the image was built for (a size means little without it: the same target for arm64 differs).
 */
export function sizeMessage(report: SizeReport): string {
  let text = `built ${report.tag}: ${formatBytes(report.size)} (${report.platform ? `${report.platform}, ` : ''}uncompressed, local)`;
  const base = report.base;
  if (base && base.size > 0) {
    const what = base.isTargetBase
      ? `its base ${base.image} ${formatBytes(base.size)}`
      : `${base.image} ${formatBytes(base.size)}, the base of its ${base.stage} stage`;
    const ratio = report.size / base.size;
    const percent = Math.round(Math.abs(1 - ratio) * 100);
    const comparison = percent < 1 ? 'about the same size as' : ratio < 1 ? `${Math.min(percent, 99)}% smaller than` : `${percent}% larger than`;
    text += `, ${comparison} ${what}`;
  }
  return text;
}
