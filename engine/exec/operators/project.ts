// SELECT without aggregation: computes the output row (key columns first, then values) from
// the input row; tombstones keep only the key columns.
import type { Value } from '../values.js';
import type { Change, Operator } from './operator.js';

export class ProjectOperator implements Operator {
  constructor(
    private readonly exprs: Array<(row: Value[]) => Value>,
    private readonly keyCount: number,
    private readonly names: string[],
    private readonly next: Operator,
  ) {}

  explain(): string {
    return `Project ${this.names.join(', ')}`;
  }

  process(c: Change): void {
    const n = this.exprs.length;
    const out = new Array<Value>(n);
    if (c.tombstone) {
      for (let i = 0; i < n; i++) out[i] = i < this.keyCount ? this.exprs[i]!(c.row) : null;
    } else {
      for (let i = 0; i < n; i++) out[i] = this.exprs[i]!(c.row);
    }
    const next: Change = { row: out, ts: c.ts };
    if (c.window) next.window = c.window;
    if (c.tombstone) next.tombstone = true;
    if (c.nullKey) next.nullKey = true;
    this.next.process(next);
  }
}
