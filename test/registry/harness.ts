/**
 * Real registries on 127.0.0.1 for the registry client tests: Debian's `docker-registry` (the
 * distribution API server; installed with apt when missing) with a config of our own on a free port
 * and storage in a temp folder, blobs and manifests uploaded through its API, and small proxies
 * in front of it (a slow one, one that demands a bearer token from a token endpoint, one that
 * redirects to another host). Everything started here is stopped by `stopAll()`.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
const cleanups: (() => void | Promise<void>)[] = [];

export async function stopAll(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

/** `apt-get install docker-registry` unless dpkg already has it. */
export function ensureRegistryPackage(): void {
  if (spawnSync('dpkg', ['-s', 'docker-registry'], { stdio: 'ignore' }).status === 0) return;
  if (process.getuid?.() !== 0) throw new Error('docker-registry is not installed: apt-get install docker-registry (as root)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=300', '--no-install-recommends', 'docker-registry'], { stdio: 'inherit', env });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningRegistry {
  host: string;
  port: number;
  process: ChildProcess;
}

/** A user and bcrypt hash (cost 4) for the htpasswd registry; the password is only ever in this test. */
export const HTPASSWD_USER = 'stagecraft';
export const HTPASSWD_PASSWORD = 's3cret-pass';
const HTPASSWD_HASH = '$2b$04$.nwyTQrX.K6Oov3omw3UkOR34l9TmBXWdAdB5QQt38C5Do1w5rP9.';

/** Starts `docker-registry serve` on a free port; with `htpasswd`, it demands basic auth. */
export async function startRegistry(options: { htpasswd?: boolean } = {}): Promise<RunningRegistry> {
  ensureRegistryPackage();
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-registry-'));
  const port = await freePort();
  const auth = options.htpasswd ? `auth:\n  htpasswd:\n    realm: stagecraft-test\n    path: ${join(dir, 'htpasswd')}\n` : '';
  if (options.htpasswd) writeFileSync(join(dir, 'htpasswd'), `${HTPASSWD_USER}:${HTPASSWD_HASH}\n`);
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`);
    const status = await fetch(`http://${host}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || status === 401) return { host, port, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not answer on ${host}: ${stderr}`);
}

export const digestOf = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Uploads a blob (monolithic: POST then PUT ?digest=) and returns its descriptor fields. */
export async function pushBlob(
  host: string,
  repository: string,
  data: Buffer,
  auth?: { user: string; password: string },
): Promise<{ digest: string; size: number }> {
  const headers: Record<string, string> = auth ? { Authorization: basic(auth.user, auth.password) } : {};
  const digest = digestOf(data);
  const started = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  if (started.status !== 202) throw new Error(`blob upload start: HTTP ${started.status} ${await started.text()}`);
  const location = new URL(started.headers.get('location')!, `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(data) });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return { digest, size: data.length };
}

/** PUTs a manifest (or index) under a tag or its digest; returns the manifest's digest and size. */
export async function putManifest(
  host: string,
  repository: string,
  reference: string | undefined,
  manifest: object,
  auth?: { user: string; password: string },
): Promise<{ digest: string; size: number; mediaType: string }> {
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = digestOf(body);
  const mediaType = (manifest as { mediaType: string }).mediaType;
  const headers: Record<string, string> = { 'Content-Type': mediaType, ...(auth ? { Authorization: basic(auth.user, auth.password) } : {}) };
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference ?? digest}`, { method: 'PUT', headers, body });
  if (response.status !== 201) throw new Error(`manifest ${repository}:${reference}: HTTP ${response.status} ${await response.text()}`);
  return { digest, size: body.length, mediaType };
}

export interface PushedImage {
  digest: string;
  size: number;
  mediaType: string;
  layerBytes: number;
  layers: number;
}

/** An image manifest (Docker v2 or OCI) with random layers of the given sizes and a config blob. */
export async function pushImage(
  host: string,
  repository: string,
  options: {
    layerSizes: number[];
    tag?: string;
    oci?: boolean;
    platform?: { os: string; architecture: string; variant?: string };
    auth?: { user: string; password: string };
  },
): Promise<PushedImage> {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const oci = options.oci ?? false;
  const config = Buffer.from(JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [] }, config: {} }));
  const configBlob = await pushBlob(host, repository, config, options.auth);
  const layers = [];
  for (const size of options.layerSizes) {
    const blob = await pushBlob(host, repository, randomBytes(size), options.auth);
    layers.push({ mediaType: oci ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...blob });
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: oci ? 'application/vnd.oci.image.manifest.v1+json' : 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', ...configBlob },
    layers,
  };
  const put = await putManifest(host, repository, options.tag, manifest, options.auth);
  return { ...put, layerBytes: options.layerSizes.reduce((a, b) => a + b, 0), layers: layers.length };
}

/** A BuildKit-style attestation manifest (an in-toto layer); the index ties it to its image. */
export async function pushAttestation(host: string, repository: string, size: number): Promise<PushedImage> {
  const configBlob = await pushBlob(
    host,
    repository,
    Buffer.from('{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":[]}}'),
  );
  const statement = await pushBlob(host, repository, randomBytes(size));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
    layers: [{ mediaType: 'application/vnd.in-toto+json', ...statement, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }],
  };
  const put = await putManifest(host, repository, undefined, manifest);
  return { ...put, layerBytes: size, layers: 1 };
}

/** An HTTP server on 127.0.0.1 for the test; closed (connections destroyed) by `stopAll()`. */
export async function serve(handler: http.RequestListener): Promise<{ host: string; port: number; server: http.Server; connections: () => number }> {
  const server = http.createServer(handler);
  let connections = 0;
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { host: `127.0.0.1:${port}`, port, server, connections: () => connections };
}

/** Forwards a request to `target` (host:port) and pipes the answer back; `headers` replaces the incoming ones. */
export function forward(target: string, request: http.IncomingMessage, response: http.ServerResponse, headers: http.OutgoingHttpHeaders = {}): void {
  const upstream = http.request(
    `http://${target}${request.url}`,
    { method: request.method, headers: { accept: request.headers.accept ?? '*/*', ...headers } },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    response.writeHead(502);
    response.end();
  });
  request.pipe(upstream);
}
