// A push query's way out to its client, bounded: rows wait in the response's buffers (node:http's
// and the socket's, or the HTTP/2 frame queue of server.ts) while the client is slow, and once
// more than `max` bytes wait, the query is ended and the response destroyed, so a client that
// never reads costs at most `max` bytes (ksql.query.push.buffer.max.bytes).
import type { ServerResponse } from 'node:http';

/** Bytes queued by a response wrapper in front of node's own buffers (server.ts's HTTP/2 writer). */
const queuedBy = new WeakMap<ServerResponse, () => number>();

export function registerQueue(res: ServerResponse, queued: () => number): void {
  queuedBy.set(res, queued);
}

/** Bytes written to `res` that the client has not taken yet (as far as this process can tell). */
export function unsentBytes(res: ServerResponse): number {
  return (queuedBy.get(res)?.() ?? 0) + res.writableLength;
}

export interface PushOutput {
  /** Writes `text`; false (nothing written) once the query was ended for a client that does not read. */
  write(text: string): boolean;
  readonly overflowed: boolean;
}

export function pushOutput(res: ServerResponse, max: number, onOverflow: (unsent: number) => void): PushOutput {
  let overflowed = false;
  return {
    write(text) {
      if (overflowed || res.destroyed) return false;
      const unsent = unsentBytes(res);
      if (unsent + Buffer.byteLength(text) > max) {
        overflowed = true;
        onOverflow(unsent);
        return false;
      }
      res.write(text);
      return true;
    },
    get overflowed() {
      return overflowed;
    },
  };
}
