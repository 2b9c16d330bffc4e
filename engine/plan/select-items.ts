// Expands `*` and `col->*` and names every projection item as ksqlDB does: aliases win, a
// column keeps its name, `a->b->c` is C (clashes get _1, _2), anything else KSQL_COL_<n>
// skipping names the source already uses.
import { PlanError } from '../errors.js';
import type { Expression, SelectItem } from '../syntax/index.js';
import type { SqlType } from '../types/sql-types.js';

export interface NamedItem {
  expr: Expression;
  name: string;
  aliased: boolean;
}

export interface LayoutColumn {
  name: string;
  type: SqlType;
  key: boolean;
}

export function expandSelect(
  items: SelectItem[],
  layout: LayoutColumn[],
  structType: (e: Expression) => SqlType,
  qualifiers: Set<string>,
): Array<{ expr: Expression; alias?: string }> {
  const out: Array<{ expr: Expression; alias?: string }> = [];
  for (const it of items) {
    if (it.kind === 'SelectSingle') out.push({ expr: it.expr, ...(it.alias !== undefined ? { alias: it.alias } : {}) });
    else if (it.kind === 'SelectAll') {
      if (it.source !== undefined && !qualifiers.has(it.source))
        throw new PlanError(`'${it.source}' is not a valid stream/table name or alias.`);
      for (const c of layout) out.push({ expr: { kind: 'ColumnRef', name: c.name } });
    } else {
      const t = structType(it.base);
      if (t.kind !== 'STRUCT') throw new PlanError(`Expected STRUCT type for ->*, got ${t.kind}`);
      for (const f of t.fields)
        out.push({ expr: { kind: 'Dereference', base: it.base, field: f.name }, alias: f.name });
    }
  }
  return out;
}

export function nameItems(items: Array<{ expr: Expression; alias?: string }>, sourceNames: Set<string>): NamedItem[] {
  const used = new Set<string>();
  let n = 0;
  const next = (): string => {
    let name = `KSQL_COL_${n++}`;
    while (sourceNames.has(name)) name = `KSQL_COL_${n++}`;
    return name;
  };
  const named: NamedItem[] = items.map((it) => {
    if (it.alias !== undefined) return { expr: it.expr, name: it.alias, aliased: true };
    if (it.expr.kind === 'ColumnRef') return { expr: it.expr, name: it.expr.name, aliased: false };
    if (it.expr.kind === 'Dereference') return { expr: it.expr, name: it.expr.field, aliased: false };
    return { expr: it.expr, name: '', aliased: false };
  });
  for (const it of named) if (it.name !== '' && it.expr.kind !== 'Dereference') used.add(it.name);
  for (const n of sourceNames) used.add(n);
  for (const it of named) {
    if (it.name === '') it.name = next();
    else if (!it.aliased && it.expr.kind === 'Dereference') {
      let name = it.name;
      for (let i = 1; used.has(name); i++) name = `${it.name}_${i}`;
      it.name = name;
    }
    used.add(it.name);
  }
  return named;
}

export function listWithAnd(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}
