// Builds a join's inputs: one source operator per side (its own serdes and event time), each
// feeding a side adapter that computes the side's join expression (the in-process form of
// ksqlDB's repartition by it), into the join operator of the join's shape.
import { ExecError } from '../errors.js';
import { compile } from '../exec/expression/compile.js';
import { makeScope } from '../types/scope.js';
import { printExpression } from '../syntax/index.js';
import { makeSerde } from '../exec/serde/serde.js';
import type { Operator } from '../exec/operators/operator.js';
import { SourceOperator } from '../exec/operators/source.js';
import {
  JoinSideOperator,
  type RestorableJoin,
  type RestoreHandler,
  type SideHandler,
} from '../exec/operators/join-row.js';
import { StreamTableJoinOperator } from '../exec/operators/stream-table-join.js';
import { StreamStreamJoinOperator } from '../exec/operators/stream-stream-join.js';
import { TableTableJoinOperator } from '../exec/operators/table-table-join.js';
import { ForeignKeyJoinOperator } from '../exec/operators/foreign-key-join.js';
import type { Value } from '../types/values.js';
import type { JoinNode, JoinSidePlan } from '../plan/logical-plan.js';
import { sourceLayout } from '../plan/scopes.js';
import type { SourceDef } from '../plan/catalog.js';
import { timestampExtractor, type PipelineContext } from './build-pipeline.js';

export interface PipelineInput {
  topic: string;
  source: SourceOperator;
}

/** One side of a built join: its adapter, and the source or the inner join feeding it. */
export interface BuiltSide {
  adapter: JoinSideOperator;
  source?: { def: SourceDef; op: SourceOperator };
  inner?: BuiltJoinTree;
}

/** A built join and its sides, for the changelog wiring (what state lives where). */
export interface BuiltJoinTree {
  node: JoinNode;
  join: (Operator & RestorableJoin) | StreamStreamJoinOperator;
  left: BuiltSide;
  right: BuiltSide;
}

export function sourceFor(def: SourceDef, next: Operator, pc: PipelineContext): SourceOperator {
  const keySerde = makeSerde({
    format: def.keyFormat,
    columns: def.columns.filter((c) => c.ns === 'KEY'),
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
    schemaRegistry: pc.driver.schemaRegistry,
  });
  const valueSerde = makeSerde({
    format: def.valueFormat,
    columns: def.columns.filter((c) => c.ns === 'VALUE'),
    isKey: false,
    wrapSingle: def.wrapSingleValue,
    delimiter: def.valueDelimiter,
    nullable: def.valueNullable,
    schemaRegistry: pc.driver.schemaRegistry,
  });
  const ts = timestampExtractor(def, pc.throwOnInvalidTimestamp);
  return new SourceOperator({ def, keySerde, valueSerde, next, skip: pc.skip, ...(ts ? { timestamp: ts } : {}) });
}

/** The registry-free format whose bytes tell a Schema Registry format's keys apart. */
const KEY_IDENTITY_FORMAT: Readonly<Record<string, string>> = {
  JSON_SR: 'JSON',
  AVRO: 'JSON',
  PROTOBUF: 'PROTOBUF_NOSR',
};

/** The join operator (passing joined rows to `next`) and its two inputs, left first. */
export function buildJoin(
  node: JoinNode,
  next: Operator,
  pc: PipelineContext,
): { join: Operator; sides: Operator[]; inputs: PipelineInput[]; tree: BuiltJoinTree } {
  const width = (s: JoinSidePlan): number => (s.inner ? s.inner.layout.length : sourceLayout(s.source!).length);
  const lw = width(node.left);
  const rw = width(node.right);
  let onLeft: SideHandler;
  let onRight: SideHandler;
  let join: BuiltJoinTree['join'];
  if (node.shape === 'STREAM_TABLE') {
    if (node.joinType !== 'INNER' && node.joinType !== 'LEFT')
      throw new ExecError('stream-table joins are INNER or LEFT');
    const j = new StreamTableJoinOperator(node.joinType === 'LEFT', lw, rw, next);
    onLeft = (c, k) => j.onStream(c, k);
    onRight = (c, k) => j.onTable(c, k);
    join = j;
  } else if (node.shape === 'STREAM_STREAM') {
    const w = node.within;
    if (!w) throw new ExecError('a stream-stream join needs WITHIN');
    const j = new StreamStreamJoinOperator(node.joinType, w.beforeMs, w.afterMs, w.graceMs, lw, rw, next);
    onLeft = (c, k) => j.onLeft(c, k);
    onRight = (c, k) => j.onRight(c, k);
    join = j;
  } else if (node.foreignKey) {
    if (node.joinType !== 'INNER' && node.joinType !== 'LEFT')
      throw new ExecError('foreign-key joins are INNER or LEFT');
    const def = node.left.source!;
    // the bytes only tell keys apart: JSON_SR's and AVRO's hold the key's data, so its JSON does
    // (PROTOBUF's message, so PROTOBUF_NOSR's)
    const serde = makeSerde({
      format: KEY_IDENTITY_FORMAT[def.keyFormat] ?? def.keyFormat,
      columns: def.columns.filter((c) => c.ns === 'KEY'),
      isKey: true,
      wrapSingle: false,
      delimiter: def.keyDelimiter,
      nullable: def.keyNullable,
    });
    const keyCount = def.columns.filter((c) => c.ns === 'KEY').length;
    const bytes = (k: Value[]): Buffer => serde.serialize(k) ?? Buffer.alloc(0);
    const j = new ForeignKeyJoinOperator(node.joinType === 'LEFT', keyCount, lw, rw, bytes, next);
    onLeft = (c, k) => j.onLeft(c, k);
    onRight = (c, k) => j.onRight(c, k);
    join = j;
  } else {
    const j = new TableTableJoinOperator(node.joinType, lw, rw, next);
    onLeft = (c, k) => j.onLeft(c, k);
    onRight = (c, k) => j.onRight(c, k);
    join = j;
  }
  const ops: Operator[] = [];
  const inputs: PipelineInput[] = [];
  const j = join;
  const restorer = (isLeft: boolean): RestoreHandler | undefined =>
    j instanceof StreamStreamJoinOperator ? undefined : (row, key, ts) => j.restoreSide(isLeft, row, key, ts);
  const side = (s: JoinSidePlan, name: string, h: SideHandler): BuiltSide => {
    const scope = makeScope(s.inner ? s.inner.layout : sourceLayout(s.source!), [], 'JOIN ON');
    const key = compile(s.key, scope, pc.compile).eval;
    const op = new JoinSideOperator(`${name} ${s.alias}`, key, printExpression(s.key), h, restorer(name === 'left'));
    const built: BuiltSide = { adapter: op };
    if (s.inner) {
      // the join before this one feeds the left side
      const inner = buildJoin(s.inner, op, pc);
      ops.push(...inner.sides, inner.join);
      inputs.push(...inner.inputs);
      built.inner = inner.tree;
    } else {
      const source = sourceFor(s.source!, op, pc);
      inputs.push({ topic: s.source!.topic, source });
      built.source = { def: s.source!, op: source };
    }
    ops.push(op);
    return built;
  };
  const left = side(node.left, 'left', onLeft);
  const right = side(node.right, 'right', onRight);
  return { join, sides: ops, inputs, tree: { node, join, left, right } };
}
