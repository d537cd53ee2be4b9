/** Small helpers for checking option values; a wrong value is a UsageError (exit 2). */
import { UsageError } from './io';

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}
