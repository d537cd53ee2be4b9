/**
 * The `--platform` flag of a FROM line, and platform strings read as containerd's `platforms.Parse`
 * reads them (what BuildKit uses): `os[/arch[/variant]]` or a bare architecture, lowercased, with
 * architecture aliases normalized (x86_64 -> amd64, aarch64 -> arm64, ...).
 */
import type { Flag, Stage } from '../../analysis/model';

export function platformFlag(stage: Stage): Flag | undefined {
  return stage.fromInstruction.flags.find((flag) => flag.name.toLowerCase() === 'platform');
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const ARCH_ALIASES: Record<string, string> = { i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };
const COMPONENT = /^[A-Za-z0-9_.-]+$/;

export interface Platform { os: string; architecture: string }

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
