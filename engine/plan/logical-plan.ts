// The logical plan of a persistent query: a chain of nodes from the source to the sink, each
// printable; printPlan() is what EXPLAIN shows. Rules rewrite it; the runtime builds operators.
import { printExpression, type Expression, type FunctionCall } from '../syntax/index.js';
import { typeToString, type SqlType } from '../types/sql-types.js';
import type { Column, NullableRepresentation, SourceDef, WindowInfo } from './catalog.js';
import type { JoinType } from '../syntax/index.js';

export interface SelectPlanItem {
  expr: Expression;
  name: string;
  key: boolean;
  type: SqlType;
}

export interface WindowPlan {
  type: 'TUMBLING' | 'HOPPING' | 'SESSION';
  sizeMs: number;
  advanceMs: number;
  gapMs: number;
  /** Undefined until a rule fills in the default. */
  graceMs?: number;
  retentionMs?: number;
}

export interface SinkPlan {
  name: string;
  kind: 'STREAM' | 'TABLE';
  topic: string;
  keyFormat: string;
  valueFormat: string;
  wrapSingleValue: boolean;
  valueDelimiter: string;
  keyDelimiter: string;
  keyNullable?: NullableRepresentation;
  valueNullable?: NullableRepresentation;
  /** PROTOBUF: the registered schema (KEY_/VALUE_SCHEMA_ID) the sink writes its records with. */
  keySchemaId?: number;
  valueSchemaId?: number;
  /** PROTOBUF: the message (KEY_/VALUE_SCHEMA_FULL_NAME) of that schema, or the columns' own's name. */
  keySchemaFullName?: string;
  valueSchemaFullName?: string;
  partitions: number;
  timestampColumn?: string;
  timestampFormat?: string;
  /** False for INSERT INTO an existing source. */
  create: boolean;
}

/** One input of a join: a source (or, on the left of an n-way join, the join before it) and its
 *  join expression over that input's own row. */
export interface JoinSidePlan {
  source?: SourceDef;
  inner?: JoinNode;
  alias: string;
  key: Expression;
  /** The join expression is not the source's key: ksqlDB repartitions this side by it first. */
  repartition: boolean;
}

export interface JoinNode {
  kind: 'Join';
  joinType: JoinType;
  shape: 'STREAM_STREAM' | 'STREAM_TABLE' | 'TABLE_TABLE';
  left: JoinSidePlan;
  right: JoinSidePlan;
  /** The joined row's key column (a source's join column, or the synthetic ROWKEY). */
  keyName: string;
  keyType: SqlType;
  /** The joined row's columns: [key, left input's row, right input's row, pseudo columns]. */
  layout: Array<{ name: string; type: SqlType }>;
  /** Table-table on the left table's foreign key: the result is keyed by the left's primary key. */
  foreignKey?: boolean;
  /** Stream-stream: WITHIN (before, after) and the grace period, when written. */
  within?: { beforeMs: number; afterMs: number; graceMs?: number };
}

export type LogicalNode =
  | { kind: 'Source'; source: SourceDef; alias: string }
  | JoinNode
  | { kind: 'Filter'; predicate: Expression }
  | { kind: 'Repartition'; keys: Expression[]; names: string[] }
  | {
      kind: 'Aggregate';
      groupBy: Expression[];
      keyNames: string[];
      aggregates: FunctionCall[];
      window?: WindowPlan;
      having?: Expression;
      fromTable: boolean;
    }
  | { kind: 'EmitFinal'; graceMs: number }
  /** Table function calls (EXPLODE…): each input row becomes one row per produced value. */
  | { kind: 'FlatMap'; calls: FunctionCall[] }
  | { kind: 'Project'; items: SelectPlanItem[] }
  | { kind: 'Sink'; sink: SinkPlan };

export interface LogicalPlan {
  nodes: LogicalNode[];
  resultKind: 'STREAM' | 'TABLE';
  output: Column[];
  window?: WindowInfo;
  refinement: 'CHANGES' | 'FINAL';
}

function describe(n: LogicalNode): string {
  switch (n.kind) {
    case 'Source':
      return `Source ${n.source.kind} ${n.source.name}${n.alias !== n.source.name ? ` AS ${n.alias}` : ''} [topic ${n.source.topic}, ${n.source.keyFormat}/${n.source.valueFormat}]`;
    case 'Join':
      return describeJoin(n);
    case 'Filter':
      return `Filter ${printExpression(n.predicate)}`;
    case 'Repartition':
      return `Repartition BY ${n.keys.map(printExpression).join(', ')} AS ${n.names.join(', ')}`;
    case 'Aggregate': {
      const w = n.window
        ? ` WINDOW ${n.window.type} ${n.window.type === 'SESSION' ? `gap=${n.window.gapMs}ms` : `size=${n.window.sizeMs}ms advance=${n.window.advanceMs}ms`} grace=${n.window.graceMs ?? 'default'}ms`
        : '';
      const h = n.having ? ` HAVING ${printExpression(n.having)}` : '';
      return `Aggregate GROUP BY ${n.groupBy.map(printExpression).join(', ')} [${n.aggregates.map(printExpression).join(', ')}]${w}${h}`;
    }
    case 'EmitFinal':
      return `EmitFinal grace=${n.graceMs}ms`;
    case 'FlatMap':
      return `FlatMap ${n.calls.map(printExpression).join(', ')}`;
    case 'Project':
      return `Project ${n.items.map((i) => `${printExpression(i.expr)} AS ${i.name}${i.key ? ' KEY' : ''}`).join(', ')}`;
    case 'Sink':
      return `Sink ${n.sink.kind} ${n.sink.name} [topic ${n.sink.topic}, ${n.sink.keyFormat}/${n.sink.valueFormat}]`;
  }
}

function describeJoin(n: JoinNode): string {
  const by = (s: JoinSidePlan): string =>
    s.repartition ? ` (Repartition BY ${printExpression(s.key)})` : ` BY ${printExpression(s.key)}`;
  const side = (s: JoinSidePlan): string =>
    s.inner
      ? `(${describeJoin(s.inner).replace(/\n/g, '\n    ')})${by(s)}`
      : `${s.source!.kind} ${s.source!.name}${s.alias !== s.source!.name ? ` AS ${s.alias}` : ''} [topic ${s.source!.topic}]${by(s)}`;
  const w = n.within
    ? ` WITHIN before=${n.within.beforeMs}ms after=${n.within.afterMs}ms${n.within.graceMs !== undefined ? ` grace=${n.within.graceMs}ms` : ''}`
    : '';
  return `Join ${n.joinType} ${n.shape}${n.foreignKey ? ' FOREIGN KEY' : ''} KEY ${n.keyName}${w}\n    left: ${side(n.left)}\n    right: ${side(n.right)}`;
}

/** The plan as an indented tree, sink at the top, with the output schema. */
export function printPlan(p: LogicalPlan): string {
  const lines = [...p.nodes].reverse().map((n, i) => `${'  '.repeat(i)}${i > 0 ? '> ' : ''}${describe(n)}`);
  const schema = p.output.map((c) => `${c.name} ${typeToString(c.type)}${c.ns === 'KEY' ? ' KEY' : ''}`).join(', ');
  return [
    ...lines,
    `Schema: ${schema}`,
    `Result: ${p.resultKind}${p.window ? ` (windowed ${p.window.type})` : ''}, EMIT ${p.refinement}`,
  ].join('\n');
}
