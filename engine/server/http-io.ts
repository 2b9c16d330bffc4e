// Small node:http helpers: read a request body with a size cap, send JSON or an error in
// ksqlDB's shape. Non-streaming replies are always application/json (as the server sends them).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RestError } from './rest-error.js';
import { stringifyJson } from '../types/exact-json.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RestError(413, 41300, `Request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
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
