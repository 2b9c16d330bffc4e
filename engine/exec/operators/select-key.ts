// PARTITION BY: computes the new key from expressions and puts it in front of the old row, so
// the old key columns become ordinary (value) columns of the repartitioned stream.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';

export class SelectKeyOperator implements Operator {
  constructor(
    private readonly keys: Array<(row: Value[]) => Value>,
    /** Per key: true when it reads only key columns, so it can be computed for a null value. */
    private readonly fromKeyOnly: boolean[],
    private readonly text: string,
    private readonly next: Operator,
  ) {}

  explain(): string {
    return `Repartition BY ${this.text}`;
  }

  process(c: Change): void {
    // a null-value stream row only has its key: keys computed from value columns become null
    const row: Value[] = this.keys.map((k, i) => (c.tombstone && !this.fromKeyOnly[i] ? null : k(c.row)));
    for (const v of c.row) row.push(v);
    const { nullKey: _dropped, ...rest } = c;
    this.next.process({ ...rest, row });
  }
}
