// `ziem ksql serve` over TLS with a self-signed certificate made here with openssl: ALPN picks
// HTTP/2 (h2) or HTTP/1.1 on the one port, for curl, node:https, a TLS client offering no ALPN and
// the npm ksqldb-client (HTTP/2 over TLS); the settings come from the flags or ziem's config
// (ksql.serverCertFile/serverKeyFile, an encrypted key's passphrase from the environment); bad
// settings are refused before listening, with the file or field named.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KsqldbClient, type Data } from './ksqldb-client.js';
import { freePort } from '../engine-kafka/server-process.js';
import { serve, serveRefused, type Served } from './serve-process.js';

const KEY_PASSWORD = 'tls-test-passphrase-8c41';

let dir = '';
let server: Served;
let ca = '';
const file = (name: string): string => join(dir, name);

function makeCertificates(): void {
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  // self-signed: the certificate is its own CA, valid for 127.0.0.1 and localhost
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'key.pem',
    '-out',
    'cert.pem',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  );
  // another key, which does not belong to cert.pem
  ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other-key.pem');
  // cert.pem's key, encrypted with a passphrase
  ssl('pkey', '-in', 'key.pem', '-aes256', '-passout', `pass:${KEY_PASSWORD}`, '-out', 'key-encrypted.pem');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ziem-serve-tls-'));
  makeCertificates();
  ca = readFileSync(file('cert.pem'), 'utf8');
  server = await serve(['--tls-cert', file('cert.pem'), '--tls-key', file('key.pem')]);
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const WRITE_OUT = '\n%{http_code} %{http_version}';

async function curl(
  args: string[],
  url = server.url,
): Promise<{ status: number; version: string; body: string; exitCode: number; stderr: string }> {
  const r = await execa(
    'curl',
    ['-sS', '--cacert', file('cert.pem'), '-w', WRITE_OUT, ...args.slice(0, -1), url + args.at(-1)!],
    {
      reject: false,
    },
  );
  const cut = r.stdout.lastIndexOf('\n');
  const [status, version] = r.stdout.slice(cut + 1).split(' ');
  return {
    status: Number(status),
    version: version ?? '',
    body: r.stdout.slice(0, cut),
    exitCode: r.exitCode ?? -1,
    stderr: r.stderr,
  };
}

const json = ['-H', 'Content-Type: application/json', '-H', 'Accept: application/json'];

describe('ziem ksql serve over TLS (ALPN h2, http/1.1)', () => {
  it('prints an https URL and answers curl over HTTP/2 and over HTTP/1.1', async () => {
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const h2 = await curl(['--http2', '/info']);
    expect(h2).toMatchObject({ status: 200, version: '2', exitCode: 0 });
    expect(JSON.parse(h2.body)).toMatchObject({ KsqlServerInfo: { version: '0.29.0' } });
    const h1 = await curl(['--http1.1', '/info']);
    expect(h1).toMatchObject({ status: 200, version: '1.1', exitCode: 0 });
    const created = await curl([
      '--http2',
      ...json,
      '-d',
      JSON.stringify({
        ksql: "CREATE STREAM tls_s (id VARCHAR KEY, b INT) WITH (kafka_topic='tls_s', partitions=1, value_format='JSON');",
      }),
      '/ksql',
    ]);
    expect(created.status).toBe(200);
    const inserted = await curl([
      '--http2',
      '--data-binary',
      '{"target":"TLS_S"}\n{"ID":"a","B":1}\n{"ID":"b","B":2}\n',
      '/inserts-stream',
    ]);
    expect(inserted).toMatchObject({ status: 200, version: '2' });
    expect(inserted.body.trim().split('\n')).toEqual(['{"status":"ok","seq":0}', '{"status":"ok","seq":1}']);
  });

  it('frames /query-stream over h2 and /query over HTTP/1.1 as in cleartext', async () => {
    const stream = await curl([
      '--http2',
      '-H',
      'Accept: application/vnd.ksqlapi.delimited.v1',
      '-d',
      JSON.stringify({
        sql: 'SELECT B FROM tls_s EMIT CHANGES LIMIT 2;',
        properties: { 'auto.offset.reset': 'earliest' },
      }),
      '/query-stream',
    ]);
    expect(stream).toMatchObject({ status: 200, version: '2' });
    expect(stream.body.trim().split('\n').slice(1)).toEqual(['[1]', '[2]']);
    const query = await curl([
      '--http1.1',
      ...json,
      '-d',
      JSON.stringify({
        ksql: 'SELECT B FROM tls_s EMIT CHANGES LIMIT 1;',
        streamsProperties: { 'auto.offset.reset': 'earliest' },
      }),
      '/query',
    ]);
    expect(query).toMatchObject({ status: 200, version: '1.1' });
    expect(query.body).toMatch(
      /^\[\{"header":\{[^\n]+\}\},\n\{"row":\{"columns":\[1\]\}\},\n\{"finalMessage":"Limit Reached"\}\]\n$/,
    );
  });

  it('node:https (HTTP/1.1, no ALPN offered) is served HTTP/1.1', async () => {
    const r = await new Promise<{ status: number; alpn: string | false; body: string }>((resolve, reject) => {
      const req = request(
        server.url + '/ksql',
        { method: 'POST', ca, headers: { 'Content-Type': 'application/json' } },
        (res) => {
          const alpn = (res.socket as TLSSocket).alpnProtocol ?? false;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, alpn, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ ksql: 'SHOW STREAMS;' }));
    });
    // node:https offers no ALPN by default: the server falls back to HTTP/1.1
    expect(r.status).toBe(200);
    expect(r.alpn).toBe(false);
    expect((JSON.parse(r.body) as [{ streams: { name: string }[] }])[0].streams.map((s) => s.name)).toContain('TLS_S');
  });

  it('a TLS client offering ALPN http/1.1 only, or no ALPN at all, is served HTTP/1.1', async () => {
    for (const alpn of [['http/1.1'], undefined]) {
      const r = await new Promise<{ alpn: string | false; head: string }>((resolve, reject) => {
        const s = tlsConnect(
          { host: '127.0.0.1', port: server.port, ca, ...(alpn ? { ALPNProtocols: alpn } : {}) },
          () => {
            s.write('GET /healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
          },
        );
        let head = '';
        s.setEncoding('utf8');
        s.on('data', (c: string) => (head += c));
        s.on('end', () => resolve({ alpn: s.alpnProtocol ?? false, head }));
        s.on('error', reject);
      });
      expect(r.alpn).toBe(alpn ? 'http/1.1' : false);
      expect(r.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(r.head).toMatch(/"isHealthy":true/);
    }
  });

  it('the npm ksqldb-client runs over HTTP/2 with TLS, trusting the certificate as its CA', async () => {
    const client = new KsqldbClient({
      host: 'https://127.0.0.1',
      port: server.port,
      authorization: { ssl: { ca, cert: '', key: '' } },
    });
    await client.connect();
    try {
      const t = await client.executeStatement(
        "CREATE TABLE tls_t (id VARCHAR PRIMARY KEY, b INT) WITH (kafka_topic='tls_t', partitions=1, value_format='JSON');",
      );
      expect(t.status).toBe(200);
      expect((await client.insertInto('TLS_T', { ID: 'k', B: 5 })).data.rows).toEqual([{ status: 'ok', seq: 0 }]);
      const calls: Data[] = [];
      const push = await client.streamQuery('SELECT * FROM tls_s EMIT CHANGES LIMIT 2;', (d) => calls.push(d), {
        streamsProperties: { 'auto.offset.reset': 'earliest' },
      });
      expect(push.status).toBe(200);
      expect(calls.flatMap((c) => c.rows ?? [])).toEqual([
        { ID: 'a', B: 1 },
        { ID: 'b', B: 2 },
      ]);
      const pull = await client.query("SELECT * FROM tls_t WHERE id = 'k';");
      expect(pull.data!.rows).toEqual([{ ID: 'k', B: 5 }]);
    } finally {
      await client.disconnect();
    }
  });

  it('a client that does not trust the certificate fails its handshake; the server keeps serving', async () => {
    const untrusted = await execa('curl', ['-sS', '--http2', server.url + '/info'], { reject: false });
    expect(untrusted.exitCode).toBe(60); // curl: peer certificate cannot be authenticated
    const plain = await execa('curl', ['-sS', '--http2-prior-knowledge', `http://127.0.0.1:${server.port}/info`], {
      reject: false,
    });
    expect(plain.exitCode).not.toBe(0);
    expect((await curl(['--http2', '/info'])).status).toBe(200);
  });

  it('takes the PEM files from ziem’s config, and an encrypted key’s passphrase from the environment', async () => {
    const s = await serve([], {
      ZIEM_KSQL_SERVER_CERT_FILE: file('cert.pem'),
      ZIEM_KSQL_SERVER_KEY_FILE: file('key-encrypted.pem'),
      ZIEM_KSQL_SERVER_KEY_PASSWORD: KEY_PASSWORD,
    });
    try {
      expect(s.url).toMatch(/^https:\/\//);
      expect(await curl(['--http2', '/healthcheck'], s.url)).toMatchObject({ status: 200, version: '2' });
      expect(s.stderr()).not.toContain(KEY_PASSWORD);
    } finally {
      await s.stop();
    }
  });

  it('refuses bad TLS settings before listening, naming the flag or field', async () => {
    const port = await freePort();
    // five refused starts, side by side
    const [noKey, mismatch, missing, noPassphrase, httpsUrl] = await Promise.all([
      serveRefused(['--tls-cert', file('cert.pem')]),
      serveRefused(['--tls-cert', file('cert.pem'), '--tls-key', file('other-key.pem')]),
      serveRefused([], { ZIEM_KSQL_SERVER_CERT_FILE: file('absent.pem'), ZIEM_KSQL_SERVER_KEY_FILE: file('key.pem') }),
      serveRefused([], {
        ZIEM_KSQL_SERVER_CERT_FILE: file('cert.pem'),
        ZIEM_KSQL_SERVER_KEY_FILE: file('key-encrypted.pem'),
      }),
      serveRefused([], { ZIEM_KSQL_URL: `https://127.0.0.1:${port}` }),
    ]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('--tls-cert is set without its key');
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(
      /--tls-cert .*cert\.pem and --tls-key .*other-key\.pem are not a usable PEM certificate and key: .*key values mismatch/,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/field ksql\.serverCertFile: cannot read .*absent\.pem: ENOENT/);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.stderr).toMatch(/field ksql\.serverKeyFile .*key-encrypted\.pem are not a usable/);
    expect(noPassphrase.stderr).toContain('ZIEM_KSQL_SERVER_KEY_PASSWORD');
    expect(httpsUrl.code).toBe(2);
    expect(httpsUrl.stderr).toContain('(https) but no server certificate is configured');
    for (const r of [noKey, mismatch, missing, noPassphrase, httpsUrl]) expect(r.stdout).toBe('');
  });
});
