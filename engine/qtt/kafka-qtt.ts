// QTT cases through the Kafka driver (`ziem ksql qtt --driver kafka`): each case runs in its own
// topic namespace on one cluster; inputs are produced, the runner waits until every query has
// committed all of its source records, then reads the sink topics back and compares them. A case
// with a join gets its inputs one at a time, each once the previous one went through every query:
// the order QTT's TopologyTestDriver feeds them in, which two topics on Kafka do not keep.
import { qttRegistry } from './test-registry.js';
import { caseTopics } from './case-topics.js';
import { randomBytes } from 'node:crypto';
import type { QttCase } from './load-cases.js';
import { findCaseFiles, loadCaseFile } from './load-cases.js';
import { encodeRecord } from './record-codec.js';
import { compareCase, outputTopics } from './compare.js';
import type { TopicRecord } from '../exec/topic-driver.js';
import { errorResult, ranButExpectedError, type CaseResult } from './run-case.js';
import type { FileSummary, SuiteSummary } from './run-suite.js';
import { Engine } from '../runtime/engine.js';
import { KafkaDriver } from '../runtime/kafka-driver.js';
import { NamespacedDriver } from '../runtime/namespaced-driver.js';
import { queryGroupId } from '../runtime/statement-executors.js';

/** As ksqlDB's own QTT runs them: every update written (no record cache merging them). */
const BASE_PROPS = {
  'auto.offset.reset': 'earliest',
  'ksql.service.id': 'some.ksql.service.id',
  'ksql.streams.cache.max.bytes.buffering': '0',
};

/** Every query has committed every record of its sources, checked in the order the queries were
 *  created (a query's output is in the next one's source once its commit shows); repeated
 *  `streak` times so chained queries settle too. */
async function drained(
  engine: Engine,
  live: KafkaDriver,
  ns: NamespacedDriver,
  timeoutMs: number,
  o: { streak: number; pollMs: number } = { streak: 2, pollMs: 100 },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let streak = 0;
  while (Date.now() < deadline) {
    await live.settle();
    let all = true;
    for (const q of engine.queries.values())
      for (const t of q.sourceTopics)
        if (all) all = await live.caughtUp(ns.name(queryGroupId(engine, q.id)), ns.name(t)).catch(() => false);
    streak = all ? streak + 1 : 0;
    if (streak >= o.streak) return true;
    await new Promise((r) => setTimeout(r, o.pollMs));
  }
  return false;
}

const ONE_BY_ONE = { streak: 1, pollMs: 20 };

export async function runCaseOnKafka(c: QttCase, live: KafkaDriver): Promise<CaseResult> {
  if (c.unsupported) return { name: c.name, status: 'unsupported', detail: c.unsupported };
  if (c.schemaRegistry)
    return {
      name: c.name,
      status: 'unsupported',
      detail: 'JSON_SR, AVRO or PROTOBUF needs a Schema Registry, which the Kafka QTT runner does not have',
    };
  // QTT records are mostly stamped at time 0: under the broker's default retention (7 days) its
  // periodic check (30 s after start, then every 5 min) would delete them from any topic before they
  // are read, so a case's topics keep their records for good
  const ns = new NamespacedDriver(live, `qtt-${randomBytes(4).toString('hex')}-`, -1);
  // one partition each: a sink spread over several loses the order records are read back in
  for (const [t, partitions] of caseTopics(c, 1))
    ns.createTopic(t, { partitions, replicas: 1, cleanupPolicy: 'delete' });
  const engine = new Engine({
    driver: ns,
    props: { ...BASE_PROPS, ...c.properties },
    now: () => 0,
    assumeTopicsExist: true,
    registry: qttRegistry(),
  });
  try {
    try {
      engine.execute(c.statements.join('\n'));
      const oneByOne = [...engine.queries.values()].some((q) => q.sourceTopics.length > 1);
      if (oneByOne) await live.ready();
      for (const r of c.inputs) {
        ns.produce(
          r.topic,
          encodeRecord(
            r,
            engine.catalog.all().find((s) => s.topic === r.topic),
          ),
        );
        if (oneByOne && !(await drained(engine, live, ns, 30_000, ONE_BY_ONE))) break;
      }
      await ns.settle();
    } catch (err) {
      return errorResult(c, err);
    }
    if (c.expectedException) return ranButExpectedError(c);
    if (!(await drained(engine, live, ns, 30_000))) {
      // a query that stopped says why (a consumer that could not start, a handler that threw)
      const stopped = [...engine.queries.values()]
        .filter((q) => q.error !== undefined)
        .map((q) => `${q.id}: ${q.error!}`);
      return {
        name: c.name,
        status: 'failed',
        detail: `the queries did not consume every input record within 30 s${stopped.length ? ` (stopped: ${stopped.join('; ')})` : ''}`,
      };
    }
    const read = new Map<string, TopicRecord[]>();
    for (const t of outputTopics(c)) read.set(t, await ns.snapshot(t));
    const lines = compareCase(c, engine.catalog, (t) => read.get(t) ?? [], ns.topics());
    const skipped = engine.log.entries;
    return lines.length === 0
      ? { name: c.name, status: 'passed', skipped }
      : { name: c.name, status: 'failed', detail: lines.join('\n'), skipped };
  } finally {
    engine.close();
  }
}

/** The Kafka counterpart of runSuite: same summary shape, cases one after the other. */
export async function runSuiteOnKafka(
  paths: readonly string[],
  live: KafkaDriver,
  filter?: (name: string) => boolean,
  progress?: (msg: string) => void,
): Promise<SuiteSummary> {
  const summary: SuiteSummary = { passed: 0, failed: 0, unsupported: 0, files: {} };
  for (const file of findCaseFiles(paths)) {
    const fs: FileSummary = { passed: 0, failed: 0, unsupported: 0, cases: [] };
    for (const c of loadCaseFile(file)) {
      if (filter && !filter(c.name)) continue;
      const r = await runCaseOnKafka(c, live);
      progress?.(`${r.status}: ${c.name}`);
      fs[r.status]++;
      summary[r.status]++;
      fs.cases.push(r);
    }
    summary.files[file] = fs;
  }
  return summary;
}
