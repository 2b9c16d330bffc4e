// Small node:http helpers: read a request body with a size cap, send JSON or an error in
// ksqlDB's shape. Non-streaming replies are always application/json (as the server sends them).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RestError } from './rest-error.js';
import { stringifyJson } from '../types/exact-json.js';

const tooLarge = (max: number): RestError =>
  new RestError(413, 41300, `Request body larger than ${max} bytes (ksql.server.request.max.bytes)`);

/** The whole body, or a 413 once it passes `max` bytes. The rest of a refused body is read and
 *  dropped rather than the connection reset, so the client gets to read the 413. */
export function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = (): void => {
      refused = true;
      chunks.length = 0;
      reject(tooLarge(max));
    };
    if (Number.isFinite(declared) && declared > max) refuse();
    req.on('data', (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > max) return refuse();
      chunks.push(c);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = stringifyJson(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Any failure becomes ksqlDB's error body; unexpected ones are 500 50000 with their message. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e =
    err instanceof RestError
      ? err
      : new RestError(500, 50000, err instanceof Error ? err.message : String(err), { cause: err });
  if (res.headersSent) {
    // a streaming reply already started: the error travels as one more line (ksqlDB's mid-stream error)
    res.end(JSON.stringify(e.body()) + '\n');
    return;
  }
  sendJson(res, e.httpStatus, e.body(), e.httpStatus === 503 ? { 'Retry-After': '10' } : {});
}

export function sendNotFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 9 });
  res.end('Not Found');
}
