/** Small text formats shared by the server's lenses and the client's notifications (pure). */

/** Bytes as docker prints them (powers of 1000): `4.5 MB`, `585 MB`, `1.2 GB`, `512 B`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  let text = value.toFixed(digits);
  if (Number(text) >= 1000 && unit < units.length - 1) { unit++; text = (value / 1000).toFixed(1); }
  return `${text.replace(/\.0$/, '')} ${units[unit]}`;
}

/** `just now`, `1 min ago`, `2 min ago`, `3 h ago`, `2 days ago`. */
export function timeAgo(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}
