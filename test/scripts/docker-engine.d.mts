// Types for docker-engine.mjs, so TypeScript tests can import it.
import type { SpawnSyncOptions, SpawnSyncReturns } from 'node:child_process';

export const cache: string;
export const socket: string;
export const dockerHost: string;
/** Debian's 20.10 CLI: it builds with BuildKit without the buildx plugin. */
export const dockerCli: string;
export const BUSYBOX: string;
export function docker(args: string[], options?: SpawnSyncOptions): SpawnSyncReturns<string>;
/** Installs docker.io when missing (apt, root) and starts dockerd unless one answers on the socket. */
export function startEngine(): Promise<{ started: boolean }>;
/** Stops the dockerd whose pid is in the pidfile. */
export function stopEngine(): void;
/** Makes local/busybox:1 when the engine lacks it. */
export function ensureBusybox(): void;
