// Shared parts of the aggregation operators: evaluating the grouping key and aggregate
// arguments, folding rows into accumulators, and emitting results through HAVING (a key that
// stops passing emits a tombstone; one that never passed emits nothing). With a changelog (the
// Kafka driver) it also encodes entries, notes which source record each one last applied, and
// decodes them back on restore.
import type { AggImpl } from '../aggregates/aggregate.js';
import { decodeState, encodeState } from '../aggregates/state-codec.js';
import type { Value } from '../../types/values.js';
import type { Change, Operator, Win } from './operator.js';
import { keyIdOf, KeyIds } from './key-ids.js';

export type RowEval = (row: Value[]) => Value;

export interface AggSpec {
  impl: AggImpl;
  args: RowEval[];
  /** The output row's readers read this result at once and keep nothing of it: it is taken with
   *  `impl.peek` where the implementation has one (borrowed-results.ts). */
  borrowed?: boolean;
}

export interface Group {
  key: Value[];
  accs: unknown[];
  ts: number;
  /** Whether the last emitted row passed HAVING (so a later failure must delete it). */
  passed: boolean;
  /** With a changelog: the offset of the last source record applied, per source partition. */
  pos?: Record<number, number>;
  /** With a changelog: encodes this entry, made once per entry rather than once per record. */
  encoder?: () => unknown;
}

/** A source record's place (partition and offset). */
export interface Position {
  partition: number;
  offset: number;
}

/** Where a store's changes go when it is backed by a changelog topic (only the Kafka driver asks
 *  for one, so the in-memory driver does no per-record work for it). */
export interface StateLog {
  /** The source record being processed; undefined when it has no offset. */
  position(): Position | undefined;
  /** The entry's latest state, encoded when the batch's changes are written; null: deleted. */
  put(entryKey: string, state: (() => unknown) | null): void;
}

/** One store entry as read back from a changelog. */
export interface StoredGroup {
  group: Group;
  win?: Win;
  emitted?: boolean;
}

/** An aggregation operator whose state can be backed by a changelog and restored from it. */
export interface StatefulOperator extends Operator {
  attachStore(log: StateLog): void;
  /** Rebuilds the state from the changelog's latest entries (entry key → encoded state). */
  restore(entries: Map<string, unknown>): void;
}

export const isStateful = (o: Operator): o is StatefulOperator =>
  typeof (o as Partial<StatefulOperator>).attachStore === 'function';

interface Encoded {
  k: unknown;
  a: unknown[];
  t: number;
  h: boolean;
  p: Record<number, number>;
  q: number;
  w?: [number, number];
  e?: boolean;
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

  /** Set when the store is backed by a changelog. */
  store: StateLog | undefined;

  /** groupId's key values. */
  private readonly keyScratch: Value[];
  /** The ids of the keys seen (key-ids.ts). */
  private readonly ids: KeyIds;

  /** add's folding and output's results, compiled for this query's aggregates (see foldAll). */
  private readonly fold: (accs: unknown[], row: Value[], seq: number) => void;
  private readonly results: (accs: unknown[], out: Value[], at: number) => void;

  constructor(readonly o: CoreOptions) {
    this.scratch = o.aggs.map((a) => new Array<Value>(a.args.length).fill(null));
    this.keyScratch = new Array<Value>(o.groupBy.length).fill(null);
    this.ids = new KeyIds(o.groupBy.length);
    this.fold = foldAll(o.aggs, this.scratch);
    this.results = resultsAll(o.aggs);
  }

  /** The id groupKey gives a row with these key values. */
  keyId(key: Value[]): string {
    return keyIdOf(key);
  }

  /** With a changelog: true when the record being processed is already in g (redelivered after a
   *  restart: the changelog held its effect but the source offset was not committed yet). */
  applied(g: Group): boolean {
    const p = this.store?.position();
    return p !== undefined && (g.pos?.[p.partition] ?? -1) >= p.offset;
  }

  /** Notes the record being processed in g, once folded in (a record run again for a remote
   *  function's result threw before that, so it does not count as applied). */
  mark(g: Group): void {
    const p = this.store?.position();
    if (p) (g.pos ??= {})[p.partition] = p.offset;
  }

  /** Queues the entry's current state for the changelog (encoded at the batch end). */
  save(entryKey: string, g: Group, win?: Win, emitted?: () => boolean): void {
    this.store?.put(entryKey, (g.encoder ??= () => this.encode(g, win, emitted?.())));
  }

  drop(entryKey: string): void {
    this.store?.put(entryKey, null);
  }

  encode(g: Group, win?: Win, emitted?: boolean): Encoded {
    const aggs = this.o.aggs;
    const a = g.accs.map((s, i) => {
      const impl = aggs[i]!.impl;
      return impl.serialize ? impl.serialize(s) : encodeState(s);
    });
    const out: Encoded = { k: encodeState(g.key), a, t: g.ts, h: g.passed, p: g.pos ?? {}, q: seqCounter };
    if (win) out.w = [win.start, win.end];
    if (emitted) out.e = true;
    return out;
  }

  /** Reads an entry back; input order numbers (*_BY_OFFSET) continue after the restored ones. */
  decode(data: unknown): StoredGroup {
    const j = data as Encoded;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.a) || j.a.length !== this.o.aggs.length) {
      throw new TypeError(
        `changelog entry does not match the query's ${this.o.aggs.length} aggregates: ${JSON.stringify(data).slice(0, 120)}`,
      );
    }
    const accs = j.a.map((x, i) => {
      const impl = this.o.aggs[i]!.impl;
      return impl.deserialize ? impl.deserialize(x) : decodeState(x);
    });
    seqCounter = Math.max(seqCounter, j.q);
    const group: Group = { key: decodeState(j.k) as Value[], accs, ts: j.t, passed: j.h, pos: { ...j.p } };
    return { group, ...(j.w ? { win: { start: j.w[0], end: j.w[1] } } : {}), ...(j.e ? { emitted: true } : {}) };
  }

  /** The grouping key of a row, or undefined when any part is null (ksqlDB drops those rows).
   *  The id is only compared with other ids of the same operator. */
  groupKey(row: Value[]): { key: Value[]; id: string } | undefined {
    const groupBy = this.o.groupBy;
    const key = new Array<Value>(groupBy.length);
    for (let i = 0; i < groupBy.length; i++) {
      const v = groupBy[i]!(row);
      if (v === null) return undefined;
      key[i] = v;
    }
    return { key, id: this.ids.id(key) };
  }

  /** groupKey's id alone, the key values left in a scratch array for `takeKey` (a row of a group
   *  that exists needs no key array). */
  groupId(row: Value[]): string | undefined {
    const groupBy = this.o.groupBy;
    const key = this.keyScratch;
    for (let i = 0; i < groupBy.length; i++) {
      const v = groupBy[i]!(row);
      if (v === null) return undefined;
      key[i] = v;
    }
    return this.ids.id(key);
  }

  /** The key values of the last groupId: a new array, as groupKey's. */
  takeKey(): Value[] {
    return this.keyScratch.slice();
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
    this.fold(g.accs, row, seqCounter++);
  }

  undo(g: Group, row: Value[]): void {
    const aggs = this.o.aggs;
    for (let i = 0; i < aggs.length; i++) g.accs[i] = aggs[i]!.impl.undo!(g.accs[i], this.args(i, row));
  }

  merge(a: Group, b: Group): Group {
    const g: Group = {
      key: a.key,
      accs: this.o.aggs.map((s, i) => s.impl.merge(a.accs[i], b.accs[i])),
      ts: Math.max(a.ts, b.ts),
      passed: a.passed || b.passed,
    };
    if (a.pos || b.pos) g.pos = mergePositions(a.pos ?? {}, b.pos ?? {});
    return g;
  }

  output(g: Group, w: Win | undefined): Value[] {
    const key = g.key;
    const aggs = this.o.aggs;
    // the exact size at once, not grown by pushes
    const row = new Array<Value>(key.length + aggs.length + 2);
    for (let i = 0; i < key.length; i++) row[i] = key[i]!;
    let at = key.length;
    this.results(g.accs, row, at);
    at += aggs.length;
    row[at++] = w ? w.start : null;
    row[at] = w ? w.end : null;
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

function mergePositions(a: Record<number, number>, b: Record<number, number>): Record<number, number> {
  const out = { ...a };
  for (const [p, o] of Object.entries(b)) out[Number(p)] = Math.max(out[Number(p)] ?? -1, o);
  return out;
}

// One query's aggregates folded from call sites of their own: each `impl.add` and argument
// evaluator called in one shared loop sees every aggregate kind and expression of every query
// (megamorphic: nothing inlined); compiled per query, each call site sees one. Same calls, same
// order, same scratch arrays as the loop.
function foldAll(aggs: readonly AggSpec[], scratch: Value[][]): (accs: unknown[], row: Value[], seq: number) => void {
  const setup = aggs
    .map((a, i) =>
      [
        `const m${i} = A[${i}].impl, s${i} = S[${i}];`,
        ...a.args.map((_, j) => `const e${i}_${j} = A[${i}].args[${j}];`),
      ].join('\n'),
    )
    .join('\n');
  const body = aggs
    .map(
      (a, i) =>
        `${a.args.map((_, j) => `s${i}[${j}] = e${i}_${j}(row);`).join(' ')} accs[${i}] = m${i}.add(accs[${i}], s${i}, seq);`,
    )
    .join('\n');
  return new Function('A', 'S', `${setup}\nreturn function (accs, row, seq) {\n${body}\n};`)(aggs, scratch) as (
    accs: unknown[],
    row: Value[],
    seq: number,
  ) => void;
}

/** Each aggregate's result into `out` from `at`, from a call site of its own (see foldAll). */
function resultsAll(aggs: readonly AggSpec[]): (accs: unknown[], out: Value[], at: number) => void {
  const setup = aggs.map((_, i) => `const m${i} = A[${i}].impl;`).join('\n');
  const body = aggs
    .map((a, i) => `out[at + ${i}] = m${i}.${a.borrowed === true && a.impl.peek ? 'peek' : 'result'}(accs[${i}]);`)
    .join('\n');
  return new Function('A', `${setup}\nreturn function (accs, out, at) {\n${body}\n};`)(aggs) as (
    accs: unknown[],
    out: Value[],
    at: number,
  ) => void;
}
