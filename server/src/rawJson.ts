/**
 * A response that is JSON already, in pieces. The outline of a large file is a large JSON text, and
 * JSON.stringify of it, then its encoding, dominated the request on every change of the document,
 * although an edit changes one stage: documentSymbol.ts keeps each stage's JSON and answers with the
 * pieces (docs/performance.md, "The outline kept as JSON").
 * Over stdio (VS Code's client, and other editors) `framed` (messageWriter.ts) writes such a result as it is; any
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
  method?: string;
  params?: unknown;
}

/**
 * A response with a RawJson result, in pieces (written piece by piece into one buffer). The pieces stay
 * strings in the JS heap, which is compacted, rather than many small buffers whose freed memory the
 * allocator keeps (pieces as buffers left more memory resident).
 */
function rawResponsePieces(message: Message, result: RawJson): string[] {
  return [`{"jsonrpc":${JSON.stringify(message.jsonrpc)},"id":${JSON.stringify(message.id)},"result":`, ...result.pieces, '}'];
}

/** From this many diagnostics on, a publish is written a diagnostic at a time (see `diagnosticsPieces`). */
const PIECEWISE_DIAGNOSTICS = 256;

/**
 * A large publishDiagnostics as pieces: the message around the list, then each diagnostic's JSON. The
 * JSON of the whole list is a string V8 builds as a tree of parts and flattens into one fresh
 * large-object allocation before it can be encoded (365 KB for the 10k-line file's 948 diagnostics,
 * on every edit); each diagnostic's JSON is small and flat.
 */
function diagnosticsPieces(message: Message): string[] | undefined {
  if (message.method !== 'textDocument/publishDiagnostics' || typeof message.params !== 'object' || message.params === null) return undefined;
  const { diagnostics, ...rest } = message.params as { diagnostics?: unknown };
  if (!Array.isArray(diagnostics) || diagnostics.length < PIECEWISE_DIAGNOSTICS) return undefined;
  let head = `{"jsonrpc":${JSON.stringify(message.jsonrpc)},"method":${JSON.stringify(message.method)},"params":{`;
  for (const [key, value] of Object.entries(rest)) {
    const json = JSON.stringify(value) as string | undefined; // undefined for what JSON leaves out (undefined, functions)
    if (json !== undefined) head += `${JSON.stringify(key)}:${json},`;
  }
  const pieces = [`${head}"diagnostics":[`];
  for (let i = 0; i < diagnostics.length; i++) {
    const json = (JSON.stringify(diagnostics[i]) as string | undefined) ?? 'null'; // as JSON.stringify writes such an element
    pieces.push(i === 0 ? json : `,${json}`);
  }
  pieces.push(']}}');
  return pieces;
}

/** The message's JSON text in pieces: a RawJson result as it is, a large publishDiagnostics a diagnostic at a time. */
function messagePieces(message: Message): readonly string[] {
  if (message.result instanceof RawJson) return rawResponsePieces(message, message.result);
  return diagnosticsPieces(message) ?? [JSON.stringify(message)];
}

/**
 * A whole message as the base protocol frames it: the Content-Length header and the JSON body in
 * UTF-8, in one buffer, so that it goes out in one write. The body is JSON.stringify of the message,
 * except that a RawJson result goes in as it is and a large publishDiagnostics a diagnostic at a time.
 * The pieces are written one after the other into the buffer: no joined string is made.
 */
export function framed(message: Message): Buffer {
  const pieces = messagePieces(message);
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece, 'utf8');
  const head = `Content-Length: ${length}\r\n\r\n`;
  const bytes = Buffer.allocUnsafe(head.length + length); // small ones from Node's pool
  let offset = bytes.write(head, 0, 'latin1');
  for (const piece of pieces) offset += bytes.write(piece, offset, 'utf8');
  return bytes;
}
