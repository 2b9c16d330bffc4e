// Builders of the /ksql reply entities (ksqldb-notes §1.2): currentStatus, warning_entity, the
// SHOW lists and DESCRIBE's sourceDescription, from the catalog and the running queries.
import type { SqlType } from '../types/sql-types.js';
import type { Column, SourceDef } from '../plan/catalog.js';
import type { CommandStatus } from './command-store.js';

export type Entity = Record<string, unknown> & {
  '@type': string;
  statementText: string;
  warnings: Array<{ message: string }>;
};

/** What SHOW QUERIES and DESCRIBE need to know about a persistent query. */
export interface QueryInfo {
  id: string;
  statementText: string;
  sinkName: string;
  sourceName: string;
  /** Why the query stopped (ksqlDB's ERROR state); absent while it runs. */
  error?: string | undefined;
}

const state = (q: QueryInfo): 'RUNNING' | 'ERROR' => (q.error === undefined ? 'RUNNING' : 'ERROR');

const base = (type: string, statementText: string): Entity => ({ '@type': type, statementText, warnings: [] });

export function currentStatus(statementText: string, commandId: string, status: CommandStatus, seq: number): Entity {
  return { ...base('currentStatus', statementText), commandId, commandStatus: status, commandSequenceNumber: seq };
}

export function warningEntity(statementText: string, message: string): Entity {
  return { ...base('warning_entity', statementText), message };
}

function listItem(s: SourceDef): Record<string, unknown> {
  return {
    type: s.kind,
    name: s.name,
    topic: s.topic,
    keyFormat: s.keyFormat,
    valueFormat: s.valueFormat,
    isWindowed: s.window !== undefined,
  };
}

export function sourceList(statementText: string, kind: 'STREAM' | 'TABLE', sources: SourceDef[]): Entity {
  const field = kind === 'STREAM' ? 'streams' : 'tables';
  const items = sources
    .filter((s) => s.kind === kind)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(listItem);
  return { ...base(field, statementText), [field]: items };
}

export function queryList(
  statementText: string,
  queries: QueryInfo[],
  topicOf: (source: string) => string | undefined,
  push: ReadonlyArray<{ id: string; text: string }> = [],
): Entity {
  const items = queries.map((q) => ({
    queryString: q.statementText,
    sinks: [q.sinkName],
    sinkKafkaTopics: [topicOf(q.sinkName) ?? q.sinkName],
    id: q.id,
    statusCount: { [state(q)]: 1 },
    queryType: 'PERSISTENT',
    state: state(q),
  }));
  // push queries streaming to a client, as ksqlDB lists them: no sink, type PUSH
  const pushed = push.map((q) => ({
    queryString: q.text,
    sinks: [],
    sinkKafkaTopics: [],
    id: q.id,
    statusCount: { RUNNING: 1 },
    queryType: 'PUSH',
    state: 'RUNNING',
  }));
  return { ...base('queries', statementText), queries: [...items, ...pushed] };
}

/** ksqlDB's SchemaInfo: STRUCT children in `fields`, ARRAY/MAP element type in `memberSchema`. */
export function schemaInfo(t: SqlType): Record<string, unknown> {
  switch (t.kind) {
    case 'STRUCT':
      return {
        type: 'STRUCT',
        fields: t.fields.map((f) => ({ name: f.name, schema: schemaInfo(f.type) })),
        memberSchema: null,
      };
    case 'ARRAY':
      return { type: 'ARRAY', fields: null, memberSchema: schemaInfo(t.item) };
    case 'MAP':
      return { type: 'MAP', fields: null, memberSchema: schemaInfo(t.value) };
    case 'DECIMAL':
      return {
        type: 'DECIMAL',
        fields: null,
        memberSchema: null,
        parameters: { scale: t.scale, precision: t.precision },
      };
    default:
      return { type: t.kind, fields: null, memberSchema: null };
  }
}

export function fieldInfo(c: Column): Record<string, unknown> {
  const f: Record<string, unknown> = { name: c.name, schema: schemaInfo(c.type) };
  if (c.ns === 'KEY' || c.ns === 'HEADER') f['type'] = c.ns;
  return f;
}

export interface DescribeInput {
  source: SourceDef;
  extended: boolean;
  queries: QueryInfo[];
  partitions: number;
  replication: number;
  /** A query's sink topic (ksqlDB's RunningQuery.sinkKafkaTopics). */
  topicOf: (source: string) => string | undefined;
}

/** DESCRIBE [EXTENDED]: key columns first, then values; `partitions` only with EXTENDED. */
export function sourceDescription(statementText: string, d: DescribeInput): Entity {
  const s = d.source;
  const brief = (q: QueryInfo): Record<string, unknown> => ({
    queryString: q.statementText,
    sinks: [q.sinkName],
    sinkKafkaTopics: [d.topicOf(q.sinkName) ?? q.sinkName],
    id: q.id,
    statusCount: { [state(q)]: 1 },
    queryType: 'PERSISTENT',
    state: state(q),
  });
  const ordered = [...s.columns.filter((c) => c.ns === 'KEY'), ...s.columns.filter((c) => c.ns !== 'KEY')];
  return {
    ...base('sourceDescription', statementText),
    sourceDescription: {
      name: s.name,
      windowType: s.window?.type ?? null,
      readQueries: d.queries.filter((q) => q.sourceName === s.name).map(brief),
      writeQueries: d.queries.filter((q) => q.sinkName === s.name).map(brief),
      fields: ordered.map(fieldInfo),
      type: s.kind,
      timestamp: s.timestampColumn ?? '',
      statistics: '',
      errorStats: '',
      extended: d.extended,
      keyFormat: s.keyFormat,
      valueFormat: s.valueFormat,
      topic: s.topic,
      partitions: d.extended ? d.partitions : 0,
      replication: d.extended ? d.replication : 0,
      statement: s.statement,
      queryOffsetSummaries: [],
      sourceConstraints: [],
      clusterStatistics: [],
      clusterErrorStats: [],
    },
  };
}
