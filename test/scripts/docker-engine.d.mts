// Types for docker-engine.mjs, so TypeScript tests can import it.
import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';

export const cache: string;
export const socket: string;
export const dockerHost: string;
export const dockerCli: string;
export const BUSYBOX: string;
export const imageCache: string;
export const DEBIAN: string;

export function docker(args: string[], options?: SpawnSyncOptions): SpawnSyncReturns<string>;
export function dockerAsync(
  args: string[],
  options?: { cwd?: string; env?: Record<string, string> },
): Promise<{ status: number; stdout: string; stderr: string }>;
export function startEngine(): Promise<{ started: boolean }>;
export function stopEngine(): void;
export function ensureBusybox(): void;
export function ensureDebianImage(): Promise<string>;
export function ensureDebianDerivedImage(tag: string, dockerfile: string): Promise<string>;
export function ensureGoSdkImage(tag?: string): Promise<string>;
/** Starts (or reuses) the engine and records this process as a user of it. */
export function acquireEngine(): Promise<{ started: boolean }>;
/** Forgets this process as a user; the last user stops an engine a test run started. */
export function releaseEngine(): void;
