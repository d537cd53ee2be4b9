/**
 * A response that is JSON already, in pieces. The outline of a large file is a large JSON text, and
 * JSON.stringify of it, then its encoding, dominated the request on every change of the document,
 * although an edit changes one stage: documentSymbol.ts keeps each stage's JSON and answers with the
 * pieces (docs/performance.md, "The outline kept as JSON").
 * Over stdio (VS Code's client, and other editors) `jsonEncoder` writes such a result as it is; any
 * other transport serializes the message itself and gets the value through `toJSON`.
 */
export class RawJson {
  /** `pieces`: JSON text in parts, written one after the other. */
  constructor(readonly pieces: readonly string[]) {}

  /** A JSON array of the given JSON values. */
  static array(items: readonly string[]): RawJson {
    const pieces: string[] = ['['];
    items.forEach((item, i) => {
      if (i > 0) pieces.push(',');
      pieces.push(item);
    });
    pieces.push(']');
    return new RawJson(pieces);
  }

  toJSON(): unknown {
    return JSON.parse(this.pieces.join(''));
  }
}

interface Message {
  jsonrpc: string;
  id?: number | string | null;
  result?: unknown;
}

/**
 * The message's bytes, a RawJson result written piece by piece into one buffer: no joined string is
 * made. The pieces stay strings in the JS heap, which is compacted, rather than many small buffers
 * whose freed memory the allocator keeps (pieces as buffers left more memory resident).
 */
function rawResponse(message: Message, result: RawJson): Buffer {
  const pieces = [`{"jsonrpc":${JSON.stringify(message.jsonrpc)},"id":${JSON.stringify(message.id)},"result":`, ...result.pieces, '}'];
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(length);
  let offset = 0;
  for (const piece of pieces) offset += bytes.write(piece, offset, 'utf8');
  return bytes;
}

/** vscode-jsonrpc's `contentTypeEncoder`: JSON.stringify, except that a RawJson result goes in as it is. */
export const jsonEncoder = {
  name: 'application/json',
  encode(message: Message, options: { charset: BufferEncoding }): Promise<Uint8Array> {
    try {
      if (message.result instanceof RawJson && (options.charset === 'utf-8' || options.charset === 'utf8'))
        return Promise.resolve(rawResponse(message, message.result));
      return Promise.resolve(Buffer.from(JSON.stringify(message), options.charset));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
