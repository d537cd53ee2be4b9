import type { OfferedPlatforms } from './platform';

/** Why a registry lookup gave no size. Messages name the host and repository, never credentials or headers. */
export type RegistryErrorKind =
  | 'timeout'
  | 'network'
  | 'not-found'
  | 'unauthorized'
  | 'denied'
  | 'rate-limited'
  | 'server'
  | 'protocol'
  | 'too-large'
  | 'no-platform'
  | 'unsupported'
  | 'invalid-reference';

export class RegistryError extends Error {
  /** `offered`: for `no-platform`, what the index offers (the platform record keeps it). */
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    readonly status?: number,
    readonly offered?: OfferedPlatforms,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
