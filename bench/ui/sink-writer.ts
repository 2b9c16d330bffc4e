// Writes graph data the way the Neo4j sinks do (for the map's tests and benchmarks): the Cypher of a connector file
// (connectors/<name>.json, neo4j.cypher.topic.<TOPIC>) run over a batch of record values, each
// bound to __value as the connector binds it. Tests and benchmarks get the sinks' exact graph model
// without Connect in between.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { projectRoot } from '../../cli/stack/layout.js';

const CONNECTORS_DIR = join(projectRoot(), 'connectors');

export function sinkCypher(connector: string): string {
  const cfg = JSON.parse(readFileSync(join(CONNECTORS_DIR, `${connector}.json`), 'utf8')) as {
    config: Record<string, string>;
  };
  const key = Object.keys(cfg.config).find((k) => k.startsWith('neo4j.cypher.topic.'));
  if (!key) throw new Error(`${connector}.json has no neo4j.cypher.topic.* statement`);
  return cfg.config[key] as string;
}

export async function applyGraphSchema(driver: Driver): Promise<void> {
  const text = readFileSync(join(CONNECTORS_DIR, 'graph-schema.cypher'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  for (const s of text
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean))
    await driver.executeQuery(s);
}

/** Runs the connector's statement once per value, in batches (one transaction each). */
export async function writeThroughSink(
  driver: Driver,
  connector: string,
  values: readonly Record<string, unknown>[],
  batch = 500,
): Promise<void> {
  const cypher = `UNWIND $values AS __value CALL { WITH __value ${sinkCypher(connector)} }`;
  for (let i = 0; i < values.length; i += batch)
    await driver.executeQuery(cypher, { values: values.slice(i, i + batch) });
}

/**
 * Bulk load for the benchmarks' large graphs: the nodes and properties the flows sink writes
 * (Host, TALKS_TO, FlowWindow), in one UNWIND per batch, for records whose pairs and windows are
 * all distinct (randomGraph's), where the sink's per-record upsert logic has nothing to merge.
 */
export async function bulkLoadFlows(
  driver: Driver,
  values: readonly Record<string, unknown>[],
  batch = 5_000,
): Promise<void> {
  const cypher = `UNWIND $values AS v
    MERGE (s:Host {ip: v.SRC_IP})
      ON CREATE SET s.internal = v.SRC_INTERNAL, s.firstSeen = v.FIRST_SEEN, s.lastSeen = v.LAST_SEEN
    MERGE (d:Host {ip: v.DST_IP})
      ON CREATE SET d.internal = v.DST_INTERNAL, d.firstSeen = v.FIRST_SEEN, d.lastSeen = v.LAST_SEEN
    CREATE (s)-[:TALKS_TO {packets: v.PACKETS, bytes: v.BYTES, ports: v.DST_PORTS, firstSeen: v.FIRST_SEEN, lastSeen: v.LAST_SEEN}]->(d)
    CREATE (:FlowWindow {id: v.SRC_IP + '>' + v.DST_IP + '@' + toString(v.WINDOW_START), src: v.SRC_IP, dst: v.DST_IP,
      windowStart: v.WINDOW_START, windowEnd: v.WINDOW_END, packets: v.PACKETS, bytes: v.BYTES, ports: v.DST_PORTS,
      firstSeen: v.FIRST_SEEN, lastSeen: v.LAST_SEEN})`;
  for (let i = 0; i < values.length; i += batch)
    await driver.executeQuery(cypher, { values: values.slice(i, i + batch) });
}
