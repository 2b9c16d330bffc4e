// Shared parts of the aggregation operators: evaluating the grouping key and aggregate
// arguments, folding rows into accumulators, and emitting results through HAVING (a key that
// stops passing emits a tombstone; one that never passed emits nothing).
import type { AggImpl } from '../aggregates/aggregate.js';
import { valueKey, type Value } from '../values.js';
import type { Change, Operator, Win } from './operator.js';

export type RowEval = (row: Value[]) => Value;

export interface AggSpec {
  impl: AggImpl;
  args: RowEval[];
}

export interface Group {
  key: Value[];
  accs: unknown[];
  ts: number;
  /** Whether the last emitted row passed HAVING (so a later failure must delete it). */
  passed: boolean;
}

export interface CoreOptions {
  groupBy: RowEval[];
  aggs: AggSpec[];
  /** Evaluated on the output layout [keys..., aggregates..., WINDOWSTART, WINDOWEND]. */
  having?: RowEval;
  next: Operator;
}

let seqCounter = 0;

export class AggregateCore {
  /** One reusable argument array per aggregate: no implementation keeps the array it is given
   *  (they keep its elements), so the per-row allocation can go. */
  private readonly scratch: Value[][];

  constructor(readonly o: CoreOptions) {
    this.scratch = o.aggs.map((a) => new Array<Value>(a.args.length).fill(null));
  }

  /** The grouping key of a row, or undefined when any part is null (ksqlDB drops those rows).
   *  The id is only compared with other ids of the same operator. */
  groupKey(row: Value[]): { key: Value[]; id: string } | undefined {
    const groupBy = this.o.groupBy;
    if (groupBy.length === 1) {
      const v = groupBy[0]!(row);
      return v === null ? undefined : { key: [v], id: valueKey(v) };
    }
    const key: Value[] = [];
    let id = '';
    for (let i = 0; i < groupBy.length; i++) {
      const v = groupBy[i]!(row);
      if (v === null) return undefined;
      key.push(v);
      id += valueKey(v) + '\u0001';
    }
    return { key, id };
  }

  /** The aggregate's argument values for a row, in its scratch array. */
  private args(i: number, row: Value[]): Value[] {
    const fs = this.o.aggs[i]!.args;
    const out = this.scratch[i]!;
    for (let j = 0; j < fs.length; j++) out[j] = fs[j]!(row);
    return out;
  }

  newGroup(key: Value[], ts: number): Group {
    return { key, accs: this.o.aggs.map((a) => a.impl.init()), ts, passed: false };
  }

  add(g: Group, row: Value[]): void {
    const seq = seqCounter++;
    const aggs = this.o.aggs;
    for (let i = 0; i < aggs.length; i++) g.accs[i] = aggs[i]!.impl.add(g.accs[i], this.args(i, row), seq);
  }

  undo(g: Group, row: Value[]): void {
    const aggs = this.o.aggs;
    for (let i = 0; i < aggs.length; i++) g.accs[i] = aggs[i]!.impl.undo!(g.accs[i], this.args(i, row));
  }

  merge(a: Group, b: Group): Group {
    return { key: a.key, accs: this.o.aggs.map((s, i) => s.impl.merge(a.accs[i], b.accs[i])), ts: Math.max(a.ts, b.ts), passed: a.passed || b.passed };
  }

  output(g: Group, w: Win | undefined): Value[] {
    const row: Value[] = g.key.slice();
    const aggs = this.o.aggs;
    for (let i = 0; i < aggs.length; i++) row.push(aggs[i]!.impl.result(g.accs[i]));
    row.push(w ? w.start : null, w ? w.end : null);
    return row;
  }

  /** Sends the group's current result downstream, applying HAVING. */
  emit(g: Group, w: Win | undefined): void {
    const row = this.output(g, w);
    const base: Change = { row, ts: g.ts };
    if (w) base.window = w;
    if (!this.o.having || this.o.having(row) === true) {
      g.passed = true;
      this.o.next.process(base);
    } else if (g.passed) {
      g.passed = false;
      this.o.next.process({ ...base, tombstone: true });
    }
  }

  emitTombstone(g: Group, w: Win | undefined, ts: number): void {
    this.o.next.process({ row: this.output(g, w), ts, tombstone: true, ...(w ? { window: w } : {}) });
  }
}
