// Types for setup.mjs, so TypeScript tests can import it.
export const CODE_SERVER_VERSION: string;
export const NODE24_VERSION: string;
export const cache: string;
export const node24Dir: string;
export const node24Bin: string;
export const codeServerDir: string;
export const codeServerEntry: string;
export const chromium: string;

export function ensureNode24(): void;
export function ensureCodeServer(): void;
export function ensureAll(): { node: string; codeServerEntry: string; chromium: string };
/** Debian's azure-cli; returns the path of `az`. */
export function ensureAzureCli(): string;
/** Debian's neovim; returns the path of `nvim`. */
export function ensureNeovim(): string;
