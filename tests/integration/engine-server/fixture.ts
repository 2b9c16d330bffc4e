// Starts the embedded engine's REST server on a free loopback port for one test file, with
// small fetch helpers that return status, content type and body text.
import { afterAll, beforeAll } from 'vitest';
import { KsqlServer } from '../../../engine/server/server.js';

export interface Reply {
  status: number;
  type: string;
  text: string;
  json: () => unknown;
}

export interface Fixture {
  url: () => string;
  server: () => KsqlServer;
  post: (path: string, body: unknown, accept?: string) => Promise<Reply>;
  get: (path: string) => Promise<Reply>;
  ksql: (sql: string, extra?: Record<string, unknown>) => Promise<Reply>;
}

async function reply(r: Response): Promise<Reply> {
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as unknown };
}

export function useServer(o: { sequenceWaitMs?: number } = {}): Fixture {
  let server: KsqlServer | undefined;
  let url = '';
  beforeAll(async () => {
    server = new KsqlServer({
      host: '127.0.0.1',
      port: 0,
      ...(o.sequenceWaitMs !== undefined ? { sequenceWaitMs: o.sequenceWaitMs } : {}),
    });
    url = await server.start();
  });
  afterAll(async () => {
    await server?.close();
  });
  const post = async (path: string, body: unknown, accept = 'application/vnd.ksql.v1+json'): Promise<Reply> =>
    reply(
      await fetch(url + path, {
        method: 'POST',
        headers: { Accept: accept, 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return {
    url: () => url,
    server: () => server!,
    post,
    get: async (path) => reply(await fetch(url + path, { headers: { Accept: 'application/json' } })),
    ksql: (sql, extra = {}) => post('/ksql', { ksql: sql, streamsProperties: {}, ...extra }),
  };
}

/** Lines of a delimited reply, each parsed as JSON. */
export const lines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
