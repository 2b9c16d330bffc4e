// The migration metadata that ksql-migrations keeps, so a project can switch between it and ziem:
// the MIGRATION_EVENTS stream (all STRING columns, JSON, one partition) and the
// MIGRATION_SCHEMA_VERSIONS table (LATEST_BY_OFFSET of each column by VERSION_KEY).

export const EVENTS_STREAM = 'MIGRATION_EVENTS';
export const VERSIONS_TABLE = 'MIGRATION_SCHEMA_VERSIONS';
export const CURRENT_KEY = 'CURRENT';
export const NO_PREVIOUS = '<none>';
export const NO_ERROR = 'N/A';

export type MigrationState = 'RUNNING' | 'MIGRATED' | 'ERROR';

/** One row of MIGRATION_SCHEMA_VERSIONS (and of MIGRATION_EVENTS); every value is a string. */
export interface MigrationRow {
  versionKey: string;
  version: string;
  name: string;
  state: MigrationState;
  checksum: string;
  startedOn: string;
  completedOn: string;
  previous: string;
  errorReason: string;
}

const COLUMNS = [
  'VERSION_KEY',
  'VERSION',
  'NAME',
  'STATE',
  'CHECKSUM',
  'STARTED_ON',
  'COMPLETED_ON',
  'PREVIOUS',
  'ERROR_REASON',
] as const;

export function metadataTopics(serviceId: string): { events: string; versions: string } {
  return { events: `${serviceId}ksql_${EVENTS_STREAM}`, versions: `${serviceId}ksql_${VERSIONS_TABLE}` };
}

/** The two statements that create the metadata, column for column as ksql-migrations does. */
export function metadataStatements(serviceId: string, replicas: number): string[] {
  const topics = metadataTopics(serviceId);
  const valueColumns = COLUMNS.slice(1)
    .map((c) => `  ${c} STRING`)
    .join(',\n');
  const latest = COLUMNS.slice(1)
    .map((c) => `  LATEST_BY_OFFSET(${c}) AS ${c}`)
    .join(',\n');
  return [
    `CREATE STREAM ${EVENTS_STREAM} (\n  VERSION_KEY STRING KEY,\n${valueColumns}\n) WITH (KAFKA_TOPIC='${topics.events}', VALUE_FORMAT='JSON', PARTITIONS=1, REPLICAS=${replicas});`,
    `CREATE TABLE ${VERSIONS_TABLE} WITH (KAFKA_TOPIC='${topics.versions}') AS SELECT\n  VERSION_KEY,\n${latest}\nFROM ${EVENTS_STREAM}\nGROUP BY VERSION_KEY;`,
  ];
}

/** The JSON object /inserts-stream takes for one row. */
export function rowToInsert(r: MigrationRow): Record<string, string> {
  return {
    VERSION_KEY: r.versionKey,
    VERSION: r.version,
    NAME: r.name,
    STATE: r.state,
    CHECKSUM: r.checksum,
    STARTED_ON: r.startedOn,
    COMPLETED_ON: r.completedOn,
    PREVIOUS: r.previous,
    ERROR_REASON: r.errorReason,
  };
}

/** Reads a pull-query row by column name; unknown states are kept as they are for the caller to refuse. */
export function rowFromQuery(columnNames: readonly string[], values: readonly unknown[]): MigrationRow {
  const get = (c: string): string => {
    const i = columnNames.indexOf(c);
    const v = i >= 0 ? values[i] : undefined;
    return v === null || v === undefined ? '' : String(v);
  };
  return {
    versionKey: get('VERSION_KEY'),
    version: get('VERSION'),
    name: get('NAME'),
    state: get('STATE') as MigrationState,
    checksum: get('CHECKSUM'),
    startedOn: get('STARTED_ON'),
    completedOn: get('COMPLETED_ON'),
    previous: get('PREVIOUS'),
    errorReason: get('ERROR_REASON'),
  };
}

/**
 * Each state change is two rows, written in this order: key CURRENT, then the version's own key.
 * VERSION is unpadded; times are epoch-ms strings; COMPLETED_ON is "" while running.
 */
export function stateChangeRows(o: {
  version: number;
  name: string;
  checksum: string;
  state: MigrationState;
  startedOn: number;
  completedOn?: number;
  previous: number | undefined;
  errorReason?: string;
}): [MigrationRow, MigrationRow] {
  const row = (versionKey: string): MigrationRow => ({
    versionKey,
    version: String(o.version),
    name: o.name,
    state: o.state,
    checksum: o.checksum,
    startedOn: String(o.startedOn),
    completedOn: o.completedOn === undefined ? '' : String(o.completedOn),
    previous: o.previous === undefined ? NO_PREVIOUS : String(o.previous),
    errorReason: o.errorReason ?? NO_ERROR,
  });
  return [row(CURRENT_KEY), row(String(o.version))];
}
