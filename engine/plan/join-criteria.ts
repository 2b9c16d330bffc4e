// The ON clause of a join and the rules ksqlDB applies to it, in its words: one equality whose
// sides each read exactly one (different) source, of equal types; which joins exist (stream-
// table, never table-stream; no full outer stream-table); the table side on its primary key;
// windowing, KAFKA value format and partition counts.
import { NotSupportedError, PlanError } from '../errors.js';
import { printExpression, type Expression, type Join, type JoinType } from '../syntax/index.js';
import { typeToString, type SqlType } from '../types/sql-types.js';
import type { SourceDef } from './catalog.js';
import type { JoinColumns } from './join-columns.js';

export interface JoinCriteria {
  /** The criteria's two sides, the left input's first (as written, not rewritten). */
  sides: [Expression, Expression];
  /** The source each side reads (index into the join's sources). */
  reads: [number, number];
  /** The same, qualified with the aliases (how ksqlDB prints them). */
  shown: [Expression, Expression];
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

/** Splits ON into its two sides: one reads the joined (right) source, the other one source of
 *  the left input. */
export function joinCriteria(j: Join, cols: JoinColumns): JoinCriteria {
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
  const name = (i: number): string => cols.sources[i]!.alias;
  if (a === b)
    throw new PlanError(
      `Each side of the join must reference exactly one source and not the same source. Left side references \`${name(a)}\` and right references \`${name(b)}\``,
    );
  const joined = cols.sources.length - 1;
  if (a !== joined && b !== joined)
    throw new PlanError(
      `A join criteria is expected to reference the source (\`${name(joined)}\`) in the FROM clause, instead the right source references \`${name(b)}\` and the left source references \`${name(a)}\``,
    );
  const leftFirst = b === joined;
  const sides = (leftFirst ? [on.left, on.right] : [on.right, on.left]) as [Expression, Expression];
  return {
    sides,
    reads: leftFirst ? [a, b] : [b, a],
    shown: sides.map((e) => cols.qualified(e, 'JOIN ON')) as [Expression, Expression],
  };
}

/** The criteria's sides must have one type (no implicit casts), and never contain a MAP. */
export function checkKeyTypes(j: Join, c: JoinCriteria, types: [SqlType, SqlType], keyName: string): void {
  if (someType(types[0], (t) => t.kind === 'MAP'))
    throw new PlanError(
      `Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${keyName}\`. Column type: ${typeToString(types[0])}. See https://github.com/confluentinc/ksql/issues/6621 for more.`,
    );
  if (typeToString(types[0]) === typeToString(types[1])) return;
  const leftFirst = (j.on as { left: Expression }).left === c.sides[0];
  const w = leftFirst ? [0, 1] : [1, 0];
  const part = (i: number): string => `${printExpression(c.shown[i]!)}{${typeToString(types[i]!)}}`;
  throw new PlanError(`Invalid join condition: types don't match. Got ${part(w[0]!)} = ${part(w[1]!)}.`);
}

function someType(t: SqlType, test: (t: SqlType) => boolean): boolean {
  if (test(t)) return true;
  if (t.kind === 'ARRAY') return someType(t.item, test);
  if (t.kind === 'MAP') return someType(t.key, test) || someType(t.value, test);
  if (t.kind === 'STRUCT') return t.fields.some((f) => someType(f.type, test));
  return false;
}

/** Printed as ksqlDB prints a join condition in its errors: `L.A = R.B`, in written order. */
export function shownCondition(j: Join, cols: JoinColumns): string {
  const l = cols.qualified((j.on as { left: Expression }).left, 'JOIN ON');
  const r = cols.qualified((j.on as { right: Expression }).right, 'JOIN ON');
  return `${printExpression(l)} = ${printExpression(r)}`;
}

export function isKeyColumn(e: Expression, def: SourceDef): boolean {
  const keys = def.columns.filter((c) => c.ns === 'KEY');
  return keys.length === 1 && e.kind === 'ColumnRef' && e.name === keys[0]!.name;
}

export type JoinShape = 'STREAM_STREAM' | 'STREAM_TABLE' | 'TABLE_TABLE';

export function joinShape(j: Join, left: { name: string; kind: 'STREAM' | 'TABLE' }, right: SourceDef): JoinShape {
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
export function checkJoinSources(left: SourceDef, right: SourceDef, rightOnly = false): void {
  const kafka = (rightOnly ? [right] : [left, right]).filter((d) => d.valueFormat === 'KAFKA');
  if (kafka.length > 0)
    throw new PlanError(
      `Source(s) ${kafka.map((d) => d.name).join(', ')} are using the 'KAFKA' value format. This format does not yet support JOIN.`,
    );
  if (rightOnly) {
    if (right.window) throw new NotSupportedError('windowed joins', 'joins of windowed sources are not supported yet');
    return;
  }
  if (!!left.window !== !!right.window) {
    const [w, n] = left.window ? [left, right] : [right, left];
    throw new PlanError(
      `Can not join windowed source to non-windowed source.\n\`${w.name}\` is ${w.window!.type} windowed\n\`${n.name}\` is not windowed`,
    );
  }
  if (left.window && right.window) {
    const session = (d: SourceDef): boolean => d.window!.type === 'SESSION';
    if (session(left) !== session(right))
      throw new PlanError(
        `Incompatible windowed sources.\nLeft source: ${left.window.type}\nRight source: ${right.window.type}\nSession windowed sources can only be joined to other session windowed sources, and may still not result in expected behaviour as session bounds must be an exact match for the join to work\nHopping and tumbling windowed sources can only be joined to other hopping and tumbling windowed sources`,
      );
    const same = left.window.type === right.window.type && (left.window.sizeMs ?? 0) === (right.window.sizeMs ?? 0);
    if (!same) throw new PlanError(REPARTITION_WINDOWED);
  }
}

/** ksqlDB repartitions a side whose key is not the join key or whose key format differs. */
export const REPARTITION_WINDOWED =
  'Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.';

/** Co-partitioning, named by the aliases as ksqlDB names them. */
export function checkPartitions(
  left: { def: SourceDef; alias: string },
  right: { def: SourceDef; alias: string },
): void {
  const [l, r] = [left.def.partitions, right.def.partitions];
  if (l !== r)
    throw new PlanError(
      `Can't join \`${left.alias}\` with \`${right.alias}\` since the number of partitions don't match. \`${left.alias}\` partitions = ${l}; \`${right.alias}\` partitions = ${r}. Please repartition either one so that the number of partitions match.`,
    );
}
