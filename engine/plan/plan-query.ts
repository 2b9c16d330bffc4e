// Plans a persistent query end to end: analysis, the sink (new for CSAS/CTAS with inherited
// formats and topic naming, existing for INSERT INTO), then the rules. Pure: no I/O.
import { PlanError } from '../errors.js';
import type { CreateAsSelect, InsertInto } from '../syntax/index.js';
import type { PlanServices } from './plan-services.js';
import { typeToString } from '../types/sql-types.js';
import type { Catalog, Column, SourceDef, WindowInfo } from './catalog.js';
import { analyzeQuery, outputColumns, type Analysis } from './analyze-query.js';
import type { LogicalPlan, SinkPlan } from './logical-plan.js';
import { Props } from './properties.js';
import {
  checkKeyAndValueSerdes,
  checkTimestampColumn,
  defaultFormats,
  delimiter,
  readFormats,
  readNullable,
  readWrapSingle,
} from './ddl.js';
import { applyRules } from './rules/index.js';
import { formatCreateAsSelect } from './format-statement.js';
import { checkRemoteUse } from './remote-use.js';
import { checkInsertInto } from './source-rules.js';
import { sinkSchemas } from './sink-schemas.js';

export interface PlanContext {
  catalog: Catalog;
  ctx: PlanServices;
  /** ksql.output.topic.name.prefix */
  topicPrefix: string;
  /** A persistent query (CSAS/CTAS/INSERT INTO): system columns may not be output columns. */
  persistent?: boolean;
  /** The session's properties (ksql.persistence.*). */
  props?: Readonly<Record<string, string>>;
}

function windowOf(a: Analysis): WindowInfo | undefined {
  const agg = a.nodes.find((n) => n.kind === 'Aggregate');
  if (agg?.kind === 'Aggregate' && agg.window)
    return agg.window.type === 'SESSION' ? { type: 'SESSION' } : { type: agg.window.type, sizeMs: agg.window.sizeMs };
  return a.source.window;
}

function sinkForCreate(s: CreateAsSelect, a: Analysis, output: Column[], pc: PlanContext): SinkPlan {
  if (s.sourceType === 'STREAM' && a.resultKind === 'TABLE')
    throw new PlanError(
      'Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.',
    );
  if (s.sourceType === 'TABLE' && a.resultKind === 'STREAM')
    throw new PlanError(
      'Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.',
    );
  const p = new Props(s.properties);
  const hasKey = output.some((c) => c.ns === 'KEY');
  const f = readFormats(p, { keyFormat: a.source.keyFormat, valueFormat: a.source.valueFormat });
  const explicitKey = p.upper('KEY_FORMAT') ?? p.upper('FORMAT');
  if (!hasKey && p.has('KEY_FORMAT') && explicitKey !== 'NONE')
    throw new PlanError('Key format specified for stream without key columns.');
  // a key that appears (PARTITION BY, GROUP BY) over a keyless source takes the session's default
  // key format, not the source's NONE; an explicit NONE with a key is refused by the serde check
  const keyFormat = !hasKey
    ? 'NONE'
    : f.keyFormat === 'NONE' && explicitKey !== 'NONE'
      ? (defaultFormats(pc.props ?? {}).keyFormat ?? 'KAFKA')
      : f.keyFormat;
  const ts = p.string('TIMESTAMP');
  const tsf = p.string('TIMESTAMP_FORMAT');
  // protobuf's nullable representation: the WITH clause's, else the source's for the same format
  const keyNullable = readNullable(p, 'KEY') ?? (keyFormat === a.source.keyFormat ? a.source.keyNullable : undefined);
  const valueNullable =
    readNullable(p, 'VALUE') ?? (f.valueFormat === a.source.valueFormat ? a.source.valueNullable : undefined);
  const topic = p.string('KAFKA_TOPIC') ?? pc.topicPrefix + s.name;
  // the registered schemas a KEY_/VALUE_SCHEMA_ID names (PROTOBUF), checked against the columns
  const schemas = sinkSchemas(p, { keyFormat, valueFormat: f.valueFormat }, output, topic, pc.ctx);
  return {
    name: s.name,
    kind: s.sourceType,
    topic,
    keyFormat,
    valueFormat: f.valueFormat,
    wrapSingleValue: readWrapSingle(p, output, pc.props),
    valueDelimiter: p.has('VALUE_DELIMITER') ? delimiter(p.string('VALUE_DELIMITER')) : a.source.valueDelimiter,
    keyDelimiter: p.has('KEY_DELIMITER')
      ? delimiter(p.string('KEY_DELIMITER'), 'KEY_DELIMITER')
      : a.source.keyDelimiter,
    ...(keyNullable ? { keyNullable } : {}),
    ...(valueNullable ? { valueNullable } : {}),
    ...schemas,
    partitions: p.int('PARTITIONS') ?? a.source.partitions,
    ...(ts !== undefined ? { timestampColumn: ts.toUpperCase() } : {}),
    ...(tsf !== undefined ? { timestampFormat: tsf } : {}),
    create: true,
  };
}

function sinkForInsert(target: SourceDef, a: Analysis, output: Column[]): SinkPlan {
  if (target.kind !== a.resultKind)
    throw new PlanError(
      `Incompatible data sink and query result. Data sink (${target.name}) type is ${target.kind} but select query result is ${a.resultKind}.`,
    );
  const shape = (cs: Column[]): string =>
    cs.map((c) => `\`${c.name}\` ${typeToString(c.type)}${c.ns === 'KEY' ? ' KEY' : ''}`).join(', ');
  const want = target.columns.filter((c) => c.ns !== 'HEADER');
  if (shape(want) !== shape(output)) {
    throw new PlanError(
      `Incompatible schema between results and sink.\nResult schema is ${shape(output)}\nSink schema is ${shape(want)}`,
    );
  }
  return {
    name: target.name,
    kind: target.kind,
    topic: target.topic,
    keyFormat: target.keyFormat,
    valueFormat: target.valueFormat,
    wrapSingleValue: target.wrapSingleValue,
    valueDelimiter: target.valueDelimiter,
    keyDelimiter: target.keyDelimiter,
    ...(target.keyNullable ? { keyNullable: target.keyNullable } : {}),
    ...(target.valueNullable ? { valueNullable: target.valueNullable } : {}),
    ...(target.keySchemaFullName !== undefined ? { keySchemaFullName: target.keySchemaFullName } : {}),
    ...(target.valueSchemaFullName !== undefined ? { valueSchemaFullName: target.valueSchemaFullName } : {}),
    ...(target.keySchemaId !== undefined ? { keySchemaId: target.keySchemaId } : {}),
    ...(target.valueSchemaId !== undefined ? { valueSchemaId: target.valueSchemaId } : {}),
    partitions: target.partitions,
    create: false,
    ...(target.timestampColumn ? { timestampColumn: target.timestampColumn } : {}),
    ...(target.timestampFormat ? { timestampFormat: target.timestampFormat } : {}),
  };
}

export function planQuery(s: CreateAsSelect | InsertInto, pc: PlanContext): LogicalPlan {
  const sinkName = s.kind === 'CreateAsSelect' ? s.name : s.target;
  const target = s.kind === 'InsertInto' ? pc.catalog.get(s.target) : undefined;
  if (s.kind === 'InsertInto' && !target) throw new PlanError(`Cannot insert into unknown stream/table: ${s.target}`);
  if (target) checkInsertInto(target);
  const a = analyzeQuery({
    query: s.query,
    sinkName,
    catalog: pc.catalog,
    ctx: pc.ctx,
    ...(pc.persistent ? { persistent: true } : {}),
  });
  if (pc.persistent && a.source.kind === 'TABLE' && a.source.window)
    throw new PlanError('KSQL does not support persistent queries on windowed tables.');
  checkRemoteUse(s.query, a, pc.ctx);
  const output = outputColumns(a.items);
  const sink = s.kind === 'CreateAsSelect' ? sinkForCreate(s, a, output, pc) : sinkForInsert(target!, a, output);
  const window = windowOf(a);
  const plan: LogicalPlan = {
    nodes: [...a.nodes, { kind: 'Sink', sink }],
    resultKind: a.resultKind,
    output,
    ...(window ? { window } : {}),
    refinement: s.query.refinement ?? 'CHANGES',
  };
  try {
    checkKeyAndValueSerdes(sinkDef(plan, 'validation'), pc.ctx);
  } catch (err) {
    // ksqlDB quotes its rewritten statement under serde errors of a CREATE ... AS SELECT
    if (err instanceof PlanError && s.kind === 'CreateAsSelect' && s.query.from.kind === 'AliasedSource') {
      const src = a.nodes[0]!.kind === 'Source' ? a.nodes[0]!.alias : s.query.from.name;
      throw new PlanError(`${err.message}\nStatement: ${formatCreateAsSelect(s, a.namedItems, src)}`, { cause: err });
    }
    throw err;
  }
  const def = sinkDef(plan, 'validation');
  if (sink.create) checkTimestampColumn(def);
  return applyRules(plan);
}

/** The catalog entry a CSAS/CTAS creates. */
export function sinkDef(plan: LogicalPlan, statement: string, queryId?: string): SourceDef {
  const sink = plan.nodes[plan.nodes.length - 1]!;
  if (sink.kind !== 'Sink') throw new PlanError('plan has no sink');
  const s = sink.sink;
  return {
    name: s.name,
    kind: s.kind,
    topic: s.topic,
    keyFormat: s.keyFormat,
    valueFormat: s.valueFormat,
    columns: plan.output,
    ...(plan.window ? { window: plan.window } : {}),
    ...(s.timestampColumn ? { timestampColumn: s.timestampColumn } : {}),
    ...(s.timestampFormat ? { timestampFormat: s.timestampFormat } : {}),
    wrapSingleValue: s.wrapSingleValue,
    valueDelimiter: s.valueDelimiter,
    keyDelimiter: s.keyDelimiter,
    ...(s.keyNullable ? { keyNullable: s.keyNullable } : {}),
    ...(s.valueNullable ? { valueNullable: s.valueNullable } : {}),
    ...(s.keySchemaFullName !== undefined ? { keySchemaFullName: s.keySchemaFullName } : {}),
    ...(s.valueSchemaFullName !== undefined ? { valueSchemaFullName: s.valueSchemaFullName } : {}),
    ...(s.keySchemaId !== undefined ? { keySchemaId: s.keySchemaId } : {}),
    ...(s.valueSchemaId !== undefined ? { valueSchemaId: s.valueSchemaId } : {}),
    partitions: s.partitions,
    statement,
    ...(queryId ? { writerQueryId: queryId } : {}),
  };
}
