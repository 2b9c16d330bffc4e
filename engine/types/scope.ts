// What an expression can see: columns of the input row by name (optionally qualified by the
// source name or alias), and precomputed slots (aggregate results, grouping keys) by their text.
import { PlanError } from '../errors.js';
import type { SqlType } from './sql-types.js';

export interface ScopeColumn {
  name: string;
  type: SqlType;
  index: number;
}

export interface Scope {
  /** Names the source may be qualified with (`INPUT.ID`, `I.ID`). */
  qualifiers: ReadonlySet<string>;
  columns: ReadonlyMap<string, ScopeColumn>;
  /** Expressions already computed into the row, by printed text (e.g. `COUNT(*)`). */
  slots?: ReadonlyMap<string, ScopeColumn>;
  /** The clause being compiled, for "WHERE column 'X' cannot be resolved." */
  clause: string;
}

/** `lastWins`: after PARTITION BY a source column shadows a new key column of the same name. */
export function makeScope(
  cols: Array<{ name: string; type: SqlType }>,
  qualifiers: string[],
  clause: string,
  lastWins = false,
): Scope {
  const columns = new Map<string, ScopeColumn>();
  cols.forEach((c, index) => {
    if (lastWins || !columns.has(c.name)) columns.set(c.name, { name: c.name, type: c.type, index });
  });
  return { qualifiers: new Set(qualifiers), columns, clause };
}

export function resolveColumn(scope: Scope, name: string, source: string | undefined): ScopeColumn {
  if (source !== undefined && !scope.qualifiers.has(source)) {
    throw new PlanError(`${scope.clause} column '${source}.${name}' cannot be resolved.`);
  }
  const c = scope.columns.get(name);
  if (!c) throw new PlanError(`${scope.clause} column '${name}' cannot be resolved.`);
  return c;
}
