// The ksql-migrations metadata flow end to end through `ziem ksql serve` (run in-process on a
// free port) and ziem's own ksqlDB client: create MIGRATION_EVENTS and the
// MIGRATION_SCHEMA_VERSIONS CTAS, write state rows via /inserts-stream, read them back by key.
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { makeContext } from '../../../cli/context.js';
import { KsqlDbClient } from '../../../cli/clients/ksqldb/client.js';
import { executeStatement } from '../../../cli/clients/ksqldb/execute.js';
import { defaultRetry } from '../../../core/retry.js';
import {
  CURRENT_KEY,
  metadataStatements,
  rowFromQuery,
  rowToInsert,
  stateChangeRows,
  VERSIONS_TABLE,
  EVENTS_STREAM,
} from '../../../cli/ksql/metadata.js';
import { runServe } from '../../../cli/ksql-engine/serve.js';

const abort = new AbortController();
let served: Promise<void>;
let client: KsqlDbClient;
const out: string[] = [];
const err: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

beforeAll(async () => {
  const port = await freePort();
  const config = loadConfig({ env: { ZIEM_KSQL_URL: `http://127.0.0.1:${port}` }, cwd: '/nonexistent' });
  const ctx = makeContext({
    config,
    json: true,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  served = runServe(ctx, { signal: abort.signal });
  for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  client = new KsqlDbClient({ baseUrl: config.ksql.url, timeoutMs: 10_000 });
});

afterAll(async () => {
  abort.abort();
  await served;
});

const exec = (sql: string): ReturnType<typeof executeStatement> =>
  executeStatement(client, sql, {
    retry: { ...defaultRetry, retries: 2 },
    commandTimeoutMs: 5_000,
    pollIntervalMs: 50,
    now: Date.now,
  });

it('serve prints its URL as JSON on stdout and progress on stderr', () => {
  expect(JSON.parse(out[0]!)).toEqual({ url: client.baseUrl, version: '0.29.0', driver: 'memory' });
  expect(err.join('')).toContain('listening on');
});

it('creates the metadata, writes state rows and reads CURRENT back by key', async () => {
  const info = await client.info();
  expect(info.version).toBe('0.29.0');
  const [stream, table] = metadataStatements('default_', 1);
  const created = await exec(stream!);
  expect(created[0]).toMatchObject({ '@type': 'currentStatus', commandStatus: { status: 'SUCCESS' } });
  const ctas = await exec(table!);
  expect(ctas[0]).toMatchObject({ commandId: `table/\`${VERSIONS_TABLE}\`/create` });
  expect(client.commandSequenceNumber).toBeGreaterThanOrEqual(1);

  const [d] = await client.ksql(`DESCRIBE ${EVENTS_STREAM};`);
  expect((d as { sourceDescription: { topic: string } }).sourceDescription.topic).toBe('default_ksql_MIGRATION_EVENTS');

  const running = stateChangeRows({
    version: 1,
    name: 'Flows',
    checksum: 'abc',
    state: 'RUNNING',
    startedOn: 1000,
    previous: undefined,
  });
  await client.insert(EVENTS_STREAM, running.map(rowToInsert));
  const migrated = stateChangeRows({
    version: 1,
    name: 'Flows',
    checksum: 'abc',
    state: 'MIGRATED',
    startedOn: 1000,
    completedOn: 2000,
    previous: undefined,
  });
  const acks = await client.insert(EVENTS_STREAM, migrated.map(rowToInsert));
  expect(acks.map((a) => a.status)).toEqual(['ok', 'ok']);

  const q = await client.query(`SELECT * FROM ${VERSIONS_TABLE} WHERE VERSION_KEY='${CURRENT_KEY}';`);
  expect(q.header.columnNames).toEqual([
    'VERSION_KEY',
    'VERSION',
    'NAME',
    'STATE',
    'CHECKSUM',
    'STARTED_ON',
    'COMPLETED_ON',
    'PREVIOUS',
    'ERROR_REASON',
  ]);
  expect(q.rows).toHaveLength(1);
  expect(rowFromQuery(q.header.columnNames, q.rows[0]!)).toEqual(migrated[0]);

  const v1 = await client.query(`SELECT * FROM ${VERSIONS_TABLE} WHERE VERSION_KEY='1';`);
  expect(rowFromQuery(v1.header.columnNames, v1.rows[0]!)).toMatchObject({
    versionKey: '1',
    state: 'MIGRATED',
    completedOn: '2000',
    previous: '<none>',
    errorReason: 'N/A',
  });
});

it('the client follows commands and sees read-after-write with its sequence number', async () => {
  const r = await exec(
    "CREATE STREAM after_meta (a INT) WITH (kafka_topic='after_meta', value_format='json', partitions=1);",
  );
  expect(r[0]).toMatchObject({ commandStatus: { status: 'SUCCESS' } });
  const status = await client.status((r[0] as { commandId: string }).commandId);
  expect(status.status).toBe('SUCCESS');
  const [streams] = await client.ksql('SHOW STREAMS;');
  expect((streams as { streams: Array<{ name: string }> }).streams.map((s) => s.name)).toEqual([
    'AFTER_META',
    EVENTS_STREAM,
  ]);
  const health = await client.health();
  expect(health).toMatchObject({ isHealthy: true, serverState: 'READY' });
});
