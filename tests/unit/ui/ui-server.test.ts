// The map server's access policy without a database behind it (requests refused before any query):
// loopback names only on a loopback bind; with a token, 401 without it, and `?token=` answered with
// an HttpOnly cookie and a redirect that drops the token from the address. The token file is 0600.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import { startUiServer, TOKEN_COOKIE, type UiServer } from '../../../cli/ui/server.js';
import { ensureUiToken, isLoopback, tokenMatches, uiTokenFile } from '../../../cli/ui/ui-token.js';
import { isInternal, parseCidrs } from '../../../cli/ui/map-query.js';
import type { LiveFeed } from '../../../cli/ui/live-feed.js';
import { Secret } from '../../../core/secret.js';

const dir = mkdtempSync(join(tmpdir(), 'ziem-ui-unit-'));
// a driver to a port nothing listens on: the requests under test must be answered before any query
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused'));
const feed: LiveFeed = {
  ready: Promise.resolve(),
  subscribe: () => () => undefined,
  snapshot: () => ({ type: 'snapshot', alerts: [], incidents: [] }),
  close: async () => undefined,
};
const assets = new Map([['index.html', { body: Buffer.from('<html>map</html>'), type: 'text/html' }]]);
let open: UiServer;
let local: UiServer;
let token: Secret;

/** GET with a chosen Host header (fetch does not let one set it). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  token = ensureUiToken(dir);
  const common = { port: 0, driver, feed, cidrs: parseCidrs(['10.77.0.0/24']), assets };
  open = await startUiServer({ ...common, host: '0.0.0.0', token });
  local = await startUiServer({ ...common, host: '127.0.0.1', token: undefined });
});

afterAll(async () => {
  await open?.close();
  await local?.close();
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the map server', () => {
  it('generates the token once into a 0600 file and compares it in constant time', () => {
    expect(statSync(uiTokenFile(dir)).mode & 0o777).toBe(0o600);
    expect(ensureUiToken(dir).reveal()).toBe(token.reveal());
    expect(tokenMatches(token.reveal(), token)).toBe(true);
    expect(tokenMatches(token.reveal().slice(1), token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(String(token)).not.toContain(token.reveal());
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', '128.0.0.1'].some(isLoopback)).toBe(false);
  });

  it('refuses every request without the token when bound beyond loopback', async () => {
    const base = open.url.replace('0.0.0.0', '127.0.0.1');
    for (const p of ['', 'api/graph', 'api/host?ip=10.77.0.1', 'api/events', 'api/health'])
      expect((await get(base + p)).status, p).toBe(401);
    expect((await get(`${base}api/health`, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get(`${base}api/health`, { authorization: `Bearer ${token.reveal()}` })).status).toBe(200);
    expect((await get(`${base}api/health`, { cookie: `${TOKEN_COOKIE}=${token.reveal()}` })).status).toBe(200);
  });

  it('turns ?token= into an HttpOnly cookie and a redirect without it', async () => {
    const base = open.url.replace('0.0.0.0', '127.0.0.1');
    const r = await get(`${base}?token=${encodeURIComponent(token.reveal())}&window=1h`);
    expect(r.status).toBe(303);
    expect(r.headers['location']).toBe('/?window=1h');
    expect(String(r.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(r.body).not.toContain(token.reveal());
  });

  it('on loopback needs no token but answers only to loopback host names', async () => {
    expect((await get(`${local.url}api/health`)).status).toBe(200);
    expect((await get(local.url)).body).toBe('<html>map</html>');
    expect((await get(`${local.url}api/health`, { host: 'evil.example:80' })).status).toBe(403);
    expect((await get(`${local.url}api/graph?window=2d`)).status).toBe(400);
    // play-back's window end must be epoch milliseconds
    for (const at of ['soon', '-5', '1.5'])
      expect((await get(`${local.url}api/graph?window=5m&at=${at}`)).status).toBe(400);
    expect((await get(`${local.url}../../etc/passwd`)).status).toBe(404);
  });

  it('classifies hosts by the configured CIDRs and rejects a bad one', () => {
    const cidrs = parseCidrs(['10.77.0.0/24', '192.168.0.0/16']);
    expect(isInternal('10.77.0.9', cidrs)).toBe(true);
    expect(isInternal('192.168.44.1', cidrs)).toBe(true);
    expect(isInternal('10.78.0.9', cidrs)).toBe(false);
    expect(isInternal('fe80::1', cidrs)).toBe(false);
    expect(() => parseCidrs(['10.0.0.300/8'])).toThrow(/ui.internalCidrs/);
  });
});
