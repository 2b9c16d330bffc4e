// Plans a SELECT over a join of two sources: checks the sources and the ON clause, decides the
// key (a source's join column, or a synthetic ROWKEY when none qualifies, as for FULL OUTER),
// expands `*` to `<ALIAS>_<COLUMN>` columns and names the projection as ksqlDB does (a column
// qualified in the query keeps its name unless another source has a column of that name).
import { rewritePseudoTimestamps } from '../typecheck/pseudo-timestamps.js';
import { NotSupportedError, PlanError } from '../errors.js';
import { printExpression, type AliasedSource, type Expression, type Join } from '../syntax/index.js';
import { normalText, someNode } from '../types/walk.js';
import type { Catalog, Column, SourceDef } from './catalog.js';
import type { JoinNode, LogicalNode, SelectPlanItem } from './logical-plan.js';
import type { AnalyzeInput, Analysis } from './analyze-query.js';
import { JoinColumns, joinLayout, prefixed, type JoinSource } from './join-columns.js';
import { checkJoinSources, checkPartitions, isKeyColumn, joinCriteria, joinShape, shownCondition } from './join-criteria.js';
import { checkSelectNames } from './reserved-names.js';
import { checkNullColumns, requireValues } from './plan-projection.js';
import { listWithAnd } from './select-items.js';
import { scopeOf, sourceLayout, typeOf, type Stage } from './scopes.js';
import { durationMs } from '../syntax/index.js';

/** The joined row's key column when it is a source's join column (users cannot name it). */
export const JOIN_KEY = '$JOINKEY';

function resolve(r: AliasedSource, catalog: Catalog): JoinSource {
  const def = catalog.get(r.name);
  if (!def) throw new PlanError(`${r.name} does not exist.`);
  return { def, alias: r.alias ?? r.name };
}

function syntheticName(sources: JoinSource[]): string {
  const taken = new Set(sources.flatMap((s) => s.def.columns.map((c) => c.name)));
  let name = 'ROWKEY';
  for (let i = 1; taken.has(name); i++) name = `ROWKEY_${i}`;
  return name;
}

interface Item {
  expr: Expression;
  name: string;
  aliased: boolean;
}

function unsupportedClauses(a: AnalyzeInput): void {
  const q = a.query;
  const no = (what: string): never => {
    throw new NotSupportedError(`joins with ${what}`, `joins with ${what} are not supported yet`);
  };
  if (q.groupBy) no('GROUP BY');
  if (q.partitionBy) no('PARTITION BY');
  if (q.window) no('WINDOW');
  if (q.select.some((s) => s.kind === 'SelectStructAll')) no('->*');
  if (
    q.select.some(
      (s) =>
        s.kind === 'SelectSingle' &&
        someNode(s.expr, (x) => x.kind === 'FunctionCall' && (a.ctx.isAggregate(x.name) || a.ctx.isTableFunction(x.name))),
    )
  )
    no('aggregate or table functions');
}

export function analyzeJoin(a: AnalyzeInput): Analysis {
  const q = a.query;
  const j = q.from as Join;
  if (j.left.kind === 'Join')
    throw new NotSupportedError('n-way joins', 'joins of more than two sources are not supported yet');
  const left = resolve(j.left, a.catalog);
  const right = resolve(j.right, a.catalog);
  checkJoinSources(left.def, right.def);
  const shape = joinShape(j, left.def, right.def);
  const plainCols = new JoinColumns([left, right]);
  const crit = joinCriteria(j, plainCols, a.ctx);
  const cond = shownCondition(j, crit, plainCols);
  if (shape === 'STREAM_TABLE' && !isKeyColumn(crit.keys[1], right.def))
    throw new PlanError(
      `Invalid join condition: stream-table joins require to join on the table's primary key. Got ${cond}.`,
    );
  if (shape === 'TABLE_TABLE') {
    if (!isKeyColumn(crit.keys[1], right.def))
      throw new PlanError(
        `Invalid join condition: table-table joins require to join on the primary key of the right input table. Got ${cond}.`,
      );
    if (!isKeyColumn(crit.keys[0], left.def))
      throw new NotSupportedError('foreign-key joins', 'foreign-key table-table joins are not supported yet');
  }
  const within = withinOf(j, shape);
  checkPartitions(left.def, right.def);
  unsupportedClauses(a);

  const viable = [0, 1].filter((side) => j.type !== 'FULL' && crit.keys[side]!.kind === 'ColumnRef');
  const synthetic = viable.length === 0 ? syntheticName([left, right]) : undefined;
  const keyName = synthetic ?? JOIN_KEY;
  const cols = new JoinColumns([left, right], synthetic);
  const layout = joinLayout(keyName, crit.type, left.def, left.alias, right.def, right.alias);
  const stage: Stage = { layout, qualifiers: [] };

  const named = nameJoinItems(a, cols, synthetic);
  if (a.persistent) checkSelectNames(named);
  const nodes: LogicalNode[] = [];
  const sides = [left, right];
  const node: JoinNode = {
    kind: 'Join',
    joinType: j.type,
    shape,
    left: { source: left.def, alias: left.alias, key: crit.keys[0], repartition: !isKeyColumn(crit.keys[0], left.def) },
    right: {
      source: right.def,
      alias: right.alias,
      key: crit.keys[1],
      repartition: !isKeyColumn(crit.keys[1], right.def),
    },
    keyName,
    keyType: crit.type,
    ...(within ? { within } : {}),
  };
  nodes.push(node);
  if (q.where) {
    const where = cols.rewrite(rewritePseudoTimestamps(q.where), 'WHERE');
    a.ctx.checkCondition(where, scopeOf(stage, 'WHERE'));
    nodes.push({ kind: 'Filter', predicate: where });
  }
  if (q.refinement === 'FINAL') throw new PlanError('EMIT FINAL is only supported for windowed aggregations.');
  const items: SelectPlanItem[] = named.map((it) => ({
    expr: it.expr,
    name: it.name,
    key: false,
    type: typeOf(it.expr, stage, 'SELECT', a.ctx),
  }));
  // the key: the first item that is a viable join column (or the synthetic key)
  const keyTexts = synthetic
    ? [synthetic]
    : viable.map((side) => prefixed(sides[side]!.alias, (crit.keys[side] as { name: string }).name));
  const textOf = (e: Expression): string => normalText(e);
  const keyText = items.map((i) => textOf(i.expr)).find((t) => keyTexts.includes(t));
  if (keyText === undefined) throw missingKey(a.sinkName, j, synthetic, viable.map((s) => printExpression(crit.shown[s]!)));
  const keyItems = items.filter((i) => textOf(i.expr) === keyText);
  if (keyItems.length > 1)
    throw new PlanError(
      `The projection contains a key column (\`${keyText}\`) more than once, aliased as: ${listWithAnd(keyItems.map((i) => i.name).sort())}.`,
    );
  const keyItem = keyItems[0]!;
  keyItem.key = true;
  // the key carries the join key itself (on an outer side the column may be null)
  keyItem.expr = { kind: 'ColumnRef', name: keyName };
  keyItem.type = crit.type;
  requireValues(items);
  checkNullColumns(items);
  const ordered = [keyItem, ...items.filter((i) => i !== keyItem)];
  nodes.push({ kind: 'Project', items: ordered });
  const resultKind = shape === 'TABLE_TABLE' ? 'TABLE' : 'STREAM';
  const { window: _w, ...leftDef } = left.def;
  const columns: Column[] = layout
    .filter((c) => !c.pseudo)
    .map((c) => ({ name: c.name, type: c.type, ns: c.key ? 'KEY' : 'VALUE' }));
  const source: SourceDef = { ...leftDef, kind: resultKind, columns };
  const namedItems = named
    .map((n) => ordered.find((i) => i.name === n.name))
    .filter((i): i is SelectPlanItem => i !== undefined);
  return { source, nodes, items: ordered, namedItems, resultKind, windowed: false };
}

function withinOf(j: Join, shape: string): JoinNode['within'] {
  if (shape !== 'STREAM_STREAM') {
    if (j.within)
      throw new PlanError(
        `A window definition was provided for a ${shape === 'STREAM_TABLE' ? 'Stream-Table' : 'Table-Table'} join. These joins are not windowed. Please drop the window definition (ie. the WITHIN clause) and try to execute your join again.`,
      );
    return undefined;
  }
  if (!j.within)
    throw new PlanError(
      'Stream-Stream joins must have a WITHIN clause specified. None was provided. To learn about how to specify a WITHIN clause with a stream-stream join, please visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html#create-stream-as-select',
    );
  const w = j.within;
  if (w.grace)
    throw new NotSupportedError(
      'stream-stream joins with GRACE PERIOD',
      'stream-stream joins with a GRACE PERIOD are not supported yet',
    );
  return { beforeMs: durationMs(w.before), afterMs: durationMs(w.after) };
}

function missingKey(sink: string, j: Join, synthetic: string | undefined, shown: string[]): PlanError {
  if (synthetic) {
    const prefix = j.type === 'FULL' ? '' : 'Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS. ';
    return new PlanError(
      `${prefix}The query used to build \`${sink}\` must include the join expression ${synthetic} in its projection (eg, SELECT ${synthetic}...).\n${synthetic} was added as a synthetic key column because the join criteria did not match any source column.`,
    );
  }
  const s = shown.length > 1 ? 's' : '';
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}` : shown[0]!;
  return new PlanError(
    `The query used to build \`${sink}\` must include the join expression${s} ${list} in its projection (eg, SELECT ${shown[0]}...).`,
  );
}

/** Expands stars and names the items: aliases win; `*` gives `<ALIAS>_<COLUMN>`; a column keeps
 *  its name, prefixed with its source's alias when several sources have a column of that name. */
function nameJoinItems(a: AnalyzeInput, cols: JoinColumns, synthetic: string | undefined): Item[] {
  const counts = new Map<string, number>();
  for (const s of cols.sources) for (const c of s.def.columns) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const star = (side: number): Item[] =>
    sourceLayout(cols.sources[side]!.def)
      .filter((c) => !c.pseudo)
      .map((c) => {
        const name = prefixed(cols.sources[side]!.alias, c.name);
        return { expr: { kind: 'ColumnRef', name }, name, aliased: false };
      });
  const out: Array<Item & { pending?: boolean }> = [];
  for (const it of a.query.select) {
    if (it.kind === 'SelectAll') {
      if (it.source === undefined) {
        if (synthetic) out.push({ expr: { kind: 'ColumnRef', name: synthetic }, name: synthetic, aliased: false });
        out.push(...star(0), ...star(1));
      } else out.push(...star(cols.sideOf(it.source)));
      continue;
    }
    if (it.kind !== 'SelectSingle') continue;
    const expr = cols.rewrite(it.expr, 'SELECT');
    if (it.alias !== undefined) {
      out.push({ expr, name: it.alias, aliased: true });
      continue;
    }
    if (it.expr.kind === 'ColumnRef') {
      const t = cols.resolve(it.expr, 'SELECT');
      const name = t.side >= 0 && (counts.get(t.name) ?? 0) > 1 ? cols.rowName(t) : t.name;
      out.push({ expr, name, aliased: false });
    } else if (it.expr.kind === 'Dereference') out.push({ expr, name: it.expr.field, aliased: false, pending: true });
    else out.push({ expr, name: '', aliased: false });
  }
  const used = new Set<string>(out.filter((i) => i.name !== '' && !i.pending).map((i) => i.name));
  const taken = new Set(cols.sources.flatMap((s) => sourceLayout(s.def).map((c) => prefixed(s.alias, c.name))));
  let n = 0;
  for (const it of out) {
    if (it.name === '') {
      let name = `KSQL_COL_${n++}`;
      while (taken.has(name) || used.has(name)) name = `KSQL_COL_${n++}`;
      it.name = name;
    } else if (it.pending) {
      let name = it.name;
      for (let i = 1; used.has(name); i++) name = `${it.name}_${i}`;
      it.name = name;
    }
    used.add(it.name);
  }
  return out.map(({ expr, name, aliased }) => ({ expr, name, aliased }));
}
