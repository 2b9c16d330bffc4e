// Plans a SELECT over a join of two sources: checks the sources and the ON clause, decides the
// key (a source's join column, or a synthetic ROWKEY when none qualifies, as for FULL OUTER),
// expands `*` to `<ALIAS>_<COLUMN>` columns and names the projection as ksqlDB does (a column
// qualified in the query keeps its name unless another source has a column of that name).
import { rewritePseudoTimestamps } from '../typecheck/pseudo-timestamps.js';
import { NotSupportedError, PlanError } from '../errors.js';
import { printExpression, type AliasedSource, type Expression, type Join, type Relation } from '../syntax/index.js';
import { makeScope } from '../types/scope.js';
import type { SqlType } from '../types/sql-types.js';
import { normalText, someNode } from '../types/walk.js';
import type { Catalog, Column, SourceDef } from './catalog.js';
import type { JoinNode, LogicalNode, SelectPlanItem } from './logical-plan.js';
import type { AnalyzeInput, Analysis } from './analyze-query.js';
import { JoinColumns, prefixed, type JoinSource } from './join-columns.js';
import {
  checkJoinSources,
  checkKeyTypes,
  checkPartitions,
  isKeyColumn,
  REPARTITION_WINDOWED,
  joinCriteria,
  joinShape,
  shownCondition,
} from './join-criteria.js';
import { checkSelectNames } from './reserved-names.js';
import { checkNullColumns, planProjection, requireValues } from './plan-projection.js';
import { listWithAnd } from './select-items.js';
import { scopeOf, sourceLayout, typeOf, type Stage } from './scopes.js';
import { durationMs, type Query } from '../syntax/index.js';
import { planAggregate } from './plan-aggregate.js';
import { windowPlan } from './window-plan.js';

/** The joined row's key column when it is a source's join column (users cannot name it). */
export const JOIN_KEY = '$JOINKEY';

type LayoutCol = { name: string; type: SqlType; key: boolean; pseudo: boolean };

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

/** A column equal to a join's key, by the joined row's name, with how ksqlDB prints it. */
interface Viable {
  name: string;
  shown: string;
  source: number;
}

/** One planned join (of a left-deep n-way join tree). */
interface JoinTree {
  node: JoinNode;
  sources: JoinSource[];
  kind: 'STREAM' | 'TABLE';
  /** Columns equal to the key, in source order (empty with a synthetic key). */
  viable: Viable[];
  /** Both sides' join expressions over the joined row (what equals the key). */
  keyTexts: string[];
  synthetic?: string;
  layout: LayoutCol[];
  /** A foreign-key join: the left table and its primary key column (for ksqlDB's message). */
  foreignKey?: { table: string; columns: string[]; names: string[] };
}

function unsupportedClauses(a: AnalyzeInput): void {
  const q = a.query;
  const no = (what: string): never => {
    throw new NotSupportedError(`joins with ${what}`, `joins with ${what} are not supported yet`);
  };
  if (q.partitionBy && q.groupBy) throw new PlanError('Queries cannot use both GROUP BY and PARTITION BY.');
  if (q.window && !q.groupBy) throw new PlanError('WINDOW clause requires a GROUP BY clause.');
  if (q.having && !q.groupBy) throw new PlanError('HAVING requires GROUP BY.');
  if (
    q.select.some(
      (s) =>
        s.kind === 'SelectSingle' &&
        someNode(
          s.expr,
          (x) =>
            x.kind === 'FunctionCall' && ((!q.groupBy && a.ctx.isAggregate(x.name)) || a.ctx.isTableFunction(x.name)),
        ),
    )
  )
    no(q.groupBy ? 'table functions' : 'aggregate functions without GROUP BY, or table functions');
}

function leaves(r: Relation, catalog: Catalog): JoinSource[] {
  return r.kind === 'Join' ? [...leaves(r.left, catalog), resolve(r.right, catalog)] : [resolve(r, catalog)];
}

function checkDistinct(sources: JoinSource[]): void {
  const seen = new Set<string>();
  for (const s of sources) {
    if (seen.has(s.def.name)) {
      if (sources.length === 2)
        throw new PlanError(`Can not join '${s.def.name}' to '${s.def.name}': self joins are not yet supported.`);
      throw new PlanError(
        `N-way joins do not support multiple occurrences of the same source. Source: '${s.def.name}'`,
      );
    }
    seen.add(s.def.name);
  }
}

/** Plans `j` (its left input first, when that is a join too); depth 0 is the outermost join,
 *  whose key and pseudo columns the query sees; deeper ones get internal names. */
function planJoin(j: Join, all: JoinSource[], ctx: AnalyzeInput['ctx'], depth: number): JoinTree {
  const inner = j.left.kind === 'Join' ? planJoin(j.left, all, ctx, depth + 1) : undefined;
  const n = inner ? inner.sources.length + 1 : 2;
  const sources = all.slice(0, n);
  const right = sources[n - 1]!;
  const leftLeaf = inner ? undefined : sources[0]!;
  const leftKind = inner ? inner.kind : leftLeaf!.def.kind;
  if (leftLeaf) checkJoinSources(leftLeaf.def, right.def);
  else checkJoinSources(right.def, right.def, true);
  const cols = new JoinColumns(sources);
  const crit = joinCriteria(j, cols);
  const cond = shownCondition(j, cols);
  const leftName = inner ? sources[crit.reads[0]]!.def.name : leftLeaf!.def.name;
  const shape = joinShape(j, { name: leftName, kind: leftKind }, right.def);
  // each side's join expression over its input's own row
  const rightKey = cols.onSide(crit.sides[1], n - 1, 'JOIN ON');
  let leftKey = inner ? cols.rewrite(crit.sides[0], 'JOIN ON') : cols.onSide(crit.sides[0], 0, 'JOIN ON');
  const leftIsKey = inner ? inner.keyTexts.includes(normalText(leftKey)) : isKeyColumn(leftKey, leftLeaf!.def);
  const keyTexts = [
    ...(inner && leftIsKey ? inner.keyTexts : []),
    normalText(cols.rewrite(crit.sides[0], 'JOIN ON')),
    normalText(cols.rewrite(crit.sides[1], 'JOIN ON')),
  ];
  // a left column equal to the inner join's key reads the key itself (an outer side may be null)
  if (inner && leftIsKey) leftKey = { kind: 'ColumnRef', name: inner.node.keyName };
  if (shape === 'STREAM_TABLE' && !isKeyColumn(rightKey, right.def))
    throw new PlanError(
      `Invalid join condition: stream-table joins require to join on the table's primary key. Got ${cond}.`,
    );
  if (shape === 'TABLE_TABLE') {
    if (!isKeyColumn(rightKey, right.def))
      throw new PlanError(
        `Invalid join condition: table-table joins require to join on the primary key of the right input table. Got ${cond}.`,
      );
  }
  const fk = shape === 'TABLE_TABLE' && !leftIsKey;
  if (fk) {
    if (j.type === 'RIGHT' || j.type === 'FULL')
      throw new PlanError(`${j.type === 'RIGHT' ? 'RIGHT' : 'FULL'} OUTER JOIN on a foreign key is not supported`);
    if (inner)
      throw new PlanError(
        `Invalid join condition: foreign-key table-table joins are not supported as part of n-way joins. Got ${cond}.`,
      );
    if (leftLeaf!.def.columns.filter((c) => c.ns === 'KEY').length !== 1 && depth > 0)
      throw new NotSupportedError(
        'n-way joins after a foreign-key join of multi-column keys',
        'n-way joins after a foreign-key join of a left table with several primary key columns are not supported yet',
      );
  }
  const leftLayout: LayoutCol[] = inner
    ? inner.layout
    : sourceLayout(leftLeaf!.def).map((c) => ({
        ...c,
        name: prefixed(leftLeaf!.alias, c.name),
        key: false,
        pseudo: false,
      }));
  const rightLayout: LayoutCol[] = sourceLayout(right.def).map((c) => ({
    ...c,
    name: prefixed(right.alias, c.name),
    key: false,
    pseudo: false,
  }));
  const types: [SqlType, SqlType] = [
    ctx.typeOf(leftKey, makeScope(inner ? leftLayout : sourceLayout(leftLeaf!.def), [], 'JOIN ON')),
    ctx.typeOf(rightKey, makeScope(sourceLayout(right.def), [], 'JOIN ON')),
  ];
  const keyColName =
    crit.sides[0].kind === 'ColumnRef' ? cols.rowName(cols.resolve(crit.sides[0], 'JOIN ON')) : 'KSQL_COL_0';
  checkKeyTypes(j, crit, types, keyColName);
  const leftPk = leftLeaf?.def.columns.find((c) => c.ns === 'KEY');
  const within = withinOf(j, shape);
  const windowedJoin = !!right.def.window;
  if (windowedJoin) {
    if (inner)
      throw new NotSupportedError('n-way windowed joins', 'n-way joins of windowed sources are not supported yet');
    if (!leftIsKey || !isKeyColumn(rightKey, right.def)) throw new PlanError(REPARTITION_WINDOWED);
    if (shape !== 'STREAM_STREAM')
      throw new NotSupportedError('windowed table joins', 'joins of windowed tables are not supported yet');
  }
  const leftParts = inner ? sources[crit.reads[0]]! : leftLeaf!;
  if (!fk) checkPartitions(leftParts, right);

  // the columns equal to the key
  const viable: Viable[] = [];
  if (fk) {
    // keyed by the left table's primary key
    viable.push({
      name: prefixed(leftLeaf!.alias, leftPk!.name),
      shown: `${leftLeaf!.alias}.${leftPk!.name}`,
      source: 0,
    });
  } else if (j.type !== 'FULL') {
    const shownOf = (e: Expression): string => printExpression(e);
    if (inner && leftIsKey) viable.push(...inner.viable);
    else if (crit.sides[0].kind === 'ColumnRef')
      viable.push({ name: keyColName, shown: shownOf(crit.shown[0]), source: crit.reads[0] });
    if (rightKey.kind === 'ColumnRef')
      viable.push({ name: prefixed(right.alias, rightKey.name), shown: shownOf(crit.shown[1]), source: n - 1 });
    viable.sort((x, y) => x.source - y.source);
  }
  const suffix = depth === 0 ? '' : `$${depth}`;
  const synthetic = viable.length === 0 ? (depth === 0 ? syntheticName(all) : `$ROWKEY${suffix}`) : undefined;
  const keyName = synthetic ?? `${JOIN_KEY}${suffix}`;
  const pseudo: LayoutCol[] = sourceLayout({ ...right.def, window: undefined } as SourceDef)
    .filter((c) => c.pseudo)
    .map((c) => ({ ...c, name: depth === 0 ? c.name : `$${c.name}${suffix}`, key: false }));
  const keyType = fk ? leftPk!.type : types[0];
  const layout: LayoutCol[] = [
    { name: keyName, type: keyType, key: true, pseudo: false },
    ...leftLayout,
    ...rightLayout,
    ...pseudo,
  ];
  const node: JoinNode = {
    kind: 'Join',
    joinType: j.type,
    shape,
    left: {
      ...(inner ? { inner: inner.node } : { source: leftLeaf!.def }),
      alias: inner ? '' : leftLeaf!.alias,
      key: leftKey,
      repartition: !leftIsKey && !fk,
    },
    right: { source: right.def, alias: right.alias, key: rightKey, repartition: !isKeyColumn(rightKey, right.def) },
    keyName,
    keyType,
    ...(fk ? { foreignKey: true } : {}),
    layout: layout.map((c) => ({ name: c.name, type: c.type })),
    ...(within ? { within } : {}),
  };
  return {
    node,
    sources,
    kind: shape === 'TABLE_TABLE' ? 'TABLE' : 'STREAM',
    viable,
    keyTexts: fk ? [viable[0]!.name] : j.type === 'FULL' ? [] : keyTexts,
    ...(fk
      ? {
          foreignKey: {
            table: leftLeaf!.def.name,
            columns: leftLeaf!.def.columns.filter((c) => c.ns === 'KEY').map((c) => c.name),
            names: leftLeaf!.def.columns.filter((c) => c.ns === 'KEY').map((c) => prefixed(leftLeaf!.alias, c.name)),
          },
        }
      : {}),
    ...(synthetic ? { synthetic } : {}),
    layout,
  };
}

export function analyzeJoin(a: AnalyzeInput): Analysis {
  const q = a.query;
  const j = q.from as Join;
  const all = leaves(j, a.catalog);
  checkDistinct(all);
  const plainCols = new JoinColumns(all);
  for (const it of q.select) {
    if (it.kind === 'SelectSingle') plainCols.checkQualifiers(it.expr);
    if (it.kind === 'SelectAll' && it.source !== undefined) plainCols.sideOf(it.source);
  }
  for (let r: Relation = j; r.kind === 'Join'; r = r.left) plainCols.checkQualifiers(r.on);
  if (q.where) plainCols.checkQualifiers(q.where);
  // every ON clause is checked before any join is planned
  for (let r: Relation = j; r.kind === 'Join'; r = r.left)
    joinCriteria(r, new JoinColumns(all.slice(0, leaves(r, a.catalog).length)));
  const tree = planJoin(j, all, a.ctx, 0);
  unsupportedClauses(a);
  const { synthetic, layout } = tree;
  const cols = new JoinColumns(all, synthetic);
  const stage: Stage = { layout, qualifiers: [] };
  const named = nameJoinItems(a, cols, synthetic, (e) => typeOf(e, stage, 'SELECT', a.ctx));
  if (a.persistent) checkSelectNames(named);
  const nodes: LogicalNode[] = [tree.node];
  if (q.where) {
    const where = cols.rewrite(rewritePseudoTimestamps(q.where), 'WHERE');
    a.ctx.checkCondition(where, scopeOf(stage, 'WHERE'));
    nodes.push({ kind: 'Filter', predicate: where });
  }
  const resultKind = tree.kind;
  // a join of windowed sources is windowed like its left source
  const columns: Column[] = layout
    .filter((c) => !c.pseudo)
    .map((c) => ({ name: c.name, type: c.type, ns: c.key ? 'KEY' : 'VALUE' }));
  const source: SourceDef = { ...all[0]!.def, kind: resultKind, columns };
  if (source.window && (q.groupBy || q.partitionBy))
    throw new NotSupportedError(
      'windowed joins with GROUP BY or PARTITION BY',
      'GROUP BY or PARTITION BY over a join of windowed sources is not supported yet',
    );
  if (q.groupBy) return aggregated(a, { tree, cols, stage, named, nodes, source });
  if (q.partitionBy) return repartitioned(a, { tree, cols, stage, named, nodes, source });
  if (q.refinement === 'FINAL') throw new PlanError('EMIT FINAL is only supported for windowed aggregations.');
  const items: SelectPlanItem[] = named.map((it) => ({
    expr: it.expr,
    name: it.name,
    key: false,
    type: typeOf(it.expr, stage, 'SELECT', a.ctx),
  }));
  if (tree.foreignKey) return foreignKeyed(a, { tree, items, nodes, source, named });
  // the key: the first source's column equal to the key that is projected (or the synthetic key)
  const keyTexts = synthetic ? [synthetic] : tree.viable.map((v) => v.name);
  const textOf = (e: Expression): string => normalText(e);
  const keyText = keyTexts.find((k) => items.some((i) => textOf(i.expr) === k));
  if (keyText === undefined)
    throw missingKey(
      a.sinkName,
      synthetic,
      tree.viable.map((v) => v.shown),
    );
  const keyItems = items.filter((i) => textOf(i.expr) === keyText);
  if (keyItems.length > 1)
    throw new PlanError(
      `The projection contains a key column (\`${keyText}\`) more than once, aliased as: ${listWithAnd(keyItems.map((i) => i.name).sort())}.`,
    );
  const keyItem = keyItems[0]!;
  keyItem.key = true;
  // the key carries the join key itself (on an outer side the column may be null)
  keyItem.expr = { kind: 'ColumnRef', name: tree.node.keyName };
  keyItem.type = tree.node.keyType;
  requireValues(items);
  checkNullColumns(items);
  const ordered = [keyItem, ...items.filter((i) => i !== keyItem)];
  nodes.push({ kind: 'Project', items: ordered });
  const namedItems = named
    .map((nm) => ordered.find((i) => i.name === nm.name))
    .filter((i): i is SelectPlanItem => i !== undefined);
  return { source, nodes, items: ordered, namedItems, resultKind, windowed: !!source.window };
}

/** A foreign-key join is keyed by every primary key column of the left table, each projected. */
function foreignKeyed(
  a: AnalyzeInput,
  p: { tree: JoinTree; items: SelectPlanItem[]; nodes: LogicalNode[]; source: SourceDef; named: Item[] },
): Analysis {
  const fk = p.tree.foreignKey!;
  const textOf = (e: Expression): string => normalText(e);
  const missing = fk.names.map((n, i) => (p.items.some((it) => textOf(it.expr) === n) ? undefined : fk.columns[i]!));
  const gone = missing.filter((m): m is string => m !== undefined);
  if (gone.length > 0) {
    const s = gone.length > 1 ? 's' : '';
    throw new PlanError(
      `Primary key column${s} missing in projection. For foreign-key table-table joins, the projection must include all primary key columns from the left input table (\`${fk.table}\`). Missing column${s}: ${gone.map((g) => `\`${g}\``).join(', ')}.`,
    );
  }
  const keys = fk.names.map((n) => {
    const hits = p.items.filter((it) => textOf(it.expr) === n);
    if (hits.length > 1)
      throw new PlanError(
        `The projection contains a key column (\`${n}\`) more than once, aliased as: ${listWithAnd(hits.map((i) => i.name).sort())}.`,
      );
    hits[0]!.key = true;
    return hits[0]!;
  });
  requireValues(p.items);
  checkNullColumns(p.items);
  const ordered = [...keys, ...p.items.filter((i) => !i.key)];
  const namedItems = p.named
    .map((nm) => ordered.find((i) => i.name === nm.name))
    .filter((i): i is SelectPlanItem => i !== undefined);
  return {
    source: p.source,
    nodes: [...p.nodes, { kind: 'Project', items: ordered }],
    items: ordered,
    namedItems,
    resultKind: 'TABLE',
    windowed: false,
  };
}

/** PARTITION BY over a join: the key is the partitioning expression, as for one source. */
function repartitioned(
  a: AnalyzeInput,
  p: { tree: JoinTree; cols: JoinColumns; stage: Stage; named: Item[]; nodes: LogicalNode[]; source: SourceDef },
): Analysis {
  const q = a.query;
  if (p.tree.kind === 'TABLE')
    throw new NotSupportedError(
      'PARTITION BY over table joins',
      'PARTITION BY over a table-table join is not supported yet',
    );
  const rq: Query = { ...q, partitionBy: q.partitionBy!.map((e) => p.cols.rewrite(e, 'PARTITION BY')) };
  if (q.refinement === 'FINAL') throw new PlanError('EMIT FINAL is only supported for windowed aggregations.');
  const r = planProjection({
    q: rq,
    def: p.source,
    alias: '',
    stage: p.stage,
    named: p.named,
    sinkName: a.sinkName,
    ctx: a.ctx,
  });
  const namedItems = p.named
    .map((n) => r.items.find((i) => i.name === n.name))
    .filter((i): i is SelectPlanItem => i !== undefined);
  return {
    source: p.source,
    nodes: [...p.nodes, ...r.nodes],
    items: r.items,
    namedItems,
    resultKind: 'STREAM',
    windowed: false,
  };
}

/** GROUP BY over a join: the aggregation reads the joined row (its names rewritten). */
function aggregated(
  a: AnalyzeInput,
  p: { tree: JoinTree; cols: JoinColumns; stage: Stage; named: Item[]; nodes: LogicalNode[]; source: SourceDef },
): Analysis {
  const q = a.query;
  if (p.tree.node.foreignKey)
    throw new NotSupportedError(
      'GROUP BY over foreign-key joins',
      'GROUP BY over a foreign-key join is not supported yet',
    );
  const rq: Query = {
    ...q,
    groupBy: q.groupBy!.map((e) => p.cols.rewrite(e, 'GROUP BY')),
    ...(q.having ? { having: p.cols.rewrite(q.having, 'HAVING') } : {}),
  };
  if (p.source.valueFormat === 'KAFKA')
    throw new PlanError(
      `Source(s) ${p.source.name} are using the 'KAFKA' value format. This format does not yet support GROUP BY.`,
    );
  const window = q.window ? windowPlan(q.window) : undefined;
  const r = planAggregate({
    q: rq,
    def: p.source,
    stage: p.stage,
    named: p.named,
    sinkName: a.sinkName,
    ctx: a.ctx,
    ...(window ? { window } : {}),
  });
  const namedItems = p.named
    .map((n) => r.items.find((i) => i.name === n.name))
    .filter((i): i is SelectPlanItem => i !== undefined);
  return {
    source: p.source,
    nodes: [...p.nodes, ...r.nodes],
    items: r.items,
    namedItems,
    resultKind: 'TABLE',
    windowed: !!window,
  };
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
  return {
    beforeMs: durationMs(w.before),
    afterMs: durationMs(w.after),
    ...(w.grace ? { graceMs: durationMs(w.grace) } : {}),
  };
}

function missingKey(sink: string, synthetic: string | undefined, shown: string[]): PlanError {
  if (synthetic) {
    return new PlanError(
      `Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\nThe query used to build \`${sink}\` must include the join expression ${synthetic} in its projection (eg, SELECT ${synthetic}...).\n${synthetic} was added as a synthetic key column because the join criteria did not match any source column. This expression must be included in the projection and may be aliased.`,
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
function nameJoinItems(
  a: AnalyzeInput,
  cols: JoinColumns,
  synthetic: string | undefined,
  typeOfRow: (e: Expression) => SqlType,
): Item[] {
  // ksqlDB's "common field names": a name in more than one source (pseudo columns included)
  const counts = new Map<string, number>();
  for (const s of cols.sources) for (const c of sourceLayout(s.def)) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  // under PARTITION BY a star also shows the pseudo columns, each source's key columns last
  const partitioned = !!a.query.partitionBy;
  const starColumns = (d: SourceDef): Array<{ name: string }> => {
    const l = sourceLayout(d).filter(
      (c) => !c.pseudo || (partitioned && !['WINDOWSTART', 'WINDOWEND'].includes(c.name)),
    );
    return partitioned ? [...l.filter((c) => !c.key), ...l.filter((c) => c.key)] : l;
  };
  const star = (side: number): Item[] =>
    starColumns(cols.sources[side]!.def).map((c) => {
      const name = prefixed(cols.sources[side]!.alias, c.name);
      return { expr: { kind: 'ColumnRef', name }, name, aliased: false };
    });
  const out: Array<Item & { pending?: boolean }> = [];
  for (const it of a.query.select) {
    if (it.kind === 'SelectAll') {
      if (it.source === undefined) {
        if (synthetic && partitioned)
          throw new NotSupportedError(
            'PARTITION BY over a synthetic join key',
            '`*` with PARTITION BY over a join keyed by ROWKEY is not supported yet',
          );
        if (synthetic) out.push({ expr: { kind: 'ColumnRef', name: synthetic }, name: synthetic, aliased: false });
        cols.sources.forEach((_, side) => out.push(...star(side)));
      } else out.push(...star(cols.sideOf(it.source)));
      continue;
    }
    if (it.kind === 'SelectStructAll') {
      // `s.col->*`: every field of the struct, each named by its field
      const base = cols.rewrite(it.base, 'SELECT');
      const t = typeOfRow(base);
      if (t.kind !== 'STRUCT') throw new PlanError(`Expected STRUCT type for ->*, got ${t.kind}`);
      for (const f of t.fields)
        out.push({ expr: { kind: 'Dereference', base, field: f.name }, name: f.name, aliased: true });
      continue;
    }
    const expr = cols.rewrite(it.expr, 'SELECT');
    if (it.alias !== undefined) {
      // a column aliased to its own name counts as unaliased (ksqlDB's reserved-name wording)
      const same = it.expr.kind === 'ColumnRef' && it.expr.name === it.alias;
      out.push({ expr, name: it.alias, aliased: !same });
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
