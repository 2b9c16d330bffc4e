// `ziem stack check`: proves the local stack end to end. A record with a fresh token is produced to
// a topic; a Neo4j sink connector on the Connect worker writes it as a node; the node is read back
// over Bolt. When the stack runs the engine server, it must answer GET /info too. Everything the
// check creates (connector, node; the topic is kept small) is removed.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from '../../core/kafka/kafka-client.js';
import { ConnectClient } from '../../core/connect/connect-client.js';
import { openDriver } from '../clients/neo4j-client.js';
import type { Context } from '../context.js';
import { emit } from '../context.js';
import { StackError, TimeoutError } from '../../core/errors/ziem-error.js';
import { NEO4J_SINK_CLASS } from './component-connect.js';
import { ksqlComponent, ksqlInfo } from './component-ksql.js';
import { runningPid } from './preflight.js';
import { readNeo4jPassword } from './neo4j-password.js';

export const ROUND_TRIP_TOPIC = 'ziem-roundtrip';
const CONNECTOR = 'ziem-roundtrip-sink';

export interface RoundTripResult {
  ok: boolean;
  token: string;
  /** From the produce call to the node being readable in Neo4j. */
  millis: number;
  /** The engine server's version from GET /info; null when the stack does not run it. */
  ksqlVersion: string | null;
}

/** The engine server's /info, when this state directory runs one; an answer that is not RUNNING fails the check. */
async function checkEngine(ctx: Context): Promise<string | null> {
  if (runningPid(ksqlComponent, ctx.config, ctx.log) === undefined) return null;
  const h = await ksqlInfo(ctx.config.ksql.url, 5_000);
  if (!h.healthy)
    throw new StackError(
      'KSQL_NOT_ANSWERING',
      `the ksqlDB engine server at ${ctx.config.ksql.url} does not answer GET /info: ${h.detail}`,
      { hint: 'see `ziem stack logs ksql`' },
    );
  ctx.log.info(`ksqlDB engine server ${h.version ?? ''} answers at ${ctx.config.ksql.url}`);
  return h.version ?? null;
}

async function produce(bootstrap: string, token: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'ziem-check', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  try {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: ROUND_TRIP_TOPIC, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
    await producer.send({
      topic: ROUND_TRIP_TOPIC,
      messages: [{ key: JSON.stringify(token), value: JSON.stringify({ token, at: Date.now() }) }],
    });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

export async function run(ctx: Context, o: { timeoutMs?: number } = {}): Promise<RoundTripResult> {
  const c = ctx.config;
  const password = readNeo4jPassword(c);
  if (!password)
    throw new StackError('STACK_NOT_UP', `no Neo4j password under ${c.stateDir}/secrets`, {
      hint: 'run `ziem stack up` first',
    });
  ctx.secrets.push(password.reveal());
  const boltUrl = `bolt://${c.bindHost}:${c.neo4j.boltPort}`;
  const connect = new ConnectClient({ baseUrl: c.connect.url });
  const driver = openDriver(boltUrl, c.neo4j.user, password);
  const ksqlVersion = await checkEngine(ctx);
  const token = randomBytes(8).toString('hex');
  const started = ctx.clock.now();
  try {
    ctx.log.info(`creating connector ${CONNECTOR} (${NEO4J_SINK_CLASS}) on ${c.connect.url}`);
    await connect.putConfig(CONNECTOR, {
      'connector.class': NEO4J_SINK_CLASS,
      'tasks.max': '1',
      topics: ROUND_TRIP_TOPIC,
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable': 'false',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'neo4j.uri': boltUrl,
      'neo4j.authentication.type': 'BASIC',
      'neo4j.authentication.basic.username': c.neo4j.user,
      'neo4j.authentication.basic.password': password.reveal(),
      [`neo4j.cypher.topic.${ROUND_TRIP_TOPIC}`]:
        'MERGE (n:ZiemRoundTrip {token: __value.token}) SET n.at = __value.at',
    });
    ctx.log.info(`producing token ${token} to ${ROUND_TRIP_TOPIC} on ${c.kafka.bootstrap}`);
    await produce(c.kafka.bootstrap, token);
    const deadline = started + (o.timeoutMs ?? 60_000);
    for (;;) {
      const r = await driver.executeQuery('MATCH (n:ZiemRoundTrip {token: $token}) RETURN count(n) AS n', { token });
      if (Number(r.records[0]?.get('n')) > 0) break;
      if (ctx.clock.now() > deadline)
        throw new TimeoutError(`the record did not reach Neo4j within ${o.timeoutMs ?? 60_000} ms`, {
          hint: 'see `ziem stack logs connect`',
        });
      await ctx.clock.sleep(250);
    }
    const result = { ok: true, token, millis: ctx.clock.now() - started, ksqlVersion };
    const engine = ksqlVersion === null ? '' : `; ksqlDB engine server ${ksqlVersion} answers`;
    emit(
      ctx,
      result,
      () => `round trip ok: Kafka → Kafka Connect (Neo4j sink) → Neo4j in ${result.millis} ms${engine}`,
    );
    return result;
  } finally {
    await driver.executeQuery('MATCH (n:ZiemRoundTrip {token: $token}) DELETE n', { token }).catch(() => undefined);
    await driver.close();
    await connect.delete(CONNECTOR).catch(() => undefined);
  }
}
