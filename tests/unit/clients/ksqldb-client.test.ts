import { describe, expect, it } from 'vitest';
import { KsqlDbClient } from '../../../cli/clients/ksqldb/client.js';
import { executeStatement, type ExecuteOptions } from '../../../cli/clients/ksqldb/execute.js';
import { decodeError, decodeQueryStream, decodeInsertAcks } from '../../../cli/clients/ksqldb/decode.js';
import { Secret } from '../../../core/secret.js';
import { KsqlDbError, RetriesExhaustedError } from '../../../core/errors/ziem-error.js';
import { replayFetch } from './replay-fetch.js';

// Bodies as a ksqlDB server sends them (shapes from ksqldb-rest-model, see ksqldb-notes.md §1).
const ksql_createStreamQueued = [
  {
    '@type': 'currentStatus',
    statementText: "CREATE STREAM P (ID STRING KEY) WITH (KAFKA_TOPIC='p', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON');",
    commandId: 'stream/`P`/create',
    commandStatus: { status: 'QUEUED', message: 'Statement written to command topic', queryId: null },
    commandSequenceNumber: 7,
    warnings: [],
  },
];
const status_success = { status: 'SUCCESS', message: 'Stream created', queryId: null };
const ksql_statementError = {
  '@type': 'statement_error',
  error_code: 40001,
  message: "Cannot add table 'T': A stream with the same name already exists",
  statementText: "CREATE TABLE T (ID STRING PRIMARY KEY) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');",
  entities: [],
};
const ksql_sequenceTimeout = {
  '@type': 'generic_error',
  error_code: 50301,
  message: 'Timed out while waiting for a previous command to execute. command sequence number: 7',
};

function options(sleeps: number[] = []): ExecuteOptions {
  let t = 0;
  return {
    retry: {
      retries: 3,
      initialDelayMs: 100,
      maxDelayMs: 1000,
      multiplier: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
        t += ms;
      },
      random: () => 1,
    },
    commandTimeoutMs: 10_000,
    pollIntervalMs: 250,
    now: () => t,
  };
}

describe('ksqlDB client', () => {
  it('follows a QUEUED command to SUCCESS through /status with the backticks encoded', async () => {
    const r = replayFetch([
      { method: 'POST', path: '/ksql', status: 200, body: ksql_createStreamQueued },
      { method: 'GET', path: '/status/stream/%60P%60/create', status: 200, body: status_success },
    ]);
    const client = new KsqlDbClient({ baseUrl: 'http://ksql.test:8088', timeoutMs: 1000, fetch: r.fetch });
    const entities = await executeStatement(
      client,
      "CREATE STREAM p (id STRING KEY) WITH (kafka_topic='p', value_format='JSON');",
      options(),
    );
    r.assertAllUsed();
    expect(entities[0]).toMatchObject({ commandStatus: { status: 'SUCCESS', message: 'Stream created' } });
    expect(client.commandSequenceNumber).toBe(7);
  });

  it('sends the highest sequence number seen with the next statement', async () => {
    const r = replayFetch([
      {
        method: 'POST',
        path: '/ksql',
        status: 200,
        body: ksql_createStreamQueued.map((e) => ({ ...e, commandStatus: status_success })),
      },
      {
        method: 'POST',
        path: '/ksql',
        status: 200,
        body: [],
        expectBody: (b) => expect(JSON.parse(b).commandSequenceNumber).toBe(7),
      },
    ]);
    const client = new KsqlDbClient({ baseUrl: 'http://ksql.test:8088', timeoutMs: 1000, fetch: r.fetch });
    await client.ksql('CREATE STREAM …;');
    await client.ksql("SET 'auto.offset.reset'='earliest';");
    r.assertAllUsed();
  });

  it('retries 50301 with backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    const r = replayFetch([
      { method: 'POST', path: '/ksql', status: 503, body: ksql_sequenceTimeout },
      { method: 'POST', path: '/ksql', status: 200, body: [] },
    ]);
    const client = new KsqlDbClient({ baseUrl: 'http://ksql.test:8088', timeoutMs: 1000, fetch: r.fetch });
    await executeStatement(client, 'DROP STREAM X;', options(sleeps));
    r.assertAllUsed();
    expect(sleeps).toEqual([100]);
  });

  it('fails at once on a statement_error with the code, message and statement', async () => {
    const r = replayFetch([{ method: 'POST', path: '/ksql', status: 400, body: ksql_statementError }]);
    const client = new KsqlDbClient({ baseUrl: 'http://ksql.test:8088', timeoutMs: 1000, fetch: r.fetch });
    const err = await executeStatement(client, 'CREATE TABLE T …;', options()).catch((e: unknown) => e);
    r.assertAllUsed();
    expect(err).toBeInstanceOf(KsqlDbError);
    expect(err).toMatchObject({ errorCode: 40001, httpStatus: 400, retriable: false });
    expect((err as KsqlDbError).message).toContain('A stream with the same name already exists');
    expect((err as KsqlDbError).statementText).toContain('CREATE TABLE T');
  });

  it('reports an ERROR command status as a failure', async () => {
    const r = replayFetch([
      { method: 'POST', path: '/ksql', status: 200, body: ksql_createStreamQueued },
      {
        method: 'GET',
        path: '/status/stream/%60P%60/create',
        status: 200,
        body: { status: 'ERROR', message: 'Topic p does not exist', queryId: null },
      },
    ]);
    const client = new KsqlDbClient({ baseUrl: 'http://ksql.test:8088', timeoutMs: 1000, fetch: r.fetch });
    await expect(executeStatement(client, 'CREATE STREAM …;', options())).rejects.toThrow('Topic p does not exist');
  });

  it('gives up on a server that stays initializing', async () => {
    const init = { '@type': 'generic_error', error_code: 50302, message: 'Server initializing' };
    const r = replayFetch(
      Array.from({ length: 4 }, () => ({ method: 'POST', path: '/ksql', status: 503, body: init })),
    );
    const client = new KsqlDbClient({ baseUrl: 'http://ksql.test:8088', timeoutMs: 1000, fetch: r.fetch });
    await expect(executeStatement(client, 'SHOW STREAMS;', options())).rejects.toBeInstanceOf(RetriesExhaustedError);
    r.assertAllUsed();
  });

  it('sends basic auth without ever putting the password in an error', async () => {
    const r = replayFetch([{ method: 'GET', path: '/info', status: 401, body: '<html>Unauthorized</html>' }]);
    const client = new KsqlDbClient({
      baseUrl: 'http://ksql.test:8088',
      timeoutMs: 1000,
      fetch: r.fetch,
      auth: { user: 'u', password: new Secret('pw-123') },
    });
    const err = (await client.info().catch((e: unknown) => e)) as KsqlDbError;
    expect(r.requests[0]!.headers['Authorization']).toBe('Basic ' + Buffer.from('u:pw-123').toString('base64'));
    expect(err.errorCode).toBe(40100);
    expect(err.retriable).toBe(false);
    expect(err.hint).toContain('ZIEM_KSQL_PASSWORD');
    expect(err.message).not.toContain('pw-123');
  });

  it('names the server when it cannot be reached', async () => {
    const client = new KsqlDbClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await expect(client.info()).rejects.toThrow(/cannot reach ksqlDB at http:\/\/127\.0\.0\.1:1/);
  });
});

describe('ksqlDB decoders', () => {
  it('decodes a delimited /query-stream reply', () => {
    const text =
      '{"queryId":"transient_F_28","columnNames":["SRC","N"],"columnTypes":["STRING","BIGINT"]}\n["10.0.0.1",1500]\n["10.0.0.2",3]\n';
    expect(decodeQueryStream(200, text)).toEqual({
      header: { queryId: 'transient_F_28', columnNames: ['SRC', 'N'], columnTypes: ['STRING', 'BIGINT'] },
      rows: [
        ['10.0.0.1', 1500],
        ['10.0.0.2', 3],
      ],
    });
  });

  it('sorts out-of-order insert acks by seq', () => {
    expect(decodeInsertAcks(200, '{"status":"ok","seq":1}\n{"status":"ok","seq":0}\n').map((a) => a.seq)).toEqual([
      0, 1,
    ]);
  });

  it('maps a plain-text 404 to 40400', () => {
    expect(decodeError(404, 'Not Found')).toMatchObject({ errorCode: 40400, retriable: false });
  });

  it('marks 429 retriable', () => {
    expect(decodeError(429, '{"error_code":42900,"message":"Too many requests"}').retriable).toBe(true);
  });
});
