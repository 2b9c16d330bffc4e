// The Python client ksql-python-ng (0.29.0.1, with httpx 0.27), pip-installed into a venv this test
// creates under its temp dir, against `ziem ksql serve`. tests/fixtures/ksql-clients/
// ksql_python_ng_steps.py drives the client (statements on /ksql over HTTP/1.1; push and pull
// queries over HTTP/2 on /query-stream and over HTTP/1.1 on /query; /inserts-stream over HTTP/2;
// /close-query) and prints one JSON line per step, which this file checks. It runs twice: on the
// cleartext port (h2c with prior knowledge) and over TLS with a self-signed certificate made here
// (httpx negotiates h2 or http/1.1 by ALPN and trusts the certificate through SSL_CERT_FILE).
// The same venv holds the `ksqldb` package (1.0.1), driven by ksqldb_steps.py: statements and
// /close-query with requests, /query-stream and /inserts-stream with httpx over HTTP/2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from './serve-process.js';

const script = resolve(import.meta.dirname, '../../fixtures/ksql-clients/ksql_python_ng_steps.py');
const ksqldbScript = resolve(import.meta.dirname, '../../fixtures/ksql-clients/ksqldb_steps.py');
const PACKAGES = ['ksql-python-ng==0.29.0.1', 'ksqldb==1.0.1', 'httpx==0.27.*'];

interface StepResult {
  step: string;
  ok: boolean;
  value?: unknown;
  error?: string;
  message?: string;
  code?: number | null;
  status?: number;
  body?: unknown;
}

/** Runs a step script against a server and reads its result lines. */
async function runSteps(file: string, url: string, env: Record<string, string> = {}): Promise<Map<string, StepResult>> {
  const steps = new Map<string, StepResult>();
  const run = await execa(join(venv, 'bin/python'), [file, url], { timeout: 120_000, reject: false, env });
  for (const line of run.stdout.split('\n').filter((l) => l.trim() !== '')) {
    const r = JSON.parse(line) as StepResult;
    steps.set(r.step, r);
  }
  if (run.exitCode !== 0) throw new Error(`${file} exited with ${run.exitCode}:\n${run.stderr}`);
  return steps;
}

/** Readers of one run's results; each fails naming the step the script never reached or failed. */
function readers(steps: Map<string, StepResult>): {
  result: (name: string) => StepResult;
  value: <T>(name: string) => T;
} {
  const result = (name: string): StepResult => {
    const r = steps.get(name);
    if (!r) throw new Error(`the Python script printed no result for step "${name}"`);
    return r;
  };
  const value = <T>(name: string): T => {
    const r = result(name);
    if (!r.ok) throw new Error(`step "${name}" failed: ${r.error}: ${r.message}`);
    return r.value as T;
  };
  return { result, value };
}

let dir = '';
let venv = '';

/** The JSON objects of a /query reply as the client yields it: one chunk per write of the server. */
const queryObjects = (chunks: string[]): unknown[] =>
  chunks
    .join('')
    .replace(/^\[/, '')
    .replace(/\]\n$/, '')
    .split(',\n')
    .map((s) => JSON.parse(s) as unknown);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ziem-pyclient-'));
  venv = join(dir, 'venv');
  await execa('python3', ['-m', 'venv', venv]).catch((err: unknown) => {
    throw new Error(`python3 -m venv failed (Debian needs the python3-venv package): ${String(err)}`);
  });
  await execa(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...PACKAGES]);
  execFileSync(
    'openssl',
    [
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
      'subjectAltName=IP:127.0.0.1',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each([
  { mode: 'cleartext, h2c', tls: false },
  { mode: 'TLS, ALPN', tls: true },
])('ksql-python-ng (pip) against ziem ksql serve ($mode)', ({ tls }) => {
  let server: Served | undefined;
  const steps = new Map<string, StepResult>();
  const { result, value } = readers(steps);

  beforeAll(async () => {
    server = await serve(tls ? ['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')] : []);
    expect(server.url.startsWith(tls ? 'https://' : 'http://')).toBe(true);
    const got = await runSteps(script, server.url, tls ? { SSL_CERT_FILE: join(dir, 'cert.pem') } : {});
    for (const [k, v] of got) steps.set(k, v);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('reads the server version and creates a stream and a table', () => {
    expect(value('version')).toBe('0.29.0');
    expect(value<unknown[]>('create stream')[0]).toMatchObject({
      '@type': 'currentStatus',
      commandStatus: { status: 'SUCCESS', message: 'Stream created' },
    });
    expect(value<unknown[]>('create table')[0]).toMatchObject({
      commandStatus: { status: 'SUCCESS', message: 'Table created' },
    });
  });

  it('INSERT VALUES answers ksqlDB’s empty entity list; /inserts-stream acks each row over HTTP/2', () => {
    expect(value('insert values')).toEqual([]);
    expect(value('inserts stream')).toEqual([
      { status: 'ok', seq: 0 },
      { status: 'ok', seq: 1 },
    ]);
    expect(value('inserts stream table')).toEqual([{ status: 'ok', seq: 0 }]);
    expect(value('inserts stream unknown target')).toEqual([
      {
        '@type': 'generic_error',
        error_code: 40000,
        message: 'Cannot insert values into an unknown stream/table: PY_NOPE',
      },
    ]);
  });

  it('runs a push query with LIMIT over HTTP/2 (/query-stream) and HTTP/1.1 (/query)', () => {
    const rows = [
      { ID: 'v1', B: 1 },
      { ID: 'i2', B: 2 },
      { ID: 'i3', B: 3 },
    ];
    expect(value('push limit http2')).toEqual(rows);
    const objects = queryObjects(value<string[]>('push limit http1'));
    expect(objects[0]).toMatchObject({ header: { schema: '`ID` STRING, `B` INTEGER' } });
    expect(objects.slice(1)).toEqual([
      ...rows.map((r) => ({ row: { columns: [r.ID, r.B] } })),
      { finalMessage: 'Limit Reached' },
    ]);
  });

  it('closes a running push query with /close-query, which then no longer knows its id', () => {
    const r = value<{ queryId: string; live: unknown; closed: boolean; after: unknown[]; closedAgain: boolean }>(
      'close running push query',
    );
    expect(r.queryId).toMatch(/^transient_PY_S_\d+$/);
    expect(r.live).toEqual([11]);
    expect(r.closed).toBe(true);
    expect(r.after).toEqual([]);
    expect(r.closedAgain).toBe(false);
  });

  it('answers a pull query by key on a plain table over both protocols', () => {
    expect(value('pull by key http2')).toEqual([{ ID: 'k1', B: 7 }]);
    const objects = queryObjects(value<string[]>('pull by key http1'));
    expect(objects.slice(1)).toEqual([{ row: { columns: ['k1', 7] } }, { finalMessage: 'Query Completed' }]);
  });

  it('answers pull queries by key on a windowed table, with and without window bounds', () => {
    const r = value<{
      rows: Array<Record<string, number | string>>;
      bounded: unknown[];
      later: unknown[];
      http1: string[];
    }>('windowed pull by key');
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row).toMatchObject({ ID: 'v1', N: 1 });
    expect(Number(row['WINDOWEND']) - Number(row['WINDOWSTART'])).toBe(3_600_000);
    expect(r.bounded).toEqual([row]);
    expect(r.later).toEqual([]);
    const objects = queryObjects(r.http1);
    expect(objects[0]).toMatchObject({
      header: { schema: '`ID` STRING, `WINDOWSTART` BIGINT, `WINDOWEND` BIGINT, `N` BIGINT' },
    });
    expect(objects.slice(1)).toEqual([
      { row: { columns: ['v1', row['WINDOWSTART'], row['WINDOWEND'], 1] } },
      { finalMessage: 'Query Completed' },
    ]);
  });

  it('SHOW STREAMS EXTENDED describes each stream (source_descriptions)', () => {
    const [entity] =
      value<Array<{ '@type': string; sourceDescriptions: Array<{ name: string; extended: boolean }> }>>(
        'show streams extended',
      );
    expect(entity!['@type']).toBe('source_descriptions');
    expect(entity!.sourceDescriptions.find((d) => d.name === 'PY_S')).toMatchObject({ extended: true });
  });

  it('TERMINATEs a persistent query and DROPs its stream', () => {
    const r = value<{
      queryId: string;
      running: string[];
      terminated: unknown[];
      after: string[];
      dropped: unknown[];
      streams: string[];
    }>('terminate and drop');
    expect(r.running).toContain(r.queryId);
    expect(r.terminated[0]).toMatchObject({ commandStatus: { status: 'SUCCESS', message: 'Query terminated.' } });
    expect(r.after).not.toContain(r.queryId);
    expect(r.dropped[0]).toMatchObject({ commandStatus: { status: 'SUCCESS' } });
    expect(r.streams).toContain('PY_S');
    expect(r.streams).not.toContain('PY_COPY');
  });

  it('surfaces the error of a bad statement and of a query on a missing source', () => {
    expect(result('bad statement')).toMatchObject({ ok: false, error: 'KSQLError', code: 40001 });
    expect(result('bad statement').message).toMatch(/Syntax Error/);
    const missing = result('query on a missing source');
    expect(missing).toMatchObject({ ok: false, error: 'ValueError' });
    expect(missing.message).toMatch(/^HTTP error encountered: 400: /);
    expect(JSON.parse(missing.message!.replace(/^HTTP error encountered: 400: /, ''))).toMatchObject({
      error_code: 40001,
      message: 'PY_MISSING does not exist.',
    });
  });
});

describe('ksqldb (pip) against ziem ksql serve (cleartext, h2c)', () => {
  let server: Served | undefined;
  const steps = new Map<string, StepResult>();
  const { result, value } = readers(steps);

  beforeAll(async () => {
    server = await serve();
    for (const [k, v] of await runSteps(ksqldbScript, server.url)) steps.set(k, v);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('creates a stream and a table; INSERT VALUES answers []', () => {
    expect(value<unknown[]>('create stream')[0]).toMatchObject({ commandStatus: { message: 'Stream created' } });
    expect(value<unknown[]>('create table')[0]).toMatchObject({ commandStatus: { message: 'Table created' } });
    expect(value('insert values')).toEqual([]);
  });

  it('acks /inserts-stream rows over HTTP/2 line by line, and reports an unknown target', () => {
    expect(value('inserts stream')).toEqual([
      { status: 'ok', seq: 0 },
      { status: 'ok', seq: 1 },
    ]);
    expect(value('inserts stream table')).toEqual([{ status: 'ok', seq: 0 }]);
    expect(value<unknown[]>('inserts stream unknown target')[0]).toMatchObject({
      error_code: 40000,
      message: 'Cannot insert values into an unknown stream/table: KDB_NOPE',
    });
  });

  it('reads a push query with LIMIT line by line (httpx AsyncClient, HTTP/2)', () => {
    const lines = value<unknown[]>('push limit');
    expect(lines[0]).toMatchObject({ columnNames: ['ID', 'B'], columnTypes: ['STRING', 'INTEGER'] });
    expect(lines.slice(1)).toEqual([
      ['v1', 1],
      ['i2', 2],
      ['i3', 3],
    ]);
  });

  it('closes a running push query with /close-query (requests, HTTP/1.1)', () => {
    expect(value('close running push query')).toMatchObject({
      live: [11],
      closed: true,
      after: [],
      closedAgain: false,
    });
  });

  it('answers a pull query by key on a plain table', () => {
    expect(value<unknown[]>('pull by key').slice(1)).toEqual([['k1', 7]]);
  });

  it('TERMINATEs a persistent query and DROPs its stream', () => {
    const r = value<{ queryId: string; running: string[]; after: string[]; streams: string[] }>('terminate and drop');
    expect(r.running).toContain(r.queryId);
    expect(r.after).not.toContain(r.queryId);
    expect(r.streams).toContain('KDB_S');
    expect(r.streams).not.toContain('KDB_COPY');
  });

  it('surfaces the error of a bad statement (HTTP 400 with the body) and of a missing source', () => {
    expect(result('bad statement')).toMatchObject({
      ok: false,
      error: 'HTTPError',
      status: 400,
      body: { '@type': 'statement_error', error_code: 40001 },
    });
    expect(value<unknown[]>('query on a missing source')).toEqual([
      expect.objectContaining({ error_code: 40001, message: 'KDB_MISSING does not exist.' }),
    ]);
  });
});
