/**
 * Which file names are Dockerfiles: the names the extension claims in package.json (`Dockerfile`,
 * `Containerfile`, `Dockerfile.*`, `Containerfile.*`, `*.dockerfile`, `*.Dockerfile`,
 * `*.containerfile`; not `*.dockerignore`). Shared by `stagecraft lint` and the client's image tags.
 */
const NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|.\.(?:dockerfile|Dockerfile|containerfile)$/;

export function isDockerfileName(name: string): boolean {
  return NAME.test(name) && !name.endsWith('.dockerignore');
}
