// SELECT without aggregation: computes the output row (key columns first, then values) from
// the input row; tombstones keep only the key columns.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';
import { evaluateAll } from '../expression/specialize.js';

export class ProjectOperator implements Operator {
  /** Every output column at once, each expression called from a call site of its own. */
  private readonly evaluate: (row: Value[], out: Value[]) => void;

  constructor(
    private readonly exprs: Array<(row: Value[]) => Value>,
    private readonly keyCount: number,
    private readonly names: string[],
    private readonly next: Operator,
  ) {
    this.evaluate = evaluateAll(exprs) as (row: Value[], out: Value[]) => void;
  }

  explain(): string {
    return `Project ${this.names.join(', ')}`;
  }

  process(c: Change): void {
    const n = this.exprs.length;
    const out = new Array<Value>(n);
    if (c.tombstone) {
      for (let i = 0; i < n; i++) out[i] = i < this.keyCount ? this.exprs[i]!(c.row) : null;
    } else {
      this.evaluate(c.row, out);
    }
    const next: Change = { row: out, ts: c.ts };
    if (c.window) next.window = c.window;
    if (c.tombstone) next.tombstone = true;
    if (c.nullKey) next.nullKey = true;
    this.next.process(next);
  }
}
