/**
 * One HTTP(S) GET with a deadline and a bounded body, on Node's http/https only. Redirects are
 * returned, not followed (the caller decides what headers go to the next host).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { RegistryError } from './errors';

/**
 * Node's http or https, loaded on the first request: the server's start does not wait for them
 * (about 10 ms of a cold start, more than any other module Node loads for us), and a session that
 * never looks up an image size never loads them.
 */
function transport(protocol: 'https:' | 'http:'): typeof import('node:https') | typeof import('node:http') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return protocol === 'https:' ? (require('node:https') as typeof import('node:https')) : (require('node:http') as typeof import('node:http'));
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpOptions {
  /** GET (default) or HEAD. */
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** The whole exchange (connect, headers, body) must finish within this. */
  timeoutMs: number;
  /** A longer body is an error (`too-large`); the connection is dropped. */
  maxBytes: number;
}

/** `host/path` without query and credentials, for messages. */
export function describeUrl(url: URL): string {
  return `${url.host}${url.pathname}`;
}

/** What a socket error means for the user, with its code kept for searching. */
export function networkWords(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${url.hostname} could not be resolved, no network or DNS (${error.code})`;
    case 'ECONNREFUSED':
      return `${url.host} refused the connection (${error.code})`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `${url.hostname} is unreachable from this machine (${error.code})`;
    default:
      return error.code ?? error.message;
  }
}

export function get(url: URL, options: HttpOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      reject(new RegistryError('protocol', `refusing ${url.protocol} URL for ${describeUrl(url)}`));
      return;
    }
    const lib = transport(url.protocol);
    let settled = false;
    const finish = (error: Error | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    const request = lib.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      const declared = Number(response.headers['content-length']);
      if (options.method !== 'HEAD' && Number.isFinite(declared) && declared > options.maxBytes) {
        request.destroy();
        finish(new RegistryError('too-large', `${describeUrl(url)}: body of ${declared} bytes is over the ${options.maxBytes}-byte limit`));
        return;
      }
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > options.maxBytes) {
          request.destroy();
          finish(new RegistryError('too-large', `${describeUrl(url)}: body is over the ${options.maxBytes}-byte limit`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (error) => finish(new RegistryError('network', `${describeUrl(url)}: ${error.message}`)));
      response.on('aborted', () => finish(new RegistryError('network', `${describeUrl(url)}: connection closed mid-response`)));
    });
    const timer = setTimeout(() => {
      finish(new RegistryError('timeout', `${describeUrl(url)}: no answer within ${options.timeoutMs} ms`));
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish(new RegistryError('network', `${describeUrl(url)}: ${networkWords(error, url)}`)));
    request.end();
  });
}
