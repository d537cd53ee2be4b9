/**
 * Base images for the engine suite without a registry (none is reachable here): Debian-based
 * stand-ins made by test/scripts/docker-engine.mjs (cached as tarballs), and `withTags`, which gives a
 * stand-in the name a Dockerfile's FROM uses (`python:3.13-slim`, `golang:1.22-alpine`) for the
 * length of a build, in the private engine only. None of them is the official image: each has what
 * the examples' and templates' Dockerfiles use (a `python` with venv, `node` and `npm` with a `node`
 * user, nginx), no more.
 */
import * as assert from 'node:assert/strict';
import type { Engine } from './engine';

const stripLists = ' && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin';

/** A Debian stand-in with these packages installed (and `extra` lines after), tagged `local/<name>:bookworm`. */
function debianWith(e: Engine, name: string, packages: string[], extra: string[] = [], comment = `the ${name} images the examples name`): Promise<string> {
  return e.ensureDebianDerivedImage(
    `local/${name}:bookworm`,
    [
      `# A stand-in for ${comment}, only for the private test engine.`,
      `FROM ${e.DEBIAN}`,
      `RUN apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} \\`,
      stripLists,
      ...extra,
      '',
    ].join('\n'),
  );
}

/** Debian with make: for `alpine:3.22` in the ms-skeleton snippet (its defaults run make). */
export const makeStandIn = (e: Engine) => debianWith(e, 'debian-make', ['make'], [], 'the images the ms-skeleton snippet names');

/** Debian's python3 with venv, `python` on PATH: for `python:3.13-slim`. */
export const pythonStandIn = (e: Engine) => debianWith(e, 'python', ['python3', 'python3-venv'], ['RUN ln -s /usr/bin/python3 /usr/local/bin/python']);

/** Debian's nodejs and npm, with the `node` user the official images have: for `node:24-alpine`. */
export const nodeStandIn = (e: Engine) => debianWith(e, 'node', ['nodejs', 'npm'], ['RUN useradd --create-home --uid 1000 node']);

/** Debian's nginx serving /usr/share/nginx/html: for `nginxinc/nginx-unprivileged:1.27-alpine`. */
export const nginxStandIn = (e: Engine) => debianWith(e, 'nginx', ['nginx'], ['RUN mkdir -p /usr/share/nginx/html', 'CMD ["nginx", "-g", "daemon off;"]']);

/** Debian's cargo and rustc (Rust 1.63), `cargo` on PATH: for `rust:1`. */
export const rustStandIn = (e: Engine) => debianWith(e, 'rust', ['cargo', 'rustc', 'libc6-dev']);

/**
 * Tags `image` with each of `names` while `body` runs, then restores what those names pointed at (in
 * this private engine a name the engine lacked is removed again, one it had is put back).
 */
export async function withTags<T>(e: Engine, image: string, names: string[], body: () => Promise<T>): Promise<T> {
  const before = new Map<string, string | undefined>();
  try {
    for (const name of names) {
      const had = await e.dockerAsync(['image', 'inspect', '--format', '{{.Id}}', name]);
      before.set(name, had.status === 0 ? had.stdout.trim() : undefined);
      assert.equal((await e.dockerAsync(['tag', image, name])).status, 0, `docker tag ${image} ${name}`);
    }
    return await body();
  } finally {
    for (const [name, id] of before) {
      if (id) await e.dockerAsync(['tag', id, name]);
      else await e.dockerAsync(['rmi', name]);
    }
  }
}

/**
 * A Dockerfile for an offline build: its `# syntax=` directive made a plain comment (the lines keep
 * their numbers). With it, BuildKit first pulls that frontend image from Docker Hub, which is
 * unreachable here; the engine's built-in Dockerfile frontend understands everything the examples and
 * templates use (RUN --mount included).
 */
export function offline(dockerfile: string): string {
  const text = dockerfile.replace(/^#\s*syntax\s*=([^\n]*)\n/i, '# (syntax directive$1 left out: no registry)\n');
  assert.doesNotMatch(text, /^#\s*syntax\s*=/im, 'no syntax directive left');
  return text;
}
