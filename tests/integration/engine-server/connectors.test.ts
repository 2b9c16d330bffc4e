// Connector statements against a real Kafka Connect worker (started with Kafka by the stack
// fixture on free ports), and against an unreachable one: clear errors, the server stays up. A
// CREATE is validated by the plugin first: a bad config fails naming its fields, creating nothing.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KsqlServer } from '../../../engine/server/server.js';
import { startTestStack, type TestStack } from '../support/stack-fixture.js';

let stack: TestStack | undefined;
let server: KsqlServer | undefined;
let dead: KsqlServer | undefined;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const ksql = async (srv: KsqlServer, sql: string): Promise<{ status: number; body: unknown }> => {
  const r = await fetch(srv.url + '/ksql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.ksql.v1+json' },
    body: JSON.stringify({ ksql: sql }),
  });
  return { status: r.status, body: JSON.parse(await r.text()) as unknown };
};

// the one plugin the local worker has; creating it needs no running Neo4j (its tasks just fail)
const CLASS = 'org.neo4j.connectors.kafka.sink.Neo4jConnector';
const CREATE =
  `CREATE SINK CONNECTOR zt_sink WITH ('connector.class'='${CLASS}', 'topics'='zt-in', 'tasks.max'='1', 'neo4j.uri'='neo4j://127.0.0.1:1', ` +
  "'neo4j.authentication.basic.username'='neo4j', 'neo4j.authentication.basic.password'='hunter2', 'neo4j.cypher.topic.zt-in'='MERGE (:ZtNode {id: event.id})');";

beforeAll(async () => {
  dead = new KsqlServer({
    host: '127.0.0.1',
    port: 0,
    connectUrl: `http://127.0.0.1:${await closedPort()}`,
    connectTimeoutMs: 2_000,
  });
  await dead.start();
  stack = await startTestStack({ components: ['kafka', 'connect'] });
  server = new KsqlServer({ host: '127.0.0.1', port: 0, connectUrl: stack.connectUrl });
  await server.start();
});

afterAll(async () => {
  await server?.close();
  await dead?.close();
  await stack?.stop();
});

describe('unreachable Kafka Connect', () => {
  it('fails connector statements clearly and keeps serving', async () => {
    const r = await ksql(dead!, CREATE);
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ '@type': 'generic_error', error_code: 50000 });
    expect((r.body as { message: string }).message).toMatch(
      /^Failed to create connector: Kafka Connect at .* is not reachable/,
    );
    const show = await ksql(dead!, 'SHOW CONNECTORS;');
    expect(show.status).toBe(500);
    expect((await ksql(dead!, 'SHOW STREAMS;')).status).toBe(200);
  });
});

describe('real Kafka Connect', () => {
  it('CREATE returns connector_info with secrets masked in statementText', async () => {
    const r = await ksql(server!, CREATE);
    expect(r.status).toBe(200);
    const [e] = r.body as Array<Record<string, unknown>>;
    expect(e!['@type']).toBe('connector_info');
    expect(e!['statementText']).not.toContain('hunter2');
    expect(e!['info']).toMatchObject({
      name: 'ZT_SINK',
      type: 'sink',
      config: { 'connector.class': CLASS, name: 'ZT_SINK', topics: 'zt-in' },
    });
  });

  it('Connect refusing the config comes back with its status x 100', async () => {
    const r = await ksql(
      server!,
      "CREATE SINK CONNECTOR zt_bad WITH ('connector.class'='no.such.Connector', 'topics'='zt-in');",
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    expect((r.body as { message: string }).message).toMatch(
      /^Failed to create connector: Failed to find any class that implements Connector and which name matches no\.such\.Connector/,
    );
  });

  it("a config the plugin's validation rejects fails naming each field, and creates nothing", async () => {
    const sql =
      `CREATE SINK CONNECTOR zt_invalid WITH ('connector.class'='${CLASS}', 'topics'='zt-in', 'neo4j.batch-size'='0', ` +
      "'neo4j.authentication.type'='KERBEROS', 'neo4j.authentication.basic.password'='hunter2');";
    const r = await ksql(server!, sql);
    expect(r.status).toBe(400);
    const body = r.body as { '@type': string; error_code: number; message: string; statementText: string };
    expect(body).toMatchObject({ '@type': 'statement_error', error_code: 40001 });
    const lines = body.message.split('\n');
    expect(lines[0]).toMatch(/^Validation error: /);
    expect(body.message).toContain(
      'neo4j.uri - Missing required configuration "neo4j.uri" which has no default value.',
    );
    expect(body.message).toMatch(/neo4j\.batch-size - Invalid value 0 for configuration neo4j\.batch-size/);
    expect(body.message).toMatch(/neo4j\.authentication\.type - Invalid value KERBEROS/);
    expect(lines).toHaveLength(3);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    const [list] = (await ksql(server!, 'SHOW CONNECTORS;')).body as Array<{ connectors: Array<{ name: string }> }>;
    expect(list!.connectors.map((c) => c.name)).not.toContain('ZT_INVALID');
  });

  it('a config without connector.class fails before Connect is asked', async () => {
    const r = await ksql(server!, "CREATE SOURCE CONNECTOR zt_noclass WITH ('topics'='zt-in');");
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      message:
        'Validation error: connector.class - Missing required configuration "connector.class" which has no default value.',
    });
  });

  it('a second CREATE is 409 40900; IF NOT EXISTS makes it a warning', async () => {
    const again = await ksql(server!, CREATE);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      '@type': 'generic_error',
      error_code: 40900,
      message: 'Connector ZT_SINK already exists',
    });
    const quiet = await ksql(server!, CREATE.replace('CONNECTOR zt_sink', 'CONNECTOR IF NOT EXISTS zt_sink'));
    expect(quiet.status).toBe(200);
    expect((quiet.body as Array<Record<string, unknown>>)[0]).toMatchObject({ '@type': 'warning_entity' });
  });

  it('SHOW CONNECTORS and DESCRIBE CONNECTOR read Connect', async () => {
    const [list] = (await ksql(server!, 'SHOW CONNECTORS;')).body as Array<{
      '@type': string;
      connectors: Array<Record<string, unknown>>;
    }>;
    expect(list!['@type']).toBe('connector_list');
    expect(list!.connectors).toEqual([
      {
        name: 'ZT_SINK',
        type: 'sink',
        className: CLASS,
        state: expect.stringMatching(/^\w+ \(\d+\/\d+ tasks RUNNING\)$/) as string,
      },
    ]);
    const [d] = (await ksql(server!, 'DESCRIBE CONNECTOR zt_sink;')).body as Array<Record<string, unknown>>;
    expect(d).toMatchObject({ '@type': 'connector_description', connectorClass: CLASS, status: { name: 'ZT_SINK' } });
  });

  it('DROP returns drop_connector; a missing one is 404 unless IF EXISTS', async () => {
    const [dropped] = (await ksql(server!, 'DROP CONNECTOR zt_sink;')).body as Array<Record<string, unknown>>;
    expect(dropped).toMatchObject({ '@type': 'drop_connector', connectorName: 'ZT_SINK' });
    const missing = await ksql(server!, 'DROP CONNECTOR zt_sink;');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ '@type': 'generic_error', error_code: 40400 });
    const quiet = await ksql(server!, 'DROP CONNECTOR IF EXISTS zt_sink;');
    expect((quiet.body as Array<Record<string, unknown>>)[0]).toMatchObject({ '@type': 'warning_entity' });
  });
});
