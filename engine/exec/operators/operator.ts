// The operator contract: a push-based chain where each operator processes one change and passes
// results to the next. A change is a full row (keys first) with time, optional window, and for
// tables a tombstone flag and the previous row of that key.
import type { Value } from '../../types/values.js';

export interface Win {
  start: number;
  end: number;
}

export interface Change {
  row: Value[];
  ts: number;
  window?: Win;
  /** Table semantics: this key was deleted (row holds only the key columns). */
  tombstone?: boolean;
  /** Table semantics: the row this change replaces, when one existed. */
  old?: Value[] | null;
  /** The record had no key bytes; a query that keeps the key writes none either. */
  nullKey?: boolean;
}

export interface Operator {
  process(c: Change): void;
  /** One line describing this operator for EXPLAIN. */
  explain(): string;
}

/** Where an operator reports a record it had to skip, with the reason. */
export type SkipReporter = (reason: string) => void;

/** Where a store's entry changes go when it is backed by a changelog topic (the Kafka driver):
 *  the entry's latest state, encoded when the batch's changes are written; null: deleted. */
export interface EntryLog {
  put(entryKey: string, state: (() => unknown) | null): void;
}
