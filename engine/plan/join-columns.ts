// Column names of a join: each source's columns (keys, values, pseudo columns) become
// `<ALIAS>_<NAME>` columns of the joined row, as in ksqlDB's join schema. Resolves the user's
// references (`L.A`, an unambiguous `A`, the synthetic ROWKEY) with ksqlDB's error wording and
// rewrites expressions to the joined row's names.
import { NotSupportedError, PlanError } from '../errors.js';
import type { ColumnRef, Expression } from '../syntax/index.js';
import { rewrite, someNode } from '../types/walk.js';
import type { SqlType } from '../types/sql-types.js';
import type { SourceDef } from './catalog.js';
import { sourceLayout } from './scopes.js';

export interface JoinSource {
  def: SourceDef;
  alias: string;
}

/** Where a user's column reference points: a source's column or the synthetic key. */
export type ColumnTarget = { side: number; name: string; type: SqlType; pseudo: boolean } | { side: -1; name: string };

const RESULT_PSEUDO = new Set(['ROWTIME']);

export const prefixed = (alias: string, name: string): string => `${alias}_${name}`;

export class JoinColumns {
  constructor(
    readonly sources: JoinSource[],
    /** The synthetic key's name (ROWKEY…), when the join criteria match no source column. */
    readonly syntheticKey?: string,
  ) {}

  sideOf(qualifier: string): number {
    const i = this.sources.findIndex((s) => s.alias === qualifier);
    if (i >= 0) return i;
    // the source's own name only qualifies when it has no alias
    const j = this.sources.findIndex((s) => s.def.name === qualifier && s.alias === s.def.name);
    if (j >= 0) return j;
    throw new PlanError(`Failed to prepare statement: '${qualifier}' is not a valid stream/table name or alias.`);
  }

  resolve(ref: ColumnRef, clause: string): ColumnTarget {
    const at = ref.loc ? `Line: ${ref.loc.line}, Col: ${ref.loc.column}: ` : '';
    if (ref.source !== undefined) {
      const side = this.sideOf(ref.source);
      const col = sourceLayout(this.sources[side]!.def).find((c) => c.name === ref.name);
      if (!col) throw new PlanError(`${at}${clause} column '${ref.source}.${ref.name}' cannot be resolved.`);
      return { side, name: col.name, type: col.type, pseudo: col.pseudo };
    }
    const hits = this.sources
      .map((s, side) => ({ side, col: sourceLayout(s.def).find((c) => c.name === ref.name && !c.pseudo) }))
      .filter((h) => h.col !== undefined);
    if (hits.length > 1)
      throw new PlanError(
        `Exception while preparing statement: ${at}Column '${ref.name}' is ambiguous. Could be ${hits.map((h) => `${this.sources[h.side]!.alias}.${ref.name}`).join(' or ')}.`,
      );
    if (hits.length === 1) {
      const h = hits[0]!;
      return { side: h.side, name: h.col!.name, type: h.col!.type, pseudo: false };
    }
    if (this.syntheticKey !== undefined && ref.name === this.syntheticKey) return { side: -1, name: ref.name };
    if (RESULT_PSEUDO.has(ref.name)) return { side: -1, name: ref.name };
    if (['ROWPARTITION', 'ROWOFFSET'].includes(ref.name))
      throw new NotSupportedError(
        'unqualified pseudo column in a join',
        `unqualified ${ref.name} in a join is not supported yet: qualify it with a source (e.g. L.${ref.name})`,
      );
    throw new PlanError(`${at}${clause} column '${ref.name}' cannot be resolved.`);
  }

  /** Checks every qualifier first, as ksqlDB does before it resolves any column. */
  checkQualifiers(e: Expression): void {
    someNode(e, (x) => {
      if (x.kind === 'ColumnRef' && x.source !== undefined) this.sideOf(x.source);
      return false;
    });
  }

  /** The joined row's column name of a resolved reference. */
  rowName(t: ColumnTarget): string {
    return t.side < 0 ? t.name : prefixed(this.sources[t.side]!.alias, t.name);
  }

  /** Rewrites every column reference to the joined row's names; `sides` collects what it reads. */
  rewrite(e: Expression, clause: string, sides?: Set<number>): Expression {
    return rewrite(e, (x) => {
      if (x.kind !== 'ColumnRef') return undefined;
      const t = this.resolve(x, clause);
      sides?.add(t.side);
      return { kind: 'ColumnRef', name: this.rowName(t) };
    });
  }

  /** The expression qualified with the aliases, as ksqlDB prints join expressions (`L.A`). */
  qualified(e: Expression, clause: string): Expression {
    return rewrite(e, (x) => {
      if (x.kind !== 'ColumnRef') return undefined;
      const t = this.resolve(x, clause);
      return t.side < 0
        ? { kind: 'ColumnRef', name: t.name }
        : { kind: 'ColumnRef', source: this.sources[t.side]!.alias, name: t.name };
    });
  }

  /** Rewrites to one source's own column names (the side's key expression, before the join). */
  onSide(e: Expression, side: number, clause: string): Expression {
    return rewrite(e, (x) => {
      if (x.kind !== 'ColumnRef') return undefined;
      const t = this.resolve(x, clause);
      if (t.side !== side) throw new PlanError(`${clause} expression reads more than one source`);
      return { kind: 'ColumnRef', name: t.name };
    });
  }
}
