// The ksqlDB client against a real HTTPS server on loopback whose certificate is signed by a
// private CA made here with openssl: trusted with caPem, refused (clearly) without it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KsqlDbClient } from '../../../cli/clients/ksqldb/client.js';

let server: Server;
let url = '';
let ca = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ziem-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=ziem test CA',
  );
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl(
    'x509',
    '-req',
    '-in',
    'srv.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'srv.pem',
    '-days',
    '1',
    '-extfile',
    'san.ext',
  );
  ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
  server = createServer(
    { key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) },
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          KsqlServerInfo: {
            version: '0.29.0',
            kafkaClusterId: 'k',
            ksqlServiceId: 'default_',
            serverStatus: 'RUNNING',
          },
        }),
      );
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  url = `https://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('ksqlDB client over TLS', () => {
  it('trusts a server signed by the configured CA', async () => {
    const info = await new KsqlDbClient({ baseUrl: url, timeoutMs: 5000, caPem: ca }).info();
    expect(info.version).toBe('0.29.0');
  });

  it('refuses an unknown CA with a clear error instead of hanging', async () => {
    await expect(new KsqlDbClient({ baseUrl: url, timeoutMs: 5000 }).info()).rejects.toThrow(
      /cannot reach ksqlDB at https:\/\/127\.0\.0\.1:\d+ .*(CERT|certificate|SELF_SIGNED|UNABLE)/i,
    );
  });
});
