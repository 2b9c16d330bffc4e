// The topics a QTT case starts with and their partition counts, as ksqlDB's test runner
// (TestCaseBuilderUtil.getTopicsByName) creates them: first the case's `topics` list (its
// `partitions`, else 1), then every topic of the inputs and outputs (ksqlDB's runner gives those
// and its statements' topics 4 partitions, legacyDefaultSinkPartitionCount); a PARTITIONS a
// CREATE statement of the case gives its topic wins, so that it matches the topic it finds. The
// default is the caller's: the in-memory runner keeps ksqlDB's 4 (its topics are one log whatever
// their partition count); on Kafka a sink spreads records over partitions and their order is lost
// when read back, so the Kafka runner asks for 1.
import { parseStatements } from '../syntax/index.js';
import { Props } from '../plan/properties.js';
import type { QttCase } from './load-cases.js';

function declaredPartitions(c: QttCase): Map<string, number> {
  const out = new Map<string, number>();
  let statements;
  try {
    statements = parseStatements(c.statements.join('\n'));
  } catch {
    return out; // the case itself reports the syntax error
  }
  for (const s of statements) {
    if (s.kind !== 'CreateSource') continue;
    try {
      const p = new Props(s.properties);
      const topic = p.string('KAFKA_TOPIC');
      const n = p.int('PARTITIONS');
      if (topic !== undefined && n !== undefined) out.set(topic, n);
    } catch {
      // an invalid property is the statement's own error, reported when it runs
    }
  }
  return out;
}

/** ksqlDB's runner's partition count for a topic only the records (or statements) name. */
const QTT_DEFAULT_PARTITIONS = 4;

export function caseTopics(c: QttCase, defaultPartitions = QTT_DEFAULT_PARTITIONS): Map<string, number> {
  const declared = declaredPartitions(c);
  const out = new Map<string, number>();
  const add = (name: string, otherwise: number): void => {
    if (!out.has(name)) out.set(name, declared.get(name) ?? otherwise);
  };
  for (const t of c.topics ?? []) add(t.name, t.partitions ?? t.numPartitions ?? 1);
  for (const r of [...c.inputs, ...c.outputs]) add(r.topic, defaultPartitions);
  return out;
}
