/** Types for deps.mjs (the test scripts are plain JavaScript so they run before anything is installed). */
export function staleReason(root?: string): string | undefined;
export function ensureDependencies(root?: string): boolean;
