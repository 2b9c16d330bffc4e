// ksqlDB's system columns (ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART, WINDOWEND): no source
// may declare one, and a persistent query may neither select one under its own name nor use one
// as an alias; each refusal in ksqlDB's words.
import { PlanError } from '../errors.js';
import type { Expression } from '../syntax/index.js';

export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  'ROWTIME',
  'ROWPARTITION',
  'ROWOFFSET',
  'WINDOWSTART',
  'WINDOWEND',
]);

export function checkDeclaredNames(names: readonly string[]): void {
  for (const n of names)
    if (SYSTEM_COLUMNS.has(n.toUpperCase()))
      throw new PlanError(`'${n}' is a reserved column name. You cannot use it as a name for a column.`);
}

/** The projection of a persistent query (CSAS/CTAS/INSERT INTO). */
export function checkSelectNames(items: ReadonlyArray<{ expr: Expression; name: string; aliased: boolean }>): void {
  for (const it of items) {
    if (!SYSTEM_COLUMNS.has(it.name.toUpperCase())) continue;
    if (it.aliased)
      throw new PlanError(`\`${it.name}\` is a reserved column name. You cannot use it as an alias for a column.`);
    throw new PlanError(`Reserved column name in select: \`${it.name}\`. Please remove or alias the column.`);
  }
}
