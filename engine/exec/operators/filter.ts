// WHERE: passes rows whose predicate is true. On a table a row that stops passing becomes a
// tombstone (only if its previous version passed), so downstream state stays right.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';

export class FilterOperator implements Operator {
  constructor(
    private readonly predicate: (row: Value[]) => Value,
    private readonly text: string,
    private readonly next: Operator,
    private readonly isTable: boolean,
  ) {}

  explain(): string {
    return `Filter ${this.text}`;
  }

  process(c: Change): void {
    if (!this.isTable) {
      if (!c.tombstone && this.predicate(c.row) === true) this.next.process(c);
      return;
    }
    const oldPassed = !!c.old && this.predicate(c.old) === true;
    const old = oldPassed ? c.old : null;
    if (!c.tombstone && this.predicate(c.row) === true) return this.next.process({ ...c, old });
    if (oldPassed) this.next.process({ ...c, tombstone: true, old });
  }
}
