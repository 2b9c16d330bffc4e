// POST /ksql/terminate: stops every query, drops every source, deletes the listed topics, and
// the server then refuses statements with 503 50304 (as a terminated ksqlDB cluster does).
import { expect, it } from 'vitest';
import { useServer } from './fixture.js';

const f = useServer();

it('terminates the cluster', async () => {
  await f.ksql(
    "CREATE STREAM a (k STRING KEY, v INT) WITH (kafka_topic='a_topic', value_format='json', partitions=1); CREATE STREAM b AS SELECT * FROM a;",
  );
  const r = await f.post('/ksql/terminate', { deleteTopicList: ['a_.*'] });
  expect(r.status).toBe(200);
  expect(r.json()).toMatchObject({
    '@type': 'currentStatus',
    statementText: 'TERMINATE CLUSTER;',
    commandId: 'cluster/CLUSTER/terminate',
    commandStatus: { status: 'SUCCESS' },
  });
  const engine = f.server().engine;
  expect(engine.queries.size).toBe(0);
  expect(engine.catalog.all()).toEqual([]);
  expect(engine.driver.hasTopic('a_topic')).toBe(false);
  expect(engine.driver.hasTopic('B')).toBe(true);
  const after = await f.ksql('SHOW STREAMS;');
  expect(after.status).toBe(503);
  expect(after.json()).toMatchObject({ error_code: 50304 });
  expect((await f.get('/healthcheck')).json()).toMatchObject({ isHealthy: false, serverState: 'TERMINATED' });
});
