// The map's HTTP server: the bundled page, a JSON API over Neo4j (/api/graph?window=&at= in columns, map-wire.ts; /api/host) and the
// live feed as server-sent events (/api/events). The database credential stays here: the page only
// ever gets hosts, flows, alerts and incidents. With a token (any non-loopback bind) every request
// must present it: `?token=` once (answered with an HttpOnly cookie and a redirect that drops it
// from the address bar), the cookie, or `Authorization: Bearer`; anything else gets 401.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Driver } from 'neo4j-driver';
import type { Secret } from '../../core/secret.js';
import type { Cidr } from '../sandbox/ipv4.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { readMap } from './map-query.js';
import { readHost } from './host-query.js';
import { WINDOWS, type WindowName } from './map-wire.js';
import type { FeedEvent, LiveFeed } from './live-feed.js';
import type { Asset } from './assets.js';
import { isLoopback, tokenMatches } from './ui-token.js';

export const TOKEN_COOKIE = 'ziem_ui_token';

export interface UiServerOptions {
  host: string;
  port: number;
  /** Required of every request when set. */
  token: Secret | undefined;
  driver: Driver;
  feed: LiveFeed;
  cidrs: readonly Cidr[];
  assets: Map<string, Asset>;
  /** Problems answering (Neo4j down…), for the operator's log; never includes a secret. */
  onError?: (msg: string) => void;
}

export interface UiServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

const json = (res: ServerResponse, status: number, data: unknown): void =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(data));

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** The Host header's name without port: a loopback-bound server answers only to loopback names (DNS rebinding). */
function hostName(req: IncomingMessage): string {
  const h = req.headers.host ?? '';
  return h.startsWith('[') ? h.slice(1, h.indexOf(']')) : (h.split(':')[0] ?? '');
}

export async function startUiServer(o: UiServerOptions): Promise<UiServer> {
  const sse = new Set<ServerResponse>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://ziem-ui');
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'only GET' });
    if (o.token) {
      const fromQuery = url.searchParams.get('token') ?? undefined;
      if (fromQuery !== undefined && tokenMatches(fromQuery, o.token) && !url.pathname.startsWith('/api/')) {
        url.searchParams.delete('token');
        const rest = url.searchParams.toString();
        return send(res, 303, 'text/plain; charset=utf-8', 'signed in\n', {
          location: `${url.pathname}${rest ? `?${rest}` : ''}`,
          'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(o.token.reveal())}; HttpOnly; SameSite=Strict; Path=/`,
        });
      }
      if (!tokenMatches(bearer(req) ?? cookie(req, TOKEN_COOKIE) ?? fromQuery, o.token))
        return send(
          res,
          401,
          'text/plain; charset=utf-8',
          '401 Unauthorized: this network map needs its token. Open it as /?token=<the contents of <stateDir>/secrets/ui.token on the machine that runs `ziem ui`>\n',
          { 'www-authenticate': 'Bearer realm="ziem ui"' },
        );
    } else if (!isLoopback(hostName(req))) {
      return json(res, 403, { error: `this map answers only to loopback names, not ${hostName(req)}` });
    }
    const p = url.pathname;
    if (p === '/api/graph') {
      const w = url.searchParams.get('window') ?? 'all';
      if (!(w in WINDOWS))
        return json(res, 400, { error: `window ${w}: expected one of ${Object.keys(WINDOWS).join(', ')}` });
      const atText = url.searchParams.get('at');
      const at = atText === null ? undefined : Number(atText);
      if (at !== undefined && (!Number.isSafeInteger(at) || at < 0))
        return json(res, 400, { error: `at ${atText}: expected a window end in epoch milliseconds` });
      return json(res, 200, await readMap(o.driver, w as WindowName, o.cidrs, at));
    }
    if (p === '/api/host') {
      const ip = url.searchParams.get('ip') ?? '';
      if (!ip) return json(res, 400, { error: 'ip: missing' });
      const h = await readHost(o.driver, ip);
      return h ? json(res, 200, h) : json(res, 404, { error: `no host ${ip} in the graph` });
    }
    if (p === '/api/events') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      const write = (e: FeedEvent): void => void res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      write(o.feed.snapshot());
      const off = o.feed.subscribe(write);
      sse.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        off();
        sse.delete(res);
      });
      return;
    }
    if (p === '/api/health') return json(res, 200, { ok: true });
    const asset = o.assets.get(p === '/' ? 'index.html' : p.slice(1));
    if (asset && !p.slice(1).includes('/')) return send(res, 200, asset.type, asset.body);
    return json(res, 404, { error: `no ${p}` });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      o.onError?.(`ui: ${req.url?.split('?')[0]}: ${msg}`);
      if (!res.headersSent) json(res, 502, { error: `the graph could not be read: ${msg}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new StackError('UI_LISTEN', `cannot listen on ${o.host}:${o.port}: ${err.message}`, {
          cause: err,
          hint: err.code === 'EADDRINUSE' ? 'another process has the port: pick one with --port' : undefined,
        }),
      ),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${shown}:${port}/`,
    server,
    close: async () => {
      for (const r of sse) r.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // a page's keep-alive connections (and event streams just ended) would hold close() open
      server.closeAllConnections();
      await closed;
    },
  };
}
