// Remote functions end to end: `ziem ksql serve`'s run() on the Kafka driver with
// --property ksql.functions.*, the real model server with a trained model (bearer token required),
// and a plain Kafka client writing inputs and reading outputs. Scores equal the model server's own
// :predict answers; a closed port, a missing token and a stopped server give null scores with
// processing-log entries while the queries keep RUNNING; DESCRIBE/SHOW FUNCTIONS answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';
import { startModelServer, type RunningServer } from '../../../udf-bridge/model-server/serve.js';
import { Secret } from '../../../core/secret.js';
import { runServe } from '../../../cli/ksql-engine/serve.js';
import { capturedContext, EVAL_FILE, tempDir, trainFixtureModel } from '../model/model-harness.js';
import { json, testKafka, waitFor, type TestKafka } from '../engine-kafka/kafka-helpers.js';
import { EARLIEST, ksql } from '../engine-kafka/rest-helpers.js';

const TOKEN = 'remote-fn-test-token';
const tmp = tempDir('ziem-engine-remote-');
const VECTORS = readFileSync(EVAL_FILE, 'utf8')
  .trim()
  .split('\n')
  .slice(0, 12)
  .map((l) => (JSON.parse(l) as { features: number[] }).features);

let stack: TestStack;
let tk: TestKafka;
let model: RunningServer;
let url: string;
let stopServe: AbortController;
let serving: Promise<void>;
let serveErr: string[];
let serveFailure: unknown;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function predictDirect(features: number[]): Promise<number> {
  const res = await fetch(`${model.url}/v1/models/anomaly:predict`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ instances: [features] }),
  });
  return ((await res.json()) as { predictions: number[] }).predictions[0]!;
}

async function ksqlStatus(sql: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/ksql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.ksql.v1+json' },
    body: JSON.stringify({ ksql: sql, streamsProperties: {} }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const send = (topic: string, vectors: Array<number[] | null>, from = 0): Promise<void> =>
  tk.send(
    topic,
    vectors.map((features, i) => ({ key: `10.77.0.${from + i}`, value: JSON.stringify({ FEATURES: features }) })),
  );

type LogEntry = {
  LOGGER: string;
  MESSAGE: { TYPE: number; RECORDPROCESSINGERROR: { ERRORMESSAGE: string; RECORD: string } };
};
const logOf = async (queryId: string): Promise<LogEntry[]> =>
  ((await tk.read('default_ksql_processing_log')).map(json) as LogEntry[]).filter(
    (e) => e.LOGGER === `processing.${queryId}`,
  );
const queryIdOf = (r: Array<Record<string, unknown>>): string =>
  (r[0]!['commandStatus'] as { queryId: string }).queryId;

async function queryState(queryId: string): Promise<string | undefined> {
  const r = await ksql(url, 'SHOW QUERIES;');
  return (r[0]!['queries'] as Array<{ id: string; state: string }>).find((q) => q.id === queryId)?.state;
}

/** The rows of a push query over POST /query-stream (delimited), once the server ends it at its LIMIT. */
async function queryStream(sql: string): Promise<unknown[][]> {
  const res = await fetch(`${url}/query-stream`, {
    method: 'POST',
    headers: { Accept: 'application/vnd.ksqlapi.delimited.v1' },
    body: JSON.stringify({ sql, properties: EARLIEST }),
    signal: AbortSignal.timeout(60_000),
  });
  const lines = (await res.text()).split('\n').filter((l) => l.trim() !== '');
  if (res.status !== 200) throw new Error(`/query-stream ${res.status}: ${lines.join('\n')}`);
  return lines.slice(1).map((l) => JSON.parse(l) as unknown[]);
}

beforeAll(async () => {
  const { ctx } = capturedContext(tmp.dir);
  const models = join(tmp.dir, 'models');
  const [s] = await Promise.all([
    startTestStack({ components: ['kafka'] }),
    trainFixtureModel(ctx, join(models, 'anomaly'), { seed: 7 }),
  ]);
  stack = s;
  model = await startModelServer({
    modelsDir: models,
    host: '127.0.0.1',
    port: 0,
    maxBatch: 512,
    maxBodyBytes: 64 * 1024,
    pollIntervalMs: 1_000,
    token: new Secret(TOKEN),
    log: { info: () => undefined, warn: () => undefined },
  });
  tk = await testKafka(stack.bootstrap);
  // a broker that has just started may not serve metadata for new topics yet: wait for one to work
  await tk.admin.createTopics({ topics: [{ topic: 'warm-up', numPartitions: 1 }], waitForLeaders: true });
  await waitFor(
    'a writable topic',
    () => tk.send('warm-up', [{ value: '{}' }]).then(() => true),
    (ok) => ok,
  );
  const serve = capturedContext(tmp.dir);
  serveErr = serve.err;
  stopServe = new AbortController();
  const dead = `http://127.0.0.1:${await closedPort()}`;
  serving = runServe(serve.ctx, {
    host: '127.0.0.1',
    port: 0,
    driver: 'kafka',
    kafka: stack.bootstrap,
    signal: stopServe.signal,
    properties: {
      'ksql.functions.anomaly_score.url': model.url,
      'ksql.functions.anomaly_score.model': 'anomaly',
      'ksql.functions.anomaly_score.timeout.ms': '2000',
      'ksql.functions.anomaly_score.token': TOKEN,
      'ksql.functions.dead_score.url': dead,
      'ksql.functions.dead_score.breaker.failures': '3',
      'ksql.functions.tokenless_score.url': model.url,
    },
  }).catch((err: unknown) => {
    serveFailure = err;
  });
  const printed = (): Promise<string> =>
    serveFailure !== undefined ? Promise.reject(serveFailure as Error) : Promise.resolve(serve.out.join(''));
  url = (await waitFor('the server URL', printed, (o) => /http:\/\/\S+/.test(o), 120_000)).match(/http:\/\/\S+/)![0];
  await ksql(
    url,
    "CREATE STREAM HOST_WINDOWS (SRC_IP STRING KEY, FEATURES ARRAY<DOUBLE>) WITH (KAFKA_TOPIC='host_windows', PARTITIONS=1, VALUE_FORMAT='JSON');",
  );
}, 600_000);

afterAll(async () => {
  stopServe?.abort();
  await serving?.catch(() => undefined);
  await model?.close().catch(() => undefined);
  await tk?.close();
  await stack?.stop();
  tmp.remove();
});

describe('remote functions on the Kafka driver', () => {
  it('describes and lists ANOMALY_SCORE, and names an unknown function', async () => {
    const [d] = await ksql(url, 'DESCRIBE FUNCTION ANOMALY_SCORE;');
    expect(d).toMatchObject({
      '@type': 'describe_function',
      name: 'ANOMALY_SCORE',
      type: 'SCALAR',
      author: 'ziem',
      path: `remote:${model.url}/v1/models/anomaly:predict`,
    });
    expect(d!['functions']).toEqual([
      expect.objectContaining({
        returnType: 'DOUBLE',
        arguments: [expect.objectContaining({ name: 'features', type: 'ARRAY<DOUBLE>' })],
      }),
    ]);
    const [list] = await ksql(url, 'SHOW FUNCTIONS;');
    const names = list!['functionNames'] as Array<{ name: string; type: string }>;
    expect(names).toContainEqual({ name: 'ANOMALY_SCORE', type: 'SCALAR', category: 'OTHER' });
    expect(names).toContainEqual(expect.objectContaining({ name: 'COUNT', type: 'AGGREGATE' }));
    const unknown = await ksqlStatus('DESCRIBE FUNCTION NO_SUCH_SCORE;');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      '@type': 'statement_error',
      message: "Can't find any functions with the name 'NO_SUCH_SCORE'",
    });
    expect(serveErr.join('')).not.toContain(TOKEN);
  });

  it("scores every record with the model server's own answer, in order", async () => {
    const r = await ksql(
      url,
      "CREATE STREAM HOST_SCORES WITH (KAFKA_TOPIC='HOST_SCORES', VALUE_FORMAT='JSON') AS SELECT SRC_IP, ANOMALY_SCORE(FEATURES) AS SCORE FROM HOST_WINDOWS EMIT CHANGES;",
      EARLIEST,
    );
    await send('host_windows', [...VECTORS, null]);
    const out = await waitFor(
      'HOST_SCORES',
      () => tk.read('HOST_SCORES'),
      (o) => o.length >= VECTORS.length + 1,
    );
    const expected = await Promise.all(VECTORS.map(predictDirect));
    expect(out.map((o) => o.key?.toString())).toEqual([...VECTORS, null].map((_, i) => `10.77.0.${i}`));
    expect(out.map((o) => (json(o) as { SCORE: number | null }).SCORE)).toEqual([...expected, null]);
    expect(expected[0]).toBeGreaterThan(expected[1]!); // the scan (first fixture line) scores above a benign host
    expect(await logOf(queryIdOf(r))).toEqual([]);
    const push = await queryStream(
      'SELECT SRC_IP, ANOMALY_SCORE(FEATURES) AS SCORE FROM HOST_WINDOWS EMIT CHANGES LIMIT 3;',
    );
    expect(push).toEqual(expected.slice(0, 3).map((score, i) => [`10.77.0.${i}`, score]));
  });

  it('gives null scores and processing-log entries for a closed port and a missing token, and keeps running', async () => {
    const dead = await ksql(
      url,
      'CREATE STREAM DEAD_SCORES AS SELECT SRC_IP, DEAD_SCORE(FEATURES) AS SCORE FROM HOST_WINDOWS EMIT CHANGES;',
      EARLIEST,
    );
    const tokenless = await ksql(
      url,
      'CREATE STREAM TOKENLESS_SCORES AS SELECT SRC_IP, TOKENLESS_SCORE(FEATURES) AS SCORE FROM HOST_WINDOWS EMIT CHANGES;',
      EARLIEST,
    );
    for (const [topic, r] of [
      ['DEAD_SCORES', dead],
      ['TOKENLESS_SCORES', tokenless],
    ] as const) {
      const out = await waitFor(
        topic,
        () => tk.read(topic),
        (o) => o.length >= VECTORS.length + 1,
      );
      expect(out.map((o) => (json(o) as { SCORE: unknown }).SCORE)).toEqual(out.map(() => null));
      expect(await queryState(queryIdOf(r))).toBe('RUNNING');
    }
    const deadLog = await waitFor(
      'DEAD_SCORE log',
      () => logOf(queryIdOf(dead)),
      (l) => l.length >= VECTORS.length,
    );
    const reasons = deadLog.map((e) => e.MESSAGE.RECORDPROCESSINGERROR.ERRORMESSAGE);
    expect(reasons[0]).toMatch(
      /^remote function DEAD_SCORE returned null: http:\/\/127\.0\.0\.1:\d+\/v1\/models\/anomaly:predict: ECONNREFUSED/,
    );
    // three refused connections open the circuit: later records fail fast without a call
    expect(reasons.slice(3).every((m) => /circuit open after 3 consecutive failures/.test(m))).toBe(true);
    expect(deadLog[0]!.MESSAGE.RECORDPROCESSINGERROR.RECORD).toBe(JSON.stringify({ FEATURES: VECTORS[0] }));
    const tokenlessLog = await waitFor(
      'TOKENLESS_SCORE log',
      () => logOf(queryIdOf(tokenless)),
      (l) => l.length >= 5,
    );
    expect(tokenlessLog[0]!.MESSAGE.RECORDPROCESSINGERROR.ERRORMESSAGE).toMatch(
      /TOKENLESS_SCORE returned null: .*HTTP 401/,
    );
  });

  it('refuses ANOMALY_SCORE in an aggregation with a clear statement error', async () => {
    const r = await ksqlStatus(
      'CREATE TABLE MAX_SCORES AS SELECT SRC_IP, MAX(ANOMALY_SCORE(FEATURES)) AS M FROM HOST_WINDOWS GROUP BY SRC_IP EMIT CHANGES;',
    );
    expect(r.status).toBe(400);
    expect(r.body['@type']).toBe('statement_error');
    expect(r.body['message']).toMatch(
      /^ANOMALY_SCORE is a remote function: it can only be used in a query without GROUP BY\/WINDOW/,
    );
  });

  it('keeps scoring queries running with null scores once the model server is gone', async () => {
    const r = await ksql(url, 'SHOW QUERIES;');
    const id = (r[0]!['queries'] as Array<{ id: string; sinks: string[] }>).find((q) =>
      q.sinks.includes('HOST_SCORES'),
    )!.id;
    await model.close();
    await send('host_windows', VECTORS.slice(0, 3), 100);
    const out = await waitFor(
      'HOST_SCORES after the model server stopped',
      () => tk.read('HOST_SCORES'),
      (o) => o.length >= VECTORS.length + 4,
    );
    expect(out.slice(-3).map((o) => (json(o) as { SCORE: unknown }).SCORE)).toEqual([null, null, null]);
    expect(out.slice(-3).map((o) => o.key?.toString())).toEqual(['10.77.0.100', '10.77.0.101', '10.77.0.102']);
    const log = await waitFor(
      'HOST_SCORES log',
      () => logOf(id),
      (l) => l.length >= 3,
    );
    expect(
      log.every((e) =>
        /ANOMALY_SCORE returned null: .*(ECONNREFUSED|ECONNRESET|socket hang up|no answer within)/.test(
          e.MESSAGE.RECORDPROCESSINGERROR.ERRORMESSAGE,
        ),
      ),
    ).toBe(true);
    expect(await queryState(id)).toBe('RUNNING');
  });
});
