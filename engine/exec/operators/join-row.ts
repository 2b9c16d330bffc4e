// The joined row of a join operator: [key, left row, right row, ROWTIME, ROWPARTITION, ROWOFFSET],
// a missing side filled with nulls; the per-side input adapter that computes the join key; and
// the restore contract of a join whose state is rebuilt from its sides' stored rows (Kafka).
import { valueKey, type Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';

export function joinedRow(
  key: Value,
  left: Value[] | null,
  leftWidth: number,
  right: Value[] | null,
  rightWidth: number,
  ts: number,
): Value[] {
  const row = new Array<Value>(1 + leftWidth + rightWidth + 3);
  row[0] = key;
  for (let i = 0; i < leftWidth; i++) row[1 + i] = left ? (left[i] ?? null) : null;
  for (let i = 0; i < rightWidth; i++) row[1 + leftWidth + i] = right ? (right[i] ?? null) : null;
  const at = 1 + leftWidth + rightWidth;
  row[at] = ts;
  row[at + 1] = 0;
  row[at + 2] = 0;
  return row;
}

/** The state id of a join key; null keys never join. */
export const keyId = (v: Value): string => valueKey(v);

/** A change arriving on one side of a join, with its join key computed. */
export type SideHandler = (c: Change, key: Value) => void;

/** A row of a side's stored state given back on restore (a table row, or an inner join's result). */
export type RestoreHandler = (row: Value[], key: Value, ts: number) => void;

/** The event time of a source row or joined row (ROWTIME, third from the end; joins take no
 *  windowed table). */
export const rowTime = (row: Value[]): number => row[row.length - 3] as number;

/** A join whose state is rebuilt after a restart from the rows its sides hold (table sources'
 *  changelogs, an inner join's results) rather than from a store of its own. */
export interface RestorableJoin {
  /** Sets one side's state from a stored row, emitting nothing. */
  restoreSide(isLeft: boolean, row: Value[], key: Value, ts: number): void;
  /** After both sides: rebuilds what derives from them; returns the rows the join's output (a
   *  table) holds, for the join after it. */
  finishRestore(): Value[][];
}

/** Feeds one source's changes into a join: computes the side's join expression per row. */
export class JoinSideOperator implements Operator {
  constructor(
    private readonly side: string,
    private readonly keyOf: (row: Value[]) => Value,
    private readonly keyText: string,
    private readonly handler: SideHandler,
    private readonly restoreHandler?: RestoreHandler,
  ) {}

  /** Passes a stored row of this side to the join's state (restore), with its join key. */
  restore(row: Value[]): void {
    this.restoreHandler?.(row, this.keyOf(row), rowTime(row));
  }

  explain(): string {
    return `JoinSide ${this.side} BY ${this.keyText}`;
  }

  process(c: Change): void {
    // a null-value stream row only has its key columns
    // a table delete carries the deleted row as `old` (the key columns are in `row` too)
    const key = this.keyOf(c.tombstone ? (c.old ?? c.row) : c.row);
    this.handler(c, key);
  }
}
