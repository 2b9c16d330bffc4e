// The ON clause of a join and the rules ksqlDB applies to it, in its words: one equality whose
// sides each read exactly one (different) source, of equal types; which joins exist (stream-
// table, never table-stream; no full outer stream-table); the table side on its primary key;
// windowing, KAFKA value format and partition counts.
import { NotSupportedError, PlanError } from '../errors.js';
import { printExpression, type Expression, type Join, type JoinType } from '../syntax/index.js';
import { makeScope } from '../types/scope.js';
import { typeToString, type SqlType } from '../types/sql-types.js';
import type { PlanServices } from './plan-services.js';
import type { SourceDef } from './catalog.js';
import type { JoinColumns } from './join-columns.js';
import { sourceLayout } from './scopes.js';

export interface JoinCriteria {
  /** Each side's expression over its own source's columns (left source first). */
  keys: [Expression, Expression];
  /** The same, qualified with the aliases (how ksqlDB prints them). */
  shown: [Expression, Expression];
  type: SqlType;
}

const WORDS: Record<JoinType, string> = {
  INNER: '[INNER] JOIN',
  LEFT: 'LEFT [OUTER] JOIN',
  RIGHT: 'RIGHT [OUTER] JOIN',
  FULL: '[FULL] OUTER JOIN',
};

function sidesRead(e: Expression, cols: JoinColumns): Set<number> {
  const sides = new Set<number>();
  cols.rewrite(e, 'JOIN ON', sides);
  return sides;
}

export function joinCriteria(j: Join, cols: JoinColumns, ctx: PlanServices): JoinCriteria {
  const on = j.on;
  if (on.kind === 'LogicalBinary')
    throw new PlanError(
      `Invalid join condition: joins on multiple conditions are not yet supported. Got ${printExpression(on)}.`,
    );
  if (on.kind !== 'Comparison' || on.op !== '=')
    throw new NotSupportedError('non-equi joins', `join criteria other than one equality are not supported yet`);
  const written: Expression[] = [on.left, on.right];
  const reads = written.map((e) => sidesRead(e, cols));
  written.forEach((e, i) => {
    const r = reads[i]!;
    if (r.size !== 1 || r.has(-1))
      throw new PlanError(
        `Invalid comparison expression '${printExpression(e)}' in join '${printExpression(on)}'. Each side of the join comparision must contain references from exactly one source.`,
      );
  });
  const [a, b] = reads.map((r) => [...r][0]!) as [number, number];
  if (a === b) {
    const n = cols.sources[a]!.alias;
    throw new PlanError(
      `Each side of the join must reference exactly one source and not the same source. Left side references \`${n}\` and right references \`${n}\``,
    );
  }
  const byside: Expression[] = a === 0 ? [on.left, on.right] : [on.right, on.left];
  const keys = byside.map((e, side) => cols.onSide(e, side, 'JOIN ON')) as [Expression, Expression];
  const shown = byside.map((e) => cols.qualified(e, 'JOIN ON')) as [Expression, Expression];
  const types = keys.map((k, side) => {
    const s = cols.sources[side]!;
    return ctx.typeOf(k, makeScope(sourceLayout(s.def), [], 'JOIN ON'));
  });
  const writtenShown = a === 0 ? shown : [shown[1], shown[0]];
  const writtenTypes = a === 0 ? types : [types[1]!, types[0]!];
  if (typeToString(types[0]!) !== typeToString(types[1]!))
    throw new PlanError(
      `Invalid join condition: types don't match. Got ${printExpression(writtenShown[0]!)}{${typeToString(writtenTypes[0]!)}} = ${printExpression(writtenShown[1]!)}{${typeToString(writtenTypes[1]!)}}.`,
    );
  return { keys, shown, type: types[0]! };
}

/** Printed as ksqlDB prints a join condition in its errors: `L.A = R.B`, in written order. */
export function shownCondition(j: Join, c: JoinCriteria, cols: JoinColumns): string {
  const l = cols.qualified((j.on as { left: Expression }).left, 'JOIN ON');
  const r = cols.qualified((j.on as { right: Expression }).right, 'JOIN ON');
  void c;
  return `${printExpression(l)} = ${printExpression(r)}`;
}

export function isKeyColumn(e: Expression, def: SourceDef): boolean {
  const keys = def.columns.filter((c) => c.ns === 'KEY');
  return keys.length === 1 && e.kind === 'ColumnRef' && e.name === keys[0]!.name;
}

export type JoinShape = 'STREAM_STREAM' | 'STREAM_TABLE' | 'TABLE_TABLE';

export function joinShape(j: Join, left: SourceDef, right: SourceDef): JoinShape {
  const got = `Got ${left.name} ${WORDS[j.type]} ${right.name}.`;
  if (left.kind === 'TABLE' && right.kind === 'STREAM')
    throw new PlanError(`Invalid join order: table-stream joins are not supported; only stream-table joins. ${got}`);
  if (left.kind === 'STREAM' && right.kind === 'TABLE') {
    if (j.type === 'FULL')
      throw new PlanError(`Invalid join type: full-outer join not supported for stream-table join. ${got}`);
    if (j.type === 'RIGHT')
      throw new PlanError(`Invalid join type: right-outer join not supported for stream-table join. ${got}`);
    return 'STREAM_TABLE';
  }
  return left.kind === 'STREAM' ? 'STREAM_STREAM' : 'TABLE_TABLE';
}

/** Source-level rules checked before the criteria: self joins, KAFKA values, windowing. */
export function checkJoinSources(left: SourceDef, right: SourceDef): void {
  if (left.name === right.name)
    throw new PlanError(`Can not join '${left.name}' to '${right.name}': self joins are not yet supported.`);
  const kafka = [left, right].filter((d) => d.valueFormat === 'KAFKA');
  if (kafka.length > 0)
    throw new PlanError(
      `Source(s) ${kafka.map((d) => d.name).join(', ')} are using the 'KAFKA' value format. This format does not yet support JOIN.`,
    );
  if (!!left.window !== !!right.window) {
    const [w, n] = left.window ? [left, right] : [right, left];
    throw new PlanError(
      `Can not join windowed source to non-windowed source. \`${w.name}\` is ${w.window!.type} windowed \`${n.name}\` is not windowed`,
    );
  }
  if (left.window && right.window) {
    const session = (d: SourceDef): boolean => d.window!.type === 'SESSION';
    if (session(left) !== session(right))
      throw new PlanError(
        `Incompatible windowed sources.\nLeft source: ${left.window.type}\nRight source: ${right.window.type}\nSession windowed sources can only be joined to other session windowed sources, and may still not result in expected behaviour as session bounds must be an exact match for the join to work\nHopping and tumbling windowed sources can only be joined to other hopping and tumbling windowed sources`,
      );
    throw new NotSupportedError('windowed joins', 'joins of windowed sources are not supported yet');
  }
}

export function checkPartitions(left: SourceDef, right: SourceDef): void {
  if (left.partitions !== right.partitions)
    throw new PlanError(
      `Can't join \`${left.name}\` with \`${right.name}\` since the number of partitions don't match. \`${left.name}\` partitions = ${left.partitions}; \`${right.name}\` partitions = ${right.partitions}. Please repartition either one so that the number of partitions match.`,
    );
}
