// Table functions (EXPLODE, CUBE_EXPLODE): one input row becomes as many rows as the longest
// result of its table function calls, each call's value appended to the row (null once a shorter
// result has run out). A call that fails drops the input row, reported as a skipped record.
import type { Value } from '../../types/values.js';
import type { Change, Operator, SkipReporter } from './operator.js';

export interface TableCall {
  text: string;
  args: Array<(row: Value[]) => Value>;
  call(args: Value[]): Value[] | null;
}

export class FlatMapOperator implements Operator {
  constructor(
    private readonly calls: TableCall[],
    /** Where the first call's value goes in the output row (the input row's width). */
    private readonly at: number,
    private readonly next: Operator,
    private readonly skip: SkipReporter,
  ) {}

  explain(): string {
    return `FlatMap ${this.calls.map((c) => c.text).join(', ')}`;
  }

  process(c: Change): void {
    if (c.tombstone) return;
    const results: Value[][] = [];
    let rows = 0;
    for (const call of this.calls) {
      let r: Value[] | null;
      try {
        r = call.call(call.args.map((a) => a(c.row)));
      } catch (err) {
        this.skip(`${call.text}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      const values = r ?? [];
      results.push(values);
      if (values.length > rows) rows = values.length;
    }
    for (let i = 0; i < rows; i++) {
      const row = c.row.slice();
      row.length = Math.max(row.length, this.at);
      for (let j = 0; j < results.length; j++) row[this.at + j] = results[j]![i] ?? null;
      const out: Change = { row, ts: c.ts };
      if (c.window) out.window = c.window;
      if (c.nullKey) out.nullKey = true;
      this.next.process(out);
    }
  }
}
