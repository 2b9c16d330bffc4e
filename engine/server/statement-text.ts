// The statementText ksqlDB echoes back: its rewrite of the statement, not the input. Names are
// printed upper-cased (unless quoted), CREATE gets the topic properties the server filled in
// (KAFKA_TOPIC, KEY_FORMAT, VALUE_FORMAT, PARTITIONS, REPLICAS, CLEANUP_POLICY) and queries EMIT CHANGES.
import { printStatement, type Literal, type Property, type Statement } from '../syntax/index.js';
import type { SourceDef } from '../plan/catalog.js';
import type { TopicSpec } from '../exec/topic-driver.js';

const str = (value: string): Literal => ({ kind: 'StringLiteral', value });
const int = (value: number): Literal => ({ kind: 'IntegerLiteral', value });

function cleanupPolicy(def: SourceDef): string {
  if (def.kind === 'STREAM') return 'delete';
  return def.window ? 'compact,delete' : 'compact';
}

/** The WITH clause after the server injected its defaults, sorted by name as ksqlDB prints it. */
export function injectedProperties(
  given: readonly Property[],
  def: SourceDef,
  spec: TopicSpec | undefined,
): Property[] {
  const byName = new Map<string, Literal>();
  for (const p of given) if (p.name.toUpperCase() !== 'FORMAT') byName.set(p.name.toUpperCase(), p.value);
  byName.set('KAFKA_TOPIC', str(def.topic));
  byName.set('KEY_FORMAT', str(def.keyFormat));
  byName.set('VALUE_FORMAT', str(def.valueFormat));
  byName.set('PARTITIONS', int(spec?.partitions ?? def.partitions));
  byName.set('REPLICAS', int(spec?.replicas ?? 1));
  byName.set('CLEANUP_POLICY', str(spec?.cleanupPolicy ?? cleanupPolicy(def)));
  return [...byName.keys()].sort().map((name) => ({ name, value: byName.get(name)! }));
}

/** The rewritten text; `def` is the source the statement created, when it created one. */
export function rewriteStatement(s: Statement, def?: SourceDef, spec?: TopicSpec): string {
  try {
    if (s.kind === 'CreateSource' && def)
      return printStatement({ ...s, properties: injectedProperties(s.properties, def, spec) }) + ';';
    if (s.kind === 'CreateAsSelect' && def) {
      return (
        printStatement({
          ...s,
          properties: injectedProperties(s.properties, def, spec),
          query: { ...s.query, refinement: s.query.refinement ?? 'CHANGES' },
        }) + ';'
      );
    }
    if (s.kind === 'InsertInto')
      return printStatement({ ...s, query: { ...s.query, refinement: s.query.refinement ?? 'CHANGES' } }) + ';';
    return printStatement(s) + ';';
  } catch {
    // a statement kind the printer does not cover is echoed as written rather than failing the request
    return s.text;
  }
}
