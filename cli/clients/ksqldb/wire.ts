// Wire shapes of ksqlDB's REST API (shared/docs/ksqldb-notes.md §1), as the server sends them.
// Where Confluent's docs differ from the server, the server wins; each such place is noted.

/** One warning attached to an entity. */
export interface KsqlWarning {
  message: string;
}

/** Status of a distributed command. RUNNING is missing from the docs but sent by servers. */
export type CommandState = 'QUEUED' | 'PARSING' | 'EXECUTING' | 'RUNNING' | 'TERMINATED' | 'SUCCESS' | 'ERROR';

export const FINAL_STATES: ReadonlySet<CommandState> = new Set(['SUCCESS', 'ERROR']);

export interface CommandStatus {
  status: CommandState;
  message: string;
  queryId?: string | null;
}

interface EntityBase {
  statementText: string;
  warnings: KsqlWarning[];
}

/** CREATE/DROP/ALTER, CSAS/CTAS, INSERT…SELECT, TERMINATE, TYPE. */
export interface CurrentStatusEntity extends EntityBase {
  '@type': 'currentStatus';
  commandId: string;
  commandStatus: CommandStatus;
  commandSequenceNumber: number;
}

/** An IF [NOT] EXISTS no-op. */
export interface WarningEntity extends EntityBase {
  '@type': 'warning_entity';
  message: string;
}

export interface SourceListItem {
  type: 'STREAM' | 'TABLE';
  name: string;
  topic: string;
  keyFormat: string;
  valueFormat: string;
  isWindowed: boolean;
}

export interface FieldSchema {
  type: string;
  fields: FieldInfo[] | null;
  memberSchema: FieldSchema | null;
}

export interface FieldInfo {
  name: string;
  schema: FieldSchema;
  /** KEY or HEADER; absent for value columns. */
  type?: 'KEY' | 'HEADER';
}

export interface SourceDescription {
  name: string;
  type: 'STREAM' | 'TABLE';
  topic: string;
  keyFormat: string;
  valueFormat: string;
  windowType: string | null;
  fields: FieldInfo[];
  statement: string;
  [more: string]: unknown;
}

/** Any entity ziem does not read field by field keeps its raw shape. */
export type KsqlEntity =
  | CurrentStatusEntity
  | WarningEntity
  | (EntityBase & { '@type': 'streams'; streams: SourceListItem[] })
  | (EntityBase & { '@type': 'tables'; tables: SourceListItem[] })
  | (EntityBase & { '@type': 'sourceDescription'; sourceDescription: SourceDescription })
  | (EntityBase & { '@type': string; [field: string]: unknown });

/** Error body of every endpoint: generic_error, or statement_error with the failing statement. */
export interface KsqlErrorBody {
  '@type'?: string;
  error_code: number;
  message: string;
  statementText?: string;
  entities?: KsqlEntity[];
}

/** GET /info. CP builds report the CP version in `version`. */
export interface ServerInfo {
  KsqlServerInfo: { version: string; kafkaClusterId: string; ksqlServiceId: string; serverStatus?: string };
}

/** GET /healthcheck: always HTTP 200, so the body is what counts. */
export interface HealthCheck {
  isHealthy: boolean;
  details: Record<string, { isHealthy: boolean }>;
  serverState?: string;
}

/** First line of /query-stream (delimited format). `queryId` is set for pull queries too. */
export interface QueryStreamHeader {
  queryId: string;
  columnNames: string[];
  columnTypes: string[];
}

/** One ack line of /inserts-stream. Acks may arrive out of order. */
export type InsertAck =
  { status: 'ok'; seq: number } | { status: 'error'; seq: number; error_code: number; message: string };
