/**
 * Go's parsers as BuildKit calls them, with their error messages: time.ParseDuration,
 * strconv.ParseInt and csvvalue.Fields.
 */

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration`, in nanoseconds, or an error message. */
export function goDuration(text: string): number | string {
  let rest = text;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return `time: invalid duration ${JSON.stringify(text)}`;
  let total = 0;
  while (rest) {
    const number = /^(\d*)(\.(\d*))?/.exec(rest)!;
    if (number[0] === '' || number[0] === '.') return `time: invalid duration ${JSON.stringify(text)}`;
    rest = rest.slice(number[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return `time: missing unit in duration ${JSON.stringify(text)}`;
    if (!Object.hasOwn(DURATION_UNITS, unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`;
    rest = rest.slice(unit.length);
    total += Number(number[0]) * DURATION_UNITS[unit];
  }
  return sign * total;
}

/** Go's `strconv.ParseInt(text, 10, 32)` error, or undefined. */
export function goIntError(text: string): string | undefined {
  if (!/^[-+]?\d+$/.test(text)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  const value = Number(text);
  if (value > 2147483647 || value < -2147483648) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`;
  return undefined;
}

/** Comma-separated fields with CSV quotes (`csvvalue.Fields`), or undefined when a quote is left open. */
export function csvFields(text: string): string[] | undefined {
  const out: string[] = [];
  let field = '';
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      continue;
    }
    if (i === text.length || text[i] === ',') {
      out.push(field);
      field = '';
      i++;
      continue;
    }
    field += text[i++];
  }
  return out;
}
