/**
 * The engine's BuildKit as a parser oracle: one `POST /build?version=2` per Dockerfile, with a target
 * no file has, so BuildKit reads the whole file and stops before any step (nothing is pulled or run).
 * A file it cannot read fails with `dockerfile parse error line N: …` (some errors come without a
 * line); a file it reads fails with `target stage … could not be found`.
 */
import { request } from 'node:http';

export const NO_SUCH_TARGET = 'stagecraft-no-such-target';

export interface Verdict {
  /** True when BuildKit read the file (it then failed only on the missing target). */
  parsed: boolean;
  /** 1-based line BuildKit named, when it named one. */
  line?: number;
  /** BuildKit's error text. */
  message: string;
}

/** A tar archive (ustar) with one file `Dockerfile`: the build context and its Dockerfile. */
export function contextTar(dockerfile: string): Buffer {
  const body = Buffer.from(dockerfile, 'utf8');
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  field(0, 100, 'Dockerfile');
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, body.length.toString(8).padStart(11, '0') + '\0');
  field(136, 12, '00000000000\0');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024)]);
}

/**
 * BuildKit's verdict on one Dockerfile, from the engine on `socketPath`. With `target` (a stage of the
 * file) the engine really builds it: for files whose stages need nothing pulled (`FROM scratch`).
 */
export function engineVerdict(socketPath: string, dockerfile: string, target = NO_SUCH_TARGET): Promise<Verdict> {
  const tar = contextTar(dockerfile);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method: 'POST',
        path: `/v1.41/build?version=2&target=${encodeURIComponent(target)}&dockerfile=Dockerfile&rm=1&forcerm=1`,
        headers: { 'Content-Type': 'application/x-tar', 'Content-Length': tar.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(verdictOf(res.statusCode ?? 0, text, target !== NO_SUCH_TARGET)));
      },
    );
    req.on('error', reject);
    req.end(tar);
  });
}

/** The error of a build's JSON-lines answer (or of a plain error answer), read as a verdict; `built`: a build that may succeed. */
export function verdictOf(status: number, text: string, built = false): Verdict {
  let message = '';
  if (status >= 400) {
    try {
      message = JSON.parse(text).message ?? text;
    } catch {
      message = text;
    }
  } else {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const event = JSON.parse(line);
        if (event.error) message = event.errorDetail?.message ?? event.error;
      } catch {
        /* a partial line: ignored */
      }
    }
  }
  if (!message && built) return { parsed: true, message: '' };
  if (!message) throw new Error(`the engine built the file with a missing target: ${text.slice(0, 500)}`);
  const parsed =
    message.includes(`target stage ${NO_SUCH_TARGET} could not be found`) || message.includes(`target stage "${NO_SUCH_TARGET}" could not be found`);
  const found = /(?:parse error (?:on )?line|line) (\d+)/.exec(message);
  return { parsed, line: parsed || !found ? undefined : Number(found[1]), message };
}
