// Projections without GROUP BY: the key is the source key, or the PARTITION BY expressions.
// Key columns must each be selected exactly once; the rest become value columns.
import { PlanError } from '../errors.js';
import { printExpression, type Expression, type Query } from '../syntax/index.js';
import type { PlanServices } from './plan-services.js';
import { normalText, rewrite } from '../types/walk.js';
import type { SourceDef } from './catalog.js';
import type { LogicalNode, SelectPlanItem } from './logical-plan.js';
import { listWithAnd, type NamedItem } from './select-items.js';
import { typeOf, type Stage } from './scopes.js';

export interface ProjectionInput {
  q: Query;
  def: SourceDef;
  alias: string;
  stage: Stage;
  named: NamedItem[];
  sinkName: string;
  ctx: PlanServices;
}

export function qualify(e: Expression, alias: string): string {
  return printExpression(
    rewrite(e, (x) =>
      x.kind === 'ColumnRef' ? { kind: 'ColumnRef', source: x.source ?? alias, name: x.name } : undefined,
    ),
  );
}

function keyName(e: Expression, named: NamedItem[], counter: { n: number }, taken: Set<string>): string {
  const hit = named.find((it) => normalText(it.expr) === normalText(e));
  if (hit) return hit.name;
  if (e.kind === 'ColumnRef') return e.name;
  if (e.kind === 'Dereference') return e.field;
  let name = `KSQL_COL_${counter.n++}`;
  while (taken.has(name)) name = `KSQL_COL_${counter.n++}`;
  return name;
}

function checkKeysOnce(items: SelectPlanItem[], keyOf: (i: SelectPlanItem) => string | undefined): void {
  const byKey = new Map<string, string[]>();
  for (const it of items) {
    const k = keyOf(it);
    if (k !== undefined) byKey.set(k, [...(byKey.get(k) ?? []), it.name]);
  }
  for (const [k, names] of byKey) {
    if (names.length > 1)
      throw new PlanError(
        `The projection contains a key column (\`${k}\`) more than once, aliased as: ${listWithAnd(names)}.`,
      );
  }
}

export function planProjection(p: ProjectionInput): { nodes: LogicalNode[]; items: SelectPlanItem[] } {
  return p.q.partitionBy ? partitioned(p) : plain(p);
}

function plain(p: ProjectionInput): { nodes: LogicalNode[]; items: SelectPlanItem[] } {
  const keyCols = p.def.columns.filter((c) => c.ns === 'KEY').map((c) => c.name);
  const keyOf = (it: SelectPlanItem): string | undefined =>
    it.expr.kind === 'ColumnRef' && keyCols.includes(it.expr.name) ? it.expr.name : undefined;
  const items = p.named.map((it) => ({
    expr: it.expr,
    name: it.name,
    key: false,
    type: typeOf(it.expr, p.stage, 'SELECT', p.ctx),
  }));
  for (const it of items) it.key = keyOf(it) !== undefined;
  checkKeysOnce(items, keyOf);
  const missing = keyCols.some((k) => !items.some((it) => keyOf(it) === k)) ? keyCols : [];
  if (missing.length > 0) {
    const s = missing.length > 1 ? 's' : '';
    throw new PlanError(
      `The query used to build \`${p.sinkName}\` must include the key column${s} ${listWithAnd(missing)} in its projection (eg, SELECT ${missing.join(', ')}...).`,
    );
  }
  requireValues(items);
  checkNullColumns(items);
  const ordered = orderItems(items, (it) => keyCols.indexOf(keyOf(it) ?? ''));
  return { nodes: [{ kind: 'Project', items: ordered }], items: ordered };
}

/** Key items in the order of the key definition (GROUP BY / PARTITION BY / source key), then values. */
export function orderItems(items: SelectPlanItem[], rank: (it: SelectPlanItem) => number): SelectPlanItem[] {
  const keys = items.filter((i) => i.key).sort((a, b) => rank(a) - rank(b));
  return [...keys, ...items.filter((i) => !i.key)];
}

export function checkNullColumns(items: SelectPlanItem[]): void {
  if (items.some((i) => i.type.kind === 'NULL'))
    throw new PlanError(
      "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).",
    );
}

export function requireValues(items: SelectPlanItem[]): void {
  if (!items.some((i) => !i.key)) throw new PlanError('The projection contains no value columns.');
}

function partitioned(p: ProjectionInput): { nodes: LogicalNode[]; items: SelectPlanItem[] } {
  const exprs = p.q.partitionBy!;
  if (exprs.length === 0) throw new PlanError('PARTITION BY requires at least one expression');
  const nulls = exprs.filter((e) => e.kind === 'NullLiteral').length;
  if (nulls > 0 && exprs.length > 1) throw new PlanError('Cannot PARTITION BY multiple columns including NULL');
  const keys = nulls > 0 ? [] : exprs;
  const keyTypes = keys.map((e) => partitionType(e, p));
  const taken = new Set(p.def.columns.map((c) => c.name));
  const counter = { n: 0 };
  const names = keys.map((e) => keyName(e, p.named, counter, taken));
  const stage: Stage = {
    layout: [
      ...keys.map((_, i) => ({ name: names[i]!, type: keyTypes[i]!, key: true, pseudo: false })),
      ...p.stage.layout.map((c) => ({ ...c, key: false })),
    ],
    qualifiers: p.stage.qualifiers,
    lastWins: true,
  };
  const sourceNames = new Set(p.def.columns.map((c) => c.name));
  const texts = keys.map(normalText);
  const keyOf = (it: SelectPlanItem): string | undefined => {
    const i = texts.indexOf(normalText(it.expr));
    if (i >= 0) return names[i];
    return it.expr.kind === 'ColumnRef' && names.includes(it.expr.name) && !sourceNames.has(it.expr.name)
      ? it.expr.name
      : undefined;
  };
  const starred = p.q.select.some((s) => s.kind === 'SelectAll');
  const items: SelectPlanItem[] = p.named.map((it) => ({
    expr: it.expr,
    name: it.name,
    key: false,
    type: typeOf(it.expr, stage, 'SELECT', p.ctx),
  }));
  keys.forEach((k, i) => {
    if (starred && !items.some((it) => keyOf(it) === names[i]))
      items.unshift({ expr: { kind: 'ColumnRef', name: names[i]! }, name: names[i]!, key: true, type: keyTypes[i]! });
  });
  for (const it of items) it.key = keyOf(it) !== undefined;
  checkKeysOnce(items, keyOf);
  const missing = keys.some((_, i) => !items.some((it) => keyOf(it) === names[i])) ? keys : [];
  if (missing.length > 0) {
    const s = missing.length > 1 ? 's' : '';
    const shown = missing.map((e) => qualify(e, p.alias));
    throw new PlanError(
      `The query used to build \`${p.sinkName}\` must include the partitioning expression${s} ${listWithAnd(shown)} in its projection (eg, SELECT ${shown.join(', ')}...).`,
    );
  }
  requireValues(items);
  const ordered = orderItems(items, (it) => names.indexOf(keyOf(it) ?? ''));
  return {
    nodes: [
      { kind: 'Repartition', keys, names },
      { kind: 'Project', items: ordered },
    ],
    items: ordered,
  };
}

function partitionType(e: Expression, p: ProjectionInput): SelectPlanItem['type'] {
  try {
    return typeOf(e, p.stage, 'PARTITION BY', p.ctx);
  } catch (err) {
    if (err instanceof PlanError && e.kind === 'ColumnRef') {
      throw new PlanError(
        `PARTITION BY column '${e.name}' cannot be resolved. '${e.name}' must be a column in the source schema since PARTITION BY is applied on the input.`,
      );
    }
    throw err;
  }
}
