// Pure parts of the REST server: request bodies, stream formats, statement rewriting, entity
// builders, error mapping, the command store and the serve address.
import { describe, expect, it } from 'vitest';
import { readKsqlRequest, readProperties, readQueryRequest } from '../../../engine/server/request-body.js';
import { pickFormat } from '../../../engine/server/stream-format.js';
import { rewriteStatement } from '../../../engine/server/statement-text.js';
import { schemaInfo, sourceList } from '../../../engine/server/entities.js';
import { mapEngineError, RestError } from '../../../engine/server/rest-error.js';
import { CommandStore } from '../../../engine/server/command-store.js';
import { listenAddress } from '../../../cli/ksql-engine/serve.js';
import { parseStatements } from '../../../engine/syntax/index.js';
import { PlanError, ExecError } from '../../../engine/errors.js';
import { T } from '../../../engine/types/sql-types.js';
import type { SourceDef } from '../../../engine/plan/catalog.js';

const cols = { queryId: 'transient_F_1', columnNames: ['SRC', 'N'], columnTypes: ['STRING', 'BIGINT'] };

describe('request bodies', () => {
  it('reads /ksql, coercing property values and accepting both offset keys', () => {
    const r = readKsqlRequest(
      JSON.stringify({
        ksql: 'SHOW STREAMS;',
        streamsProperties: { 'ksql.streams.auto.offset.reset': 'earliest', 'ksql.x': 5 },
        commandSequenceNumber: 3,
        extra: true,
      }),
    );
    expect(r).toEqual({
      ksql: 'SHOW STREAMS;',
      streamsProperties: { 'auto.offset.reset': 'earliest', 'ksql.x': '5' },
      sessionVariables: {},
      commandSequenceNumber: 3,
    });
  });

  it('rejects bad JSON, a missing ksql field and bad overrides with 40000', () => {
    for (const text of [
      '{',
      '[]',
      '{"sql":"x"}',
      '{"ksql":"x","streamsProperties":{"a":{"b":1}}}',
      '{"ksql":"x","commandSequenceNumber":"7"}',
    ]) {
      expect(() => readKsqlRequest(text)).toThrow(RestError);
      try {
        readKsqlRequest(text);
      } catch (err) {
        expect((err as RestError).errorCode).toBe(40000);
        expect((err as RestError).httpStatus).toBe(400);
      }
    }
    expect(() => readProperties({ 'auto.offset.reset': 'never' }, 'properties')).toThrow(
      /one of: latest, earliest, none/,
    );
  });

  it('reads /query-stream with sql and properties, and /query with the /ksql shape', () => {
    expect(readQueryRequest('{"sql":"SELECT 1;","properties":{"auto.offset.reset":"earliest"}}')).toMatchObject({
      sql: 'SELECT 1;',
      properties: { 'auto.offset.reset': 'earliest' },
    });
    expect(readQueryRequest('{"ksql":"SELECT 1;","streamsProperties":{}}')).toMatchObject({ sql: 'SELECT 1;' });
  });
});

describe('stream formats', () => {
  it('delimited: header line and one array per line', () => {
    const f = pickFormat(undefined, '/query-stream');
    expect(f.contentType).toBe('application/vnd.ksqlapi.delimited.v1');
    expect(f.header(cols) + f.row(['a', 1], false) + f.end('Limit Reached')).toBe(
      '{"queryId":"transient_F_1","columnNames":["SRC","N"],"columnTypes":["STRING","BIGINT"]}\n["a",1]\n',
    );
  });

  it('application/json: a single array', () => {
    const f = pickFormat('application/json', '/query-stream');
    expect(JSON.parse(f.header(cols) + f.row(['a', 1], false) + f.end(undefined))).toEqual([cols, ['a', 1]]);
  });

  it('the old /query format is framed as ksqlDB writes it: "[", each object and ",\\n", "]\\n"', () => {
    const f = pickFormat('application/vnd.ksql.v1+json', '/query');
    const writes = [f.open, f.header(cols), f.row(['a', 1], false), f.row(['b', null], true), f.end('Limit Reached')];
    expect(writes).toEqual([
      '[',
      '{"header":{"queryId":"transient_F_1","schema":"`SRC` STRING, `N` BIGINT"}},\n',
      '{"row":{"columns":["a",1]}},\n',
      '{"row":{"columns":["b",null],"tombstone":true}},\n',
      '{"finalMessage":"Limit Reached"}]\n',
    ]);
    // a query closed by the client or /close-query just stops, as ksqlDB's writer does
    expect(f.end(undefined)).toBe('');
    expect(pickFormat('application/vnd.ksql.v1+json', '/query-stream').header(cols)).toContain('"header"');
  });
});

describe('statement text', () => {
  const def: SourceDef = {
    name: 'P',
    kind: 'STREAM',
    topic: 'p',
    keyFormat: 'KAFKA',
    valueFormat: 'JSON',
    columns: [],
    wrapSingleValue: true,
    valueDelimiter: ',',
    keyDelimiter: ',',
    partitions: 3,
    statement: '',
  };

  it('upper-cases names and injects the topic properties, sorted', () => {
    const [s] = parseStatements("create stream p (src string key, n bigint) with (kafka_topic='p', format='json');");
    expect(rewriteStatement(s!, def, { partitions: 3, replicas: 1, cleanupPolicy: 'delete' })).toBe(
      "CREATE STREAM P (SRC STRING KEY, N BIGINT) WITH (CLEANUP_POLICY='delete', KAFKA_TOPIC='p', KEY_FORMAT='KAFKA', PARTITIONS=3, REPLICAS=1, VALUE_FORMAT='JSON');",
    );
  });

  it('appends EMIT CHANGES to CREATE ... AS SELECT', () => {
    const [s] = parseStatements('create stream f as select * from p;');
    expect(rewriteStatement(s!, { ...def, name: 'F', topic: 'F' })).toMatch(
      /^CREATE STREAM F WITH \(.*\) AS SELECT \*\s+FROM P\s+EMIT CHANGES;$/,
    );
  });
});

describe('entities', () => {
  it('schemaInfo nests STRUCT fields and ARRAY/MAP members', () => {
    expect(schemaInfo(T.array(T.struct([{ name: 'A', type: T.map(T.STRING, T.INTEGER) }])))).toEqual({
      type: 'ARRAY',
      fields: null,
      memberSchema: {
        type: 'STRUCT',
        memberSchema: null,
        fields: [
          {
            name: 'A',
            schema: { type: 'MAP', fields: null, memberSchema: { type: 'INTEGER', fields: null, memberSchema: null } },
          },
        ],
      },
    });
  });

  it('source lists carry no format field and mark windowed sources', () => {
    const s = {
      name: 'W',
      kind: 'TABLE' as const,
      topic: 'w',
      keyFormat: 'KAFKA',
      valueFormat: 'JSON',
      columns: [],
      window: { type: 'TUMBLING' as const, sizeMs: 1000 },
      wrapSingleValue: true,
      valueDelimiter: ',',
      keyDelimiter: ',',
      partitions: 1,
      statement: '',
    };
    expect(sourceList('SHOW TABLES;', 'TABLE', [s])).toEqual({
      '@type': 'tables',
      statementText: 'SHOW TABLES;',
      warnings: [],
      tables: [{ type: 'TABLE', name: 'W', topic: 'w', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: true }],
    });
  });
});

describe('errors', () => {
  it('plan errors are 400 40001 statement errors; runtime failures 500 50000', () => {
    const plan = mapEngineError(new PlanError('bad column'), 'CREATE X;');
    expect([plan.httpStatus, plan.errorCode]).toEqual([400, 40001]);
    expect(plan.body()).toEqual({
      '@type': 'statement_error',
      error_code: 40001,
      message: 'bad column',
      statementText: 'CREATE X;',
      entities: [],
    });
    const exec = mapEngineError(new ExecError('boom'), 'CREATE X;');
    expect([exec.httpStatus, exec.errorCode, exec.retriable]).toEqual([500, 50000, false]);
    expect(new RestError(503, 50301, 'wait').retriable).toBe(true);
  });
});

describe('command store', () => {
  it('hands out increasing sequence numbers and releases waiters when a command completes', async () => {
    const c = new CommandStore();
    const a = c.enqueue('stream/`A`/create');
    expect(c.get('stream/`A`/create')?.status).toBe('QUEUED');
    const waiting = c.waitFor(a, 10_000);
    c.complete('stream/`A`/create', a, { status: 'SUCCESS', message: 'Stream created', queryId: null });
    await expect(waiting).resolves.toBe(true);
    expect(c.enqueue('stream/`B`/create')).toBeGreaterThan(a);
    await expect(c.waitFor(99, 10)).resolves.toBe(false);
    expect(c.all()).toEqual({ 'stream/`A`/create': 'SUCCESS', 'stream/`B`/create': 'QUEUED' });
  });
});

describe('serve address', () => {
  it('defaults to the host and port of ksql.url; flags win', () => {
    expect(listenAddress('http://127.0.0.1:8088', {})).toEqual({ host: '127.0.0.1', port: 8088 });
    expect(listenAddress('http://localhost:18088/', { port: 0 })).toEqual({ host: 'localhost', port: 0 });
    expect(() => listenAddress('http://127.0.0.1:8088', { port: 70000 })).toThrow(/--port/);
  });
});
