// Remote functions in the engine on the in-memory driver, with a scripted invoker standing in for
// the HTTP side (tests/integration/engine-remote/ runs the real model server): a record waits for
// its call and runs again, failures become null plus a processing-log entry, order is kept, the
// planner refuses stateful queries, and the settings read the Java UDF's keys and defaults.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/runtime/engine.js';
import { MemoryDriver } from '../../../engine/runtime/memory-driver.js';
import { PlanError } from '../../../engine/errors.js';
import { ConfigError } from '../../../core/errors/ziem-error.js';
import {
  remoteFunctionSettings,
  describeSettings,
  isSecretFunctionProperty,
} from '../../../engine/exec/functions/remote-settings.js';
import type { RemoteCall, RemoteInvoker, RemoteOutcome } from '../../../engine/exec/functions/remote-function.js';

/** Answers each call after `delayMs(call)` with the sum of the features, or fails for negative sums. */
class ScriptedInvoker implements RemoteInvoker {
  readonly calls: RemoteCall[] = [];
  constructor(private readonly delayMs: (c: RemoteCall) => number = () => 0) {}
  invoke(call: RemoteCall): Promise<RemoteOutcome> {
    this.calls.push(call);
    const sum = call.features.reduce((a, b) => a + b, 0);
    const out: RemoteOutcome = sum < 0 ? { value: null, problem: 'HTTP 503: model not loaded' } : { value: sum };
    return new Promise((r) => setTimeout(() => r(out), this.delayMs(call)));
  }
  close(): void {}
}

const URL_PROPS = { 'ksql.functions.anomaly_score.url': 'http://127.0.0.1:1' };
const FEATURES =
  "CREATE STREAM W (SRC STRING KEY, FEATURES ARRAY<DOUBLE>) WITH (KAFKA_TOPIC='w', VALUE_FORMAT='JSON', KEY_FORMAT='KAFKA', PARTITIONS=1);";

function setup(invoker: RemoteInvoker = new ScriptedInvoker()): {
  engine: Engine;
  driver: MemoryDriver;
  send(src: string, features: unknown): void;
  out(topic: string): unknown[];
} {
  const driver = new MemoryDriver();
  const engine = new Engine({
    driver,
    props: { 'auto.offset.reset': 'earliest' },
    remoteFunctions: remoteFunctionSettings(URL_PROPS),
    remoteInvoker: invoker,
  });
  engine.execute(FEATURES);
  return {
    engine,
    driver,
    send: (src, features) =>
      driver.produce('w', {
        key: Buffer.from(src),
        value: Buffer.from(JSON.stringify({ FEATURES: features })),
        timestamp: 1,
        headers: [],
        partition: 0,
      }),
    out: (topic) => driver.read(topic).map((r) => [r.key?.toString(), JSON.parse(r.value!.toString()) as unknown]),
  };
}

describe('remote function calls', () => {
  it('scores each record once it has the answer, in input order even when answers come back out of order', async () => {
    const inv = new ScriptedInvoker((c) => (c.features[0] === 1 ? 30 : 0));
    const t = setup(inv);
    t.engine.execute('CREATE STREAM SCORES AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM W EMIT CHANGES;');
    t.send('a', [1, 2]);
    t.send('b', [3, 4]);
    t.send('c', [5]);
    expect(t.out('SCORES')).toEqual([]);
    await t.driver.settle();
    expect(t.out('SCORES')).toEqual([
      ['a', { SCORE: 3 }],
      ['b', { SCORE: 7 }],
      ['c', { SCORE: 5 }],
    ]);
    expect(inv.calls.map((c) => c.features)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('calls once per record for the same argument in WHERE and SELECT, and feeds a downstream query', async () => {
    const inv = new ScriptedInvoker();
    const t = setup(inv);
    t.engine
      .execute(`CREATE STREAM HIGH AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM W WHERE ANOMALY_SCORE(FEATURES) > 4 EMIT CHANGES;
      CREATE STREAM ALERTS AS SELECT SRC, SCORE * 10 AS TEN FROM HIGH WHERE SCORE > 6 EMIT CHANGES;`);
    t.send('a', [1]);
    t.send('b', [5]);
    t.send('c', [7]);
    await t.driver.settle();
    expect(t.out('HIGH')).toEqual([
      ['b', { SCORE: 5 }],
      ['c', { SCORE: 7 }],
    ]);
    expect(t.out('ALERTS')).toEqual([['c', { TEN: 70 }]]);
    expect(inv.calls).toHaveLength(3);
  });

  it('yields null with a processing-log entry when the call fails, and keeps the query running', async () => {
    const t = setup();
    t.engine.execute('CREATE STREAM SCORES AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM W EMIT CHANGES;');
    t.send('bad', [-1]);
    t.send('good', [2]);
    await t.driver.settle();
    expect(t.out('SCORES')).toEqual([
      ['bad', { SCORE: null }],
      ['good', { SCORE: 2 }],
    ]);
    expect(t.engine.log.entries).toHaveLength(1);
    expect(t.engine.log.entries[0]).toMatchObject({
      topic: 'w',
      offset: 0,
      reason: 'remote function ANOMALY_SCORE returned null: HTTP 503: model not loaded',
    });
    expect([...t.engine.queries.values()][0]!.error).toBeUndefined();
  });

  it('gives null without a call for null, empty or non-finite vectors (the Java UDF does the same)', async () => {
    const inv = new ScriptedInvoker();
    const t = setup(inv);
    t.engine.execute('CREATE STREAM SCORES AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM W EMIT CHANGES;');
    t.send('n', null);
    t.send('e', []);
    t.send('x', [1, null]);
    await t.driver.settle();
    expect(t.out('SCORES')).toEqual([
      ['n', { SCORE: null }],
      ['e', { SCORE: null }],
      ['x', { SCORE: null }],
    ]);
    expect(inv.calls).toHaveLength(0);
    expect(t.engine.log.count).toBe(0);
  });

  it('replays existing records through the queue when a query starts from earliest', async () => {
    const t = setup();
    t.send('a', [1]);
    t.send('b', [2]);
    t.engine.execute('CREATE STREAM SCORES AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM W EMIT CHANGES;');
    await t.driver.settle();
    expect(t.out('SCORES')).toEqual([
      ['a', { SCORE: 1 }],
      ['b', { SCORE: 2 }],
    ]);
  });

  it('writes nothing for a record whose call was in flight when the query was terminated', async () => {
    const t = setup(new ScriptedInvoker(() => 20));
    const [r] = t.engine.execute(
      'CREATE STREAM SCORES AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM W EMIT CHANGES;',
    );
    t.send('a', [1]);
    t.send('b', [2]);
    t.engine.execute(`TERMINATE ${r!.queryId!};`);
    await t.driver.settle();
    expect(t.out('SCORES')).toEqual([]);
  });

  it('leaves queries without remote functions on the synchronous path', () => {
    const t = setup();
    t.engine.execute('CREATE STREAM COPY AS SELECT SRC, FEATURES FROM W EMIT CHANGES;');
    t.send('a', [1]);
    expect(t.out('COPY')).toEqual([['a', { FEATURES: [1] }]]);
  });
});

describe('where remote functions may be used', () => {
  it('refuses GROUP BY and windows with a way out', () => {
    const t = setup();
    expect(() =>
      t.engine.execute(
        'CREATE TABLE T AS SELECT SRC, MAX(ANOMALY_SCORE(FEATURES)) AS M FROM W GROUP BY SRC EMIT CHANGES;',
      ),
    ).toThrow(PlanError);
    expect(() =>
      t.engine.execute(
        'CREATE TABLE T AS SELECT SRC, COUNT(*) AS N FROM W WINDOW TUMBLING (SIZE 10 SECONDS) WHERE ANOMALY_SCORE(FEATURES) > 1 GROUP BY SRC EMIT CHANGES;',
      ),
    ).toThrow(
      /ANOMALY_SCORE is a remote function: it can only be used in a query without GROUP BY\/WINDOW; compute the aggregate in its own query/,
    );
  });

  it('refuses a table source', () => {
    const t = setup();
    t.engine.execute(
      "CREATE TABLE WT (SRC STRING PRIMARY KEY, FEATURES ARRAY<DOUBLE>) WITH (KAFKA_TOPIC='wt', VALUE_FORMAT='JSON', PARTITIONS=1);",
    );
    expect(() =>
      t.engine.execute('CREATE TABLE S AS SELECT SRC, ANOMALY_SCORE(FEATURES) AS SCORE FROM WT EMIT CHANGES;'),
    ).toThrow(/over a STREAM, and WT is a TABLE/);
  });

  it('checks the argument type and is unknown when no url is configured', () => {
    const t = setup();
    expect(() => t.engine.execute("CREATE STREAM S AS SELECT ANOMALY_SCORE('x') AS SCORE FROM W;")).toThrow(
      /does not accept parameters \(STRING\)/,
    );
    const plain = new Engine({ driver: new MemoryDriver() });
    plain.execute(FEATURES);
    expect(() => plain.execute('CREATE STREAM S AS SELECT ANOMALY_SCORE(FEATURES) AS SCORE FROM W;')).toThrow(
      /Can't find any functions with the name 'ANOMALY_SCORE'/,
    );
  });

  it('refuses a remote function named like a built-in', () => {
    expect(
      () =>
        new Engine({
          driver: new MemoryDriver(),
          remoteFunctions: remoteFunctionSettings({ 'ksql.functions.ucase.url': 'http://127.0.0.1:1' }),
        }),
    ).toThrow(/UCASE is a built-in function/);
  });
});

describe('remote function settings', () => {
  it('reads the Java UDF keys with its defaults, and only for functions with a url', () => {
    const [s, ...rest] = remoteFunctionSettings({
      ...URL_PROPS,
      'ksql.functions.substring.legacy.args': 'true',
      'auto.offset.reset': 'earliest',
    });
    expect(rest).toEqual([]);
    expect(s).toEqual({
      name: 'ANOMALY_SCORE',
      url: 'http://127.0.0.1:1',
      model: 'anomaly',
      kind: 'score',
      timeoutMs: 200,
      token: '',
      breakerFailures: 5,
      breakerCooldownMs: 10_000,
      poolSize: 4,
    });
  });

  it('collects every bad key in one error, and never prints the token', () => {
    let err: unknown;
    try {
      remoteFunctionSettings({
        'ksql.functions.f.url': 'ftp://x',
        'ksql.functions.f.timeout.ms': '0',
        'ksql.functions.f.model': 'a b',
        'ksql.functions.f.timeoutms': '5',
        'ksql.functions.f.kind': 'regress',
        'ksql.functions.g.url': 'http://u:p@h:1',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'ksql.functions.f.timeoutms: unknown remote function property; known: url, model, kind, token, timeout.ms, breaker.failures, breaker.cooldown.ms, pool.size',
      "ksql.functions.f.model: expected a model name (letters, digits, '.', '_', '-'), got \"a b\"",
      'ksql.functions.f.kind: expected score or classify, got "regress"',
      'ksql.functions.f.url: expected an http(s) URL like http://127.0.0.1:8501, got "ftp://x"',
      'ksql.functions.f.timeout.ms: expected a value from 1 to 600000, got 0',
      'ksql.functions.g.url: credentials do not belong in the URL; set ksql.functions.g.token instead',
    ]);
    const [s] = remoteFunctionSettings({ ...URL_PROPS, 'ksql.functions.anomaly_score.token': 's3cret-token' });
    expect(describeSettings(s!)).not.toContain('s3cret-token');
    expect(describeSettings(s!)).toContain('http://127.0.0.1:1/v1/models/anomaly:predict');
    expect(isSecretFunctionProperty('ksql.functions.anomaly_score.token')).toBe(true);
  });
});
