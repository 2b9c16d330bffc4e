// Syntax tree, part 3: statements. Every statement carries its source text (with its `;`) and
// start position. Part of the contract re-exported by ast.ts: shapes may gain fields only.
import type { Expression, Literal, SqlType } from './ast-expression.js';
import type { Duration, Query } from './ast-query.js';

/** `NAME = literal` in WITH (...). Bare names are upper-cased, quoted ones ('connector.class')
 *  keep their case (compare source properties case-insensitively); values keep their literal kind. */
export interface Property {
  name: string;
  value: Literal;
}

export type ColumnConstraint = 'VALUE' | 'KEY' | 'PRIMARY_KEY' | 'HEADERS' | 'HEADER';
export interface TableElement {
  name: string;
  type: SqlType;
  constraint: ColumnConstraint;
  /** The header key of `HEADER('k')`. */
  headerKey?: string;
  /** Where the element's name starts in the whole text. */
  line?: number;
  column?: number;
}

export type SourceType = 'STREAM' | 'TABLE';

/** Every statement knows its own source text and where it starts. */
export interface StatementBase {
  text: string;
  line: number;
  column: number;
}

export interface CreateSource extends StatementBase {
  kind: 'CreateSource';
  sourceType: SourceType;
  orReplace: boolean;
  ifNotExists: boolean;
  /** CREATE SOURCE STREAM|TABLE: read-only, materialised for pull queries. */
  readOnly: boolean;
  name: string;
  elements: TableElement[];
  properties: Property[];
}
export interface CreateAsSelect extends StatementBase {
  kind: 'CreateAsSelect';
  sourceType: SourceType;
  orReplace: boolean;
  ifNotExists: boolean;
  name: string;
  properties: Property[];
  query: Query;
}
export interface InsertInto extends StatementBase {
  kind: 'InsertInto';
  target: string;
  properties: Property[];
  query: Query;
}
export interface InsertValues extends StatementBase {
  kind: 'InsertValues';
  target: string;
  /** Absent when no column list was written (all columns, in schema order). */
  columns?: string[];
  values: Expression[];
}
export interface DropSource extends StatementBase {
  kind: 'DropSource';
  sourceType: SourceType;
  ifExists: boolean;
  name: string;
  deleteTopic: boolean;
}
export interface AlterSource extends StatementBase {
  kind: 'AlterSource';
  sourceType: SourceType;
  name: string;
  addColumns: TableElement[];
}
export interface RegisterType extends StatementBase {
  kind: 'RegisterType';
  ifNotExists: boolean;
  name: string;
  type: SqlType;
}
export interface DropType extends StatementBase {
  kind: 'DropType';
  ifExists: boolean;
  name: string;
}
export interface QueryStatement extends StatementBase {
  kind: 'QueryStatement';
  query: Query;
}
export interface DefineVariable extends StatementBase {
  kind: 'DefineVariable';
  name: string;
  value: string;
}
export interface UndefineVariable extends StatementBase {
  kind: 'UndefineVariable';
  name: string;
}
export interface SetProperty extends StatementBase {
  kind: 'SetProperty';
  name: string;
  value: string;
}
export interface UnsetProperty extends StatementBase {
  kind: 'UnsetProperty';
  name: string;
}
export interface AlterSystemProperty extends StatementBase {
  kind: 'AlterSystemProperty';
  name: string;
  value: string;
}
/** EXPLAIN of a query id or of a statement (query, CSAS/CTAS, INSERT INTO ... SELECT). */
export interface Explain extends StatementBase {
  kind: 'Explain';
  queryId?: string;
  statement?: QueryStatement | CreateAsSelect | InsertInto;
}
export type ShowTarget =
  | 'STREAMS'
  | 'TABLES'
  | 'QUERIES'
  | 'TOPICS'
  | 'PROPERTIES'
  | 'FUNCTIONS'
  | 'TYPES'
  | 'VARIABLES'
  | 'CONNECTORS'
  | 'CONNECTOR_PLUGINS';
/** SHOW and LIST are synonyms. `all` is SHOW ALL TOPICS; `connectorScope` is SHOW SOURCE|SINK CONNECTORS. */
export interface Show extends StatementBase {
  kind: 'Show';
  target: ShowTarget;
  extended: boolean;
  all: boolean;
  connectorScope?: 'SOURCE' | 'SINK';
}
export type DescribeSubject = 'SOURCE' | 'STREAMS' | 'TABLES' | 'FUNCTION' | 'CONNECTOR';
export interface Describe extends StatementBase {
  kind: 'Describe';
  subject: DescribeSubject;
  /** Absent for DESCRIBE STREAMS|TABLES. */
  name?: string;
  extended: boolean;
}
export interface Print extends StatementBase {
  kind: 'Print';
  topic: string;
  fromBeginning: boolean;
  interval?: number;
  limit?: number;
}
/** TERMINATE / PAUSE / RESUME of one query id or ALL. */
export interface QueryControl extends StatementBase {
  kind: 'QueryControl';
  action: 'TERMINATE' | 'PAUSE' | 'RESUME';
  /** Absent when `all` is true. */
  queryId?: string;
  all: boolean;
}
export interface CreateConnector extends StatementBase {
  kind: 'CreateConnector';
  connectorType: 'SOURCE' | 'SINK';
  ifNotExists: boolean;
  name: string;
  properties: Property[];
}
export interface DropConnector extends StatementBase {
  kind: 'DropConnector';
  ifExists: boolean;
  name: string;
}
/** ASSERT [NOT EXISTS] TOPIC name [WITH (...)] [TIMEOUT d]. */
export interface AssertTopic extends StatementBase {
  kind: 'AssertTopic';
  exists: boolean;
  topic: string;
  properties: Property[];
  timeout?: Duration;
}
/** ASSERT [NOT EXISTS] SCHEMA [SUBJECT s] [ID n] [TIMEOUT d]. */
export interface AssertSchema extends StatementBase {
  kind: 'AssertSchema';
  exists: boolean;
  subject?: string;
  id?: number;
  timeout?: Duration;
}

export type Statement =
  | CreateSource
  | CreateAsSelect
  | InsertInto
  | InsertValues
  | DropSource
  | AlterSource
  | RegisterType
  | DropType
  | QueryStatement
  | DefineVariable
  | UndefineVariable
  | SetProperty
  | UnsetProperty
  | AlterSystemProperty
  | Explain
  | Show
  | Describe
  | Print
  | QueryControl
  | CreateConnector
  | DropConnector
  | AssertTopic
  | AssertSchema;
