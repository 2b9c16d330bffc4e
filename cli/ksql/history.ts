// Reads and writes the migration metadata through a ksqlDB REST endpoint: creating the stream and
// table when missing, pull queries by key (as ksql-migrations does, so old servers work too), and
// the two-row state changes written through /inserts-stream.
import type { KsqlDbClient } from '../clients/ksqldb/client.js';
import type { KsqlEntity, SourceListItem } from '../clients/ksqldb/wire.js';
import type { Logger } from '../context.js';
import {
  CURRENT_KEY,
  EVENTS_STREAM,
  NO_PREVIOUS,
  VERSIONS_TABLE,
  metadataStatements,
  rowFromQuery,
  rowToInsert,
  type MigrationRow,
} from './metadata.js';
import type { MigrationHistory } from './plan-apply.js';

export type RunStatement = (sql: string) => Promise<KsqlEntity[]>;

function names(entities: KsqlEntity[], key: 'streams' | 'tables'): Set<string> {
  const set = new Set<string>();
  for (const e of entities)
    for (const s of ((e as Record<string, unknown>)[key] as SourceListItem[] | undefined) ?? []) set.add(s.name);
  return set;
}

/** Whether MIGRATION_EVENTS and MIGRATION_SCHEMA_VERSIONS exist. */
export async function metadataExists(run: RunStatement): Promise<{ stream: boolean; table: boolean }> {
  const streams = names(await run('SHOW STREAMS;'), 'streams');
  const tables = names(await run('SHOW TABLES;'), 'tables');
  return { stream: streams.has(EVENTS_STREAM), table: tables.has(VERSIONS_TABLE) };
}

/** Creates whichever metadata object is missing. */
export async function ensureMetadata(run: RunStatement, serviceId: string, log: Logger): Promise<void> {
  const have = await metadataExists(run);
  const [stream, table] = metadataStatements(serviceId, 1);
  if (!have.stream) {
    log.info(`creating migration metadata stream ${EVENTS_STREAM}`);
    await run(stream as string);
  }
  if (!have.table) {
    log.info(`creating migration metadata table ${VERSIONS_TABLE}`);
    await run(table as string);
  }
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export async function readRow(client: KsqlDbClient, versionKey: string): Promise<MigrationRow | undefined> {
  const r = await client.query(`SELECT * FROM ${VERSIONS_TABLE} WHERE VERSION_KEY = ${quote(versionKey)};`);
  const row = r.rows[0];
  return row ? rowFromQuery(r.header.columnNames, row) : undefined;
}

/** CURRENT, then each version along the PREVIOUS chain, plus any extra versions asked for. */
export async function readHistory(
  client: KsqlDbClient,
  extraVersions: readonly number[] = [],
): Promise<MigrationHistory> {
  const current = await readRow(client, CURRENT_KEY);
  const byVersion = new Map<number, MigrationRow>();
  let next = current ? Number(current.version) : 0;
  while (next > 0 && !byVersion.has(next)) {
    const row = await readRow(client, String(next));
    if (!row) break;
    byVersion.set(next, row);
    next = row.previous === NO_PREVIOUS || row.previous === '' ? 0 : Number(row.previous);
  }
  for (const v of extraVersions) {
    if (byVersion.has(v)) continue;
    const row = await readRow(client, String(v));
    if (row) byVersion.set(v, row);
  }
  return { current, byVersion };
}

/** Writes rows in order (a state change: CURRENT, then the version's own row). */
export async function writeState(client: KsqlDbClient, rows: readonly MigrationRow[]): Promise<void> {
  await client.insert(EVENTS_STREAM, rows.map(rowToInsert));
}
