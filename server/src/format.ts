/**
 * How sizes and ages read, everywhere: the image hovers, the build lenses, the stage graph and the
 * client's build notifications (pure). One way to write a size and one to write an age, so the same
 * image or build never reads two ways.
 */

/**
 * Bytes in decimal units (1 MB = 1,000,000 bytes), as docker, registries and Docker Hub show them:
 * one decimal under 100 of a unit, whole numbers from 100 (`512 B`, `1.0 kB`, `4.5 MB`, `71.4 MB`,
 * `585 MB`, `1.2 GB`); a whole 10-99 drops its `.0` (`12 MB`).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  // Round first, then pick the unit again: 999.96 kB is 1.0 MB, not "1000.0 kB".
  let text = value < 100 ? value.toFixed(1) : String(Math.round(value));
  if (Number(text) >= 1000 && unit < units.length - 1) {
    value = Number(text) / 1000;
    unit++;
    text = value.toFixed(1);
  }
  // Whether it is 10 or more is read after rounding: 9.96 MB is `10 MB`, as 10.04 MB is.
  if (text.endsWith('.0') && Number(text) >= 10) text = text.slice(0, -2);
  return `${text} ${units[unit]}`;
}

/**
 * An age in milliseconds: `just now` under a minute (and for a negative age: another clock ahead),
 * then whole minutes, hours under 48, days (`3 min ago`, `5 h ago`, `2 days ago`); rounded down,
 * so an age never reads older than it is.
 */
export function formatAge(ms: number): string {
  if (!(ms >= 0) || ms < 60_000) return 'just now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/**
 * How much smaller `smaller` is than `larger`, in whole percent, rounded down so it never
 * overstates; undefined when it is not smaller.
 */
export function savingPercent(larger: number, smaller: number): number | undefined {
  if (!(larger > 0) || !(smaller >= 0) || smaller >= larger) return undefined;
  return Math.floor(((larger - smaller) / larger) * 100);
}
