// Row layouts at each plan stage and the expression scopes over them: the source layout
// (keys, values, pseudo columns), the layout after PARTITION BY, and typing over them.
import type { PlanServices } from './plan-services.js';
import { makeScope, type Scope } from '../types/scope.js';
import { T, type SqlType } from '../types/sql-types.js';
import type { Expression } from '../syntax/index.js';
import type { SourceDef } from './catalog.js';
import type { LayoutColumn } from './select-items.js';

/** [keys..., values/headers..., ROWTIME, ROWPARTITION, ROWOFFSET, (WINDOWSTART, WINDOWEND)]. */
export function sourceLayout(def: SourceDef): Array<LayoutColumn & { pseudo: boolean }> {
  const cols = [
    ...def.columns.filter((c) => c.ns === 'KEY').map((c) => ({ name: c.name, type: c.type, key: true, pseudo: false })),
    ...def.columns
      .filter((c) => c.ns !== 'KEY')
      .map((c) => ({ name: c.name, type: c.type, key: false, pseudo: false })),
    { name: 'ROWTIME', type: T.BIGINT, key: false, pseudo: true },
    { name: 'ROWPARTITION', type: T.INTEGER, key: false, pseudo: true },
    { name: 'ROWOFFSET', type: T.BIGINT, key: false, pseudo: true },
  ];
  if (def.window)
    cols.push(
      { name: 'WINDOWSTART', type: T.BIGINT, key: true, pseudo: true },
      { name: 'WINDOWEND', type: T.BIGINT, key: true, pseudo: true },
    );
  return cols;
}

export interface Stage {
  layout: Array<LayoutColumn & { pseudo: boolean }>;
  qualifiers: string[];
  /** Set after PARTITION BY: source columns win over new key columns of the same name. */
  lastWins?: boolean;
}

export function scopeOf(stage: Stage, clause: string): Scope {
  return makeScope(stage.layout, stage.qualifiers, clause, stage.lastWins ?? false);
}

export function typeOf(e: Expression, stage: Stage, clause: string, ctx: PlanServices): SqlType {
  return ctx.typeOf(e, scopeOf(stage, clause));
}
