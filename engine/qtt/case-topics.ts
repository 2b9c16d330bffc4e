// The topics a QTT case starts with and their partition counts, as ksqlDB's test runner creates
// them: every topic of the inputs, outputs and `topics` list, with the PARTITIONS a CREATE
// statement of the case gives its topic (else `partitions` of the list, else 1), so that a
// statement's PARTITIONS matches the topic it finds. (ksqlDB's runner defaults to 4, as its cases'
// post-conditions show; on Kafka a sink then spreads records over partitions and their order is
// lost when read back, so 1 stays the default here.)
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

export function caseTopics(c: QttCase): Map<string, number> {
  const declared = declaredPartitions(c);
  const out = new Map<string, number>();
  const add = (name: string, listed?: number): void => {
    if (!out.has(name)) out.set(name, declared.get(name) ?? listed ?? 1);
  };
  for (const r of [...c.inputs, ...c.outputs]) add(r.topic);
  for (const t of c.topics ?? []) add(t.name, t.partitions ?? t.numPartitions);
  return out;
}
