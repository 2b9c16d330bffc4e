// Builds the operator chain of a persistent query from its logical plan: compiles every
// expression against the row layout of its stage, creates the serdes, and connects the source
// operator to the driver. Returns the running query's handle.
import { ExecError, RecordError } from '../errors.js';
import { compile, compileBool, type CompileContext } from '../exec/expression/compile.js';
import { makeScope, type Scope } from '../types/scope.js';
import { normalText, someNode } from '../types/walk.js';
import { makeSerde } from '../exec/serde/serde.js';
export type { PipelineInput } from './build-join.js';
import type { Value } from '../types/values.js';
import { parseMillis } from '../exec/functions/java-time-format.js';
import type { Operator, SkipReporter } from '../exec/operators/operator.js';
import { buildJoin, sourceFor, type BuiltJoinTree, type PipelineInput } from './build-join.js';
import { FilterOperator } from '../exec/operators/filter.js';
import { ProjectOperator } from '../exec/operators/project.js';
import { SelectKeyOperator } from '../exec/operators/select-key.js';
import { SinkOperator } from '../exec/operators/sink.js';
import { RecordCacheOperator } from '../exec/operators/record-cache.js';
import { flatMapStage } from './build-flat-map.js';
import { buildAggregate } from './build-aggregate.js';
import type { LogicalNode, LogicalPlan } from '../plan/logical-plan.js';
import type { Expression } from '../syntax/index.js';
import { sourceLayout } from '../plan/scopes.js';
import type { SourceDef } from '../plan/catalog.js';
import type { TopicDriver } from '../exec/topic-driver.js';

export interface PipelineContext {
  driver: TopicDriver;
  compile: CompileContext;
  skip: SkipReporter;
  /** ksql.timestamp.throw.on.invalid: a bad event time stops the query instead of skipping. */
  throwOnInvalidTimestamp: boolean;
  /** The record cache's size after an aggregation (ksqlDB's statestore cache); 0 or absent = none. */
  cacheMaxBytes?: number;
}

type Factory = (next: Operator) => Operator;

export interface BuiltPipeline {
  /** The topics the query reads, each with the source operator decoding its records. */
  inputs: PipelineInput[];
  operators: Operator[];
  /** Passes on what the record caches hold (at each commit). */
  flushCaches: () => void;
  /** A join query's join tree (its state's places). */
  join?: BuiltJoinTree;
}

export function timestampExtractor(def: SourceDef, throwOnInvalid: boolean): ((row: Value[]) => number) | undefined {
  if (!def.timestampColumn) return undefined;
  const layout = sourceLayout(def);
  const at = layout.findIndex((c) => c.name === def.timestampColumn);
  const col = layout[at]!;
  const fmt = def.timestampFormat;
  return (row) => {
    const v = row[at] ?? null;
    let ts: number | undefined;
    if (v !== null) {
      try {
        ts = col.type.kind === 'STRING' ? parseMillis(v as string, fmt ?? "yyyy-MM-dd'T'HH:mm:ss.SSS") : (v as number);
      } catch {
        ts = undefined;
      }
    }
    if (ts === undefined || Number.isNaN(ts) || ts < 0) {
      const msg = `Fatal user code error in TimestampExtractor callback for record: invalid timestamp ${JSON.stringify(v)} in column ${col.name}`;
      if (throwOnInvalid) throw new ExecError(msg);
      throw new RecordError(`invalid timestamp ${JSON.stringify(v)} in column ${col.name}`);
    }
    return ts;
  };
}

export function buildPipeline(plan: LogicalPlan, pc: PipelineContext): BuiltPipeline {
  const src = plan.nodes[0]!;
  if (src.kind !== 'Source' && src.kind !== 'Join') throw new ExecError('plan does not start with a source');
  let scope: Scope =
    src.kind === 'Join'
      ? makeScope(src.layout, [], 'SELECT')
      : makeScope(sourceLayout(src.source), [src.alias, src.source.name], 'SELECT');
  const fromTable = src.kind === 'Join' ? src.shape === 'TABLE_TABLE' : src.source.kind === 'TABLE';
  const factories: Factory[] = [];
  const caches: RecordCacheOperator[] = [];
  for (const node of plan.nodes.slice(1)) {
    const r = stageFactory(node, scope, plan, pc, fromTable, caches);
    factories.push(r.factory);
    scope = r.scope;
  }
  const operators: Operator[] = [];
  let next: Operator | undefined;
  for (const f of factories.reverse()) {
    next = f(next!);
    operators.unshift(next);
  }
  const flushCaches = (): void => caches.forEach((c) => c.flush());
  if (src.kind === 'Join') {
    const j = buildJoin(src, next!, pc);
    return { inputs: j.inputs, operators: [...j.sides, j.join, ...operators], flushCaches, join: j.tree };
  }
  const source = sourceFor(src.source, next!, pc);
  return { inputs: [{ topic: src.source.topic, source }], operators, flushCaches };
}

function stageFactory(
  node: LogicalNode,
  scope: Scope,
  plan: LogicalPlan,
  pc: PipelineContext,
  fromTable: boolean,
  caches: RecordCacheOperator[],
): { factory: Factory; scope: Scope } {
  const c = pc.compile;
  switch (node.kind) {
    case 'Filter': {
      const pred = compileBool(node.predicate, { ...scope, clause: 'WHERE' }, c);
      return { factory: (next) => new FilterOperator(pred, normalText(node.predicate), next, fromTable), scope };
    }
    case 'Repartition': {
      const keys = node.keys.map((k) => compile(k, scope, c));
      const cols = [
        ...node.names.map((n, i) => ({ name: n, type: keys[i]!.type })),
        ...[...scope.columns.values()].sort((a, b) => a.index - b.index).map((x) => ({ name: x.name, type: x.type })),
      ];
      const base = makeScope(cols, [...scope.qualifiers], 'SELECT', true);
      // the partitioning expressions themselves read the new key (a null-value row has no ROWTIME key)
      const next: Scope = {
        ...base,
        slots: new Map(
          node.keys.map((k, i) => [normalText(k), { name: node.names[i]!, type: keys[i]!.type, index: i }]),
        ),
      };
      const text = node.keys.map(normalText).join(', ');
      const keyNames = new Set(
        plan.nodes[0]!.kind === 'Source'
          ? plan.nodes[0]!.source.columns.filter((x) => x.ns === 'KEY').map((x) => x.name)
          : [],
      );
      const keyOnly = node.keys.map((k) => !someNode(k, (x) => x.kind === 'ColumnRef' && !keyNames.has(x.name)));
      return {
        factory: (n) =>
          new SelectKeyOperator(
            keys.map((k) => k.eval),
            keyOnly,
            text,
            n,
          ),
        scope: next,
      };
    }
    case 'Aggregate': {
      const max = pc.cacheMaxBytes ?? 0;
      const agg = buildAggregate(
        node,
        scope,
        c,
        pc.skip,
        plan.refinement === 'FINAL',
        max <= 0 ? projectionAfter(plan, node) : undefined,
      );
      if (max <= 0) return agg;
      const keyCount = node.groupBy.length;
      const factory = (next: Operator): Operator => {
        const cache = new RecordCacheOperator(next, keyCount, max);
        caches.push(cache);
        return agg.factory(cache);
      };
      return { scope: agg.scope, factory };
    }
    case 'EmitFinal':
      // the windowed aggregation itself emits on window close (see WindowAggregateOperator)
      return { factory: (next) => next, scope };
    case 'FlatMap':
      return flatMapStage(node, scope, c, pc.skip);
    case 'Project': {
      const ordered = [...node.items.filter((i) => i.key), ...node.items.filter((i) => !i.key)];
      const evals = ordered.map((i) => compile(i.expr, scope, c).eval);
      const keyCount = ordered.filter((i) => i.key).length;
      const out = makeScope(
        ordered.map((i) => ({ name: i.name, type: i.type })),
        [],
        'SELECT',
      );
      return {
        factory: (next) =>
          new ProjectOperator(
            evals,
            keyCount,
            ordered.map((i) => i.name),
            next,
          ),
        scope: out,
      };
    }
    case 'Sink':
      return { factory: () => sinkOperator(node, plan, pc), scope };
    case 'Source':
    case 'Join':
      throw new ExecError('a plan has one source');
  }
}

/** The expressions of the projection that takes the node's output rows as they are emitted (an
 *  EMIT FINAL stage between them passes rows on as they come); undefined when none does. */
function projectionAfter(plan: LogicalPlan, node: LogicalNode): Expression[] | undefined {
  let i = plan.nodes.indexOf(node) + 1;
  while (plan.nodes[i]?.kind === 'EmitFinal') i++;
  const next = plan.nodes[i];
  return next?.kind === 'Project' ? next.items.map((it) => it.expr) : undefined;
}

function sinkOperator(node: Extract<LogicalNode, { kind: 'Sink' }>, plan: LogicalPlan, pc: PipelineContext): Operator {
  const s = node.sink;
  const keys = plan.output.filter((c) => c.ns === 'KEY');
  const values = plan.output.filter((c) => c.ns !== 'KEY');
  const keySerde = makeSerde({
    format: s.keyFormat,
    columns: keys,
    isKey: true,
    wrapSingle: false,
    delimiter: s.keyDelimiter,
    nullable: s.keyNullable,
    schemaRegistry: pc.driver.schemaRegistry,
    topic: s.topic,
    sourceName: s.name,
    schemaId: s.keySchemaId,
    schemaFullName: s.keySchemaFullName,
  });
  const valueSerde = makeSerde({
    format: s.valueFormat,
    columns: values,
    isKey: false,
    wrapSingle: s.wrapSingleValue,
    delimiter: s.valueDelimiter,
    nullable: s.valueNullable,
    schemaRegistry: pc.driver.schemaRegistry,
    topic: s.topic,
    sourceName: s.name,
    schemaId: s.valueSchemaId,
    schemaFullName: s.valueSchemaFullName,
  });
  let timestamp: ((row: Value[]) => number) | undefined;
  if (s.timestampColumn) {
    const at = plan.output.findIndex((c) => c.name === s.timestampColumn);
    const col = plan.output[at]!;
    timestamp = (row) => {
      const v = row[at] ?? null;
      if (v === null) throw new RecordError(`null timestamp in column ${col.name}`);
      const ts =
        col.type.kind === 'STRING'
          ? parseMillis(v as string, s.timestampFormat ?? "yyyy-MM-dd'T'HH:mm:ss.SSS")
          : (v as number);
      if (ts < 0) throw new RecordError(`negative timestamp ${ts} in column ${col.name}`);
      return ts;
    };
  }
  const windowType = plan.window ? (plan.window.type === 'SESSION' ? 'SESSION' : 'TIME') : undefined;
  return new SinkOperator({
    topic: s.topic,
    driver: pc.driver,
    keySerde,
    valueSerde,
    keyCount: keys.length,
    skip: pc.skip,
    ...(windowType ? { windowType } : {}),
    ...(timestamp ? { timestamp } : {}),
  });
}
