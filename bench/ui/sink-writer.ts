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
