/**
 * A response that is JSON already, as UTF-8 pieces. The outline of a 10k-line file is 820 KB of JSON,
 * and JSON.stringify of it, then its encoding, took 6-11 ms on every change of the document, although
 * an edit changes one stage: documentSymbol.ts keeps each stage's JSON and answers with the pieces.
 * Over stdio (VS Code's client, and other editors) `jsonEncoder` writes such a result as it is; any
 * other transport serializes the message itself and gets the value through `toJSON`.
 */
export class RawJson {
  constructor(readonly pieces: readonly Uint8Array[]) {}

  /** A JSON array of the given JSON values. */
  static array(items: readonly Uint8Array[]): RawJson {
    const pieces: Uint8Array[] = [OPEN];
    items.forEach((item, i) => { if (i > 0) pieces.push(COMMA); pieces.push(item); });
    pieces.push(CLOSE);
    return new RawJson(pieces);
  }

  toJSON(): unknown {
    return JSON.parse(Buffer.concat(this.pieces).toString('utf8'));
  }
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/** A value as UTF-8 JSON, to be a piece of a RawJson. */
export function jsonBytes(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

interface Message { jsonrpc: string; id?: number | string | null; result?: unknown }

/** vscode-jsonrpc's `contentTypeEncoder`: JSON.stringify, except that a RawJson result goes in as it is. */
export const jsonEncoder = {
  name: 'application/json',
  encode(message: Message, options: { charset: BufferEncoding }): Promise<Uint8Array> {
    try {
      if (message.result instanceof RawJson && (options.charset === 'utf-8' || options.charset === 'utf8')) {
        const head = Buffer.from(`{"jsonrpc":${JSON.stringify(message.jsonrpc)},"id":${JSON.stringify(message.id)},"result":`, 'utf8');
        return Promise.resolve(Buffer.concat([head, ...message.result.pieces, Buffer.from('}')]));
      }
      return Promise.resolve(Buffer.from(JSON.stringify(message), options.charset));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
