/**
 * The `--platform` flag of a FROM line, and platform strings read as containerd's `platforms.Parse`
 * reads them (what BuildKit uses): `os[/arch[/variant]]` or a bare architecture, lowercased, with
 * architecture aliases normalized (x86_64 -> amd64, aarch64 -> arm64, ...).
 */
import type { Flag, Stage } from '../../analysis/model';

export function platformFlag(stage: Stage): Flag | undefined {
  return stage.fromInstruction.flags.find((flag) => flag.name.toLowerCase() === 'platform');
}

const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
]);
const KNOWN_ARCH = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'ppc64',
  'ppc64le',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
]);
const ARCH_ALIASES: Record<string, string> = { i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };
const COMPONENT = /^[A-Za-z0-9_.-]+$/;

export interface Platform {
  os: string;
  architecture: string;
}

/** containerd's Parse (on a Linux/amd64 host for a bare OS or architecture); undefined where it errors. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.split('/');
  if (parts.length > 3 || parts.some((part) => !COMPONENT.test(part))) return undefined;
  const lower = parts.map((part) => part.toLowerCase());
  const arch = (name: string) => (Object.hasOwn(ARCH_ALIASES, name) ? ARCH_ALIASES[name] : name); // own keys only: `constructor` is text from the file
  if (lower.length === 1) {
    if (KNOWN_OS.has(lower[0])) return { os: lower[0], architecture: 'amd64' };
    if (KNOWN_ARCH.has(arch(lower[0]))) return { os: 'linux', architecture: arch(lower[0]) };
    return undefined;
  }
  return { os: lower[0], architecture: arch(lower[1]) };
}

/**
 * A platform with everything containerd's `specs.Platform` has that BuildKit's messages show
 * (moby/buildkit vendor/github.com/containerd/platforms, platforms.go and database.go).
 */
export interface FullPlatform {
  os: string;
  architecture: string;
  variant: string;
  osVersion: string;
  osFeatures: string[];
}

/** containerd's `normalizeArch` (database.go). */
export function normalizeArch(architecture: string, variant: string): [string, string] {
  let arch = architecture.toLowerCase();
  let v = variant.toLowerCase();
  switch (arch) {
    case 'i386':
      arch = '386';
      v = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64';
      if (v === 'v1') v = '';
      break;
    case 'aarch64':
    case 'arm64':
      arch = 'arm64';
      if (v === '8' || v === 'v8' || v === 'v8.0') v = '';
      else if (v === '9' || v === '9.0' || v === 'v9.0') v = 'v9';
      break;
    case 'armhf':
      arch = 'arm';
      v = 'v7';
      break;
    case 'armel':
      arch = 'arm';
      v = 'v6';
      break;
    case 'arm':
      if (v === '' || v === '7') v = 'v7';
      else if (v === '5' || v === '6' || v === '8') v = `v${v}`;
      break;
  }
  return [arch, v];
}

/** containerd's `Normalize`: OS lowercased (`macos` is darwin), architecture and variant normalized, features sorted. */
export function normalizeFull(platform: {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
  osFeatures?: readonly string[];
}): FullPlatform {
  const os = platform.os.toLowerCase() === 'macos' ? 'darwin' : platform.os.toLowerCase();
  const [architecture, variant] = normalizeArch(platform.architecture, platform.variant ?? '');
  const osFeatures = [...new Set(platform.osFeatures ?? [])].sort();
  return { os, architecture, variant, osVersion: platform.osVersion ?? '', osFeatures };
}

const OS_COMPONENT = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;

/**
 * containerd's `Parse` then `Normalize` (what BuildKit does with a FROM --platform value before it
 * compares and prints it), on a linux/amd64 engine for a bare OS; undefined where Parse errors.
 */
export function parseFullPlatform(text: string): FullPlatform | undefined {
  if (text.includes('*')) return undefined;
  const parts = text.split('/');
  if (parts.length > 3) return undefined;
  const os = OS_COMPONENT.exec(parts[0]);
  if (!os || parts.slice(1).some((part) => !COMPONENT.test(part))) return undefined;
  let osVersion = os[2] ?? '';
  let osFeatures: string[] = [];
  try {
    osVersion = osVersion.includes('%') ? decodeURIComponent(osVersion) : osVersion;
    osFeatures = (os[3] ?? '')
      .split('+')
      .slice(1)
      .map((f) => (f.includes('%') ? decodeURIComponent(f) : f));
  } catch {
    return undefined;
  }
  let platform: { os: string; architecture: string; variant: string };
  if (parts.length === 1) {
    const [architecture, variant] = normalizeArch(os[1], '');
    if (KNOWN_OS.has(os[1].toLowerCase())) platform = { os: os[1], architecture: 'amd64', variant: '' };
    else if (KNOWN_ARCH.has(architecture) && !os[2] && !os[3]) platform = { os: 'linux', architecture, variant };
    else return undefined;
  } else {
    const [architecture, variant] = normalizeArch(parts[1], parts[2] ?? '');
    platform = { os: os[1], architecture, variant };
  }
  return normalizeFull({ ...platform, osVersion, osFeatures });
}

/** containerd's `FormatAll`: `os[(version+features)]/arch[/variant]`. */
export function formatAll(platform: FullPlatform): string {
  if (!platform.os) return 'unknown';
  const encode = (value: string) => value.replace(/%/g, '%25').replace(/\+/g, '%2B').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\//g, '%2F');
  const features = platform.osFeatures.filter(Boolean).map(encode).join('+');
  const options = platform.osVersion || features ? `(${encode(platform.osVersion)}${features ? `+${features}` : ''})` : '';
  return [platform.os + options, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/**
 * containerd's `platformVector` (compare.go): the platforms `platforms.Only(p)` accepts, best first
 * (amd64/vN then lower versions then 386; arm/vN down to v5; arm64/v8.x or v9.x down, then arm/v8 and below).
 */
export function platformVector(platform: FullPlatform): FullPlatform[] {
  const like = (architecture: string, variant: string): FullPlatform => ({ ...platform, architecture, variant });
  const version = (variant: string) => {
    const n = Number.parseInt(variant.replace(/^v/, ''), 10);
    return Number.isNaN(n) ? undefined : n;
  };
  const vector = [platform];
  switch (platform.architecture) {
    case 'amd64': {
      const n = version(platform.variant);
      if (n !== undefined && n > 1) for (let k = n - 1; k >= 1; k--) vector.push(like('amd64', `v${k}`));
      vector.push({ ...like('386', ''), osFeatures: platform.osFeatures });
      break;
    }
    case 'arm': {
      const n = version(platform.variant);
      if (n !== undefined && n > 5) for (let k = n - 1; k >= 5; k--) vector.push(like('arm', `v${k}`));
      break;
    }
    case 'arm64': {
      const variant = platform.variant || 'v8';
      const match = /^v(8|9)(?:\.(\d))?$/.exec(variant);
      vector.length = 0;
      if (!match) break;
      const minor = Number(match[2] ?? 0);
      const chain: [number, number][] =
        match[1] === '8'
          ? [[8, minor]]
          : [
              [9, minor],
              [8, Math.min(minor + 5, 9)],
            ];
      for (const [major, top] of chain) for (let m = top; m >= 0; m--) vector.push(like('arm64', m === 0 ? `v${major}` : `v${major}.${m}`));
      vector.push(...platformVector(like('arm', 'v8')));
      break;
    }
  }
  return vector;
}

/** containerd's matcher: same OS, architecture and variant once normalized (OS version and features not compared here). */
export function platformMatches(wanted: FullPlatform, candidate: FullPlatform): boolean {
  const a = normalizeFull(wanted);
  return a.os === candidate.os && a.architecture === candidate.architecture && a.variant === candidate.variant;
}
