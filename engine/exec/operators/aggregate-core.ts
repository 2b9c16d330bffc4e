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
const NO_ARGS: Value[] = [];

export class AggregateCore {
  constructor(readonly o: CoreOptions) {}

  /** The grouping key of a row, or undefined when any part is null (ksqlDB drops those rows). */
  groupKey(row: Value[]): { key: Value[]; id: string } | undefined {
    const key: Value[] = [];
    let id = '';
    for (const g of this.o.groupBy) {
      const v = g(row);
      if (v === null) return undefined;
      key.push(v);
      id += valueKey(v) + '\u0001';
    }
    return { key, id };
  }

  newGroup(key: Value[], ts: number): Group {
    return { key, accs: this.o.aggs.map((a) => a.impl.init()), ts, passed: false };
  }

  add(g: Group, row: Value[]): void {
    const seq = seqCounter++;
    const aggs = this.o.aggs;
    for (let i = 0; i < aggs.length; i++) {
      const a = aggs[i]!;
      const args = a.args.length === 0 ? NO_ARGS : a.args.length === 1 ? [a.args[0]!(row)] : a.args.map((f) => f(row));
      g.accs[i] = a.impl.add(g.accs[i], args, seq);
    }
  }

  undo(g: Group, row: Value[]): void {
    this.o.aggs.forEach((a, i) => (g.accs[i] = a.impl.undo!(g.accs[i], a.args.map((f) => f(row)))));
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
