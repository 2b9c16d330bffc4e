// Stream-stream join (INNER, LEFT, RIGHT, FULL OUTER) WITHIN (before, after), as Kafka Streams'
// KStream-KStream join. Each side keeps its rows in a window store for before + after + grace
// (grace 24 h when none is written, ksqlDB's JoinWindows.of); a store shows only rows newer than
// its own latest time minus that retention. A left row at t joins right rows of its key in
// [t - before, t + after] (a right row the mirror window), in time order, each result at the later
// of the two times. An outer side's row without a match:
// - without GRACE PERIOD, is emitted at once with nulls;
// - with GRACE PERIOD, waits until the join's stream time passes its window's close (t + after +
//   grace for a left row, t + before + grace for a right one), unless a match arrives first; a
//   row whose window already ended (t + after, resp. t + before, before stream time) is emitted at
//   once. Waiting rows are emitted in time order, right before left at equal times, whenever a row
//   arrives at the stream time's front. (Kafka Streams throttles that emission by wall-clock
//   time; records here carry no wall clock, so it runs at every such row.)
// Rows with a null key or value are dropped. Windowed sources join on key and window alike.
// On Kafka the two window stores and the waiting rows are backed by changelogs (attachStores):
// each stored row's entry is named by the source record that put it, so a record delivered again
// after a restart (its effect already in the changelog) is not joined twice.
import { valueKey, type Value } from '../../types/values.js';
import type { Change, EntryLog, Operator, Win } from './operator.js';
import { joinedRow, keyId } from './join-row.js';
import { decodeState, encodeState } from '../aggregates/state-codec.js';

const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;

interface Held {
  ts: number;
  row: Value[];
  window?: Win;
  /** With a changelog: the row's entry in it. */
  entry?: string;
}

/** A stored row as its changelog holds it. */
interface StoredRow {
  i: string;
  t: number;
  r: unknown;
  w?: [number, number];
}

const windowed = (key: Value, w: Win | undefined): string => (w ? `${keyId(key)}@${w.start}:${w.end}` : keyId(key));

class WindowStore {
  private readonly rows = new Map<string, Held[]>();
  observed = -Infinity;
  log: EntryLog | undefined;
  /** With a changelog: the entries held (a record delivered again finds its own). */
  readonly entries = new Set<string>();

  constructor(private readonly retentionMs: number) {}

  put(id: string, h: Held): void {
    this.observed = Math.max(this.observed, h.ts);
    if (h.ts <= this.observed - this.retentionMs) return;
    if (h.entry !== undefined) {
      const stored: StoredRow = { i: id, t: h.ts, r: encodeState(h.row) };
      if (h.window) stored.w = [h.window.start, h.window.end];
      this.entries.add(h.entry);
      this.log?.put(h.entry, () => stored);
    }
    const list = this.rows.get(id);
    if (!list) {
      this.rows.set(id, [h]);
      return;
    }
    // time order, equal times in arrival order; expired rows leave
    let i = list.length;
    while (i > 0 && list[i - 1]!.ts > h.ts) i--;
    list.splice(i, 0, h);
    while (list.length > 0 && list[0]!.ts <= this.observed - this.retentionMs) this.expire(list.shift()!);
  }

  private expire(h: Held): void {
    if (h.entry === undefined) return;
    this.entries.delete(h.entry);
    this.log?.put(h.entry, null);
  }

  /** Rebuilds the store from its changelog's entries (expired ones left out), in time order. */
  restore(data: Map<string, unknown>): void {
    const held = [...data].map(([entry, v]) => {
      const j = v as StoredRow;
      const h: Held = { ts: j.t, row: decodeState(j.r) as Value[], entry };
      if (j.w) h.window = { start: j.w[0], end: j.w[1] };
      return { id: j.i, h };
    });
    held.sort((a, b) => a.h.ts - b.h.ts);
    for (const { h } of held) this.observed = Math.max(this.observed, h.ts);
    for (const { id, h } of held) {
      if (h.ts <= this.observed - this.retentionMs) {
        this.log?.put(h.entry!, null);
        continue;
      }
      this.entries.add(h.entry!);
      const list = this.rows.get(id);
      if (list) list.push(h);
      else this.rows.set(id, [h]);
    }
  }

  fetch(id: string, from: number, to: number): Held[] {
    const live = this.observed - this.retentionMs;
    return (this.rows.get(id) ?? []).filter((h) => h.ts >= from && h.ts <= to && h.ts > live);
  }
}

/** A row waiting for its window to close (outer joins with a grace period). */
interface Waiting {
  ts: number;
  left: boolean;
  key: Value;
  row: Value[];
  window?: Win;
}

/** The changelogs of a stream-stream join's stores. */
export interface StreamJoinStores {
  left: EntryLog;
  right: EntryLog;
  /** The outer rows waiting for their window to close (only with a grace period). */
  waiting?: EntryLog;
  /** The source record being processed, as `topic:partition:offset`; undefined without one. */
  position: () => string | undefined;
}

function compareKeys(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = valueKey(a);
  const y = valueKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export class StreamStreamJoinOperator implements Operator {
  private readonly left: WindowStore;
  private readonly right: WindowStore;
  private readonly graceMs: number;
  /** Unmatched outer rows waiting for their window to close, by (time, side, key). */
  private readonly waiting: Map<string, Waiting> | undefined;
  private streamTime = -1;
  private minWaiting = Infinity;
  private stores: StreamJoinStores | undefined;
  /** The record the last entry was named after, and how many entries it has named. */
  private lastPos: string | undefined;
  private posSeq = 0;

  constructor(
    private readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL',
    private readonly beforeMs: number,
    private readonly afterMs: number,
    graceMs: number | undefined,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly next: Operator,
  ) {
    this.graceMs = graceMs ?? DEFAULT_GRACE_MS;
    const retention = beforeMs + afterMs + this.graceMs;
    this.left = new WindowStore(retention);
    this.right = new WindowStore(retention);
    this.waiting = graceMs !== undefined && type !== 'INNER' ? new Map() : undefined;
  }

  /** Whether the outer rows without a match wait for their window to close (a grace period). */
  get holdsWaiting(): boolean {
    return this.waiting !== undefined;
  }

  attachStores(s: StreamJoinStores): void {
    this.stores = s;
    this.left.log = s.left;
    this.right.log = s.right;
  }

  /** Rebuilds the window stores and the waiting rows from their changelogs' entries. */
  restore(left: Map<string, unknown>, right: Map<string, unknown>, waiting: Map<string, unknown>): void {
    this.left.restore(left);
    this.right.restore(right);
    this.streamTime = Math.max(this.streamTime, this.left.observed, this.right.observed);
    if (!this.waiting) return;
    for (const [entry, v] of waiting) {
      const w = decodeState(v) as Waiting & { window?: Win };
      this.waiting.set(entry, w);
      this.minWaiting = Math.min(this.minWaiting, w.ts);
    }
  }

  /** The entry name of the next row the current record stores (undefined without a changelog). */
  private entryName(id: string, ts: number): string | undefined {
    const pos = this.stores?.position();
    if (pos === undefined) return undefined;
    if (pos !== this.lastPos) {
      this.lastPos = pos;
      this.posSeq = 0;
    }
    return `${id}\u0002${ts}\u0002${pos}#${this.posSeq++}`;
  }

  private putWaiting(at: string, w: Waiting): void {
    this.waiting!.set(at, w);
    this.stores?.waiting?.put(at, () => encodeState(w));
  }

  private dropWaiting(at: string): void {
    if (this.waiting?.delete(at)) this.stores?.waiting?.put(at, null);
  }

  explain(): string {
    const g = this.waiting || this.graceMs !== DEFAULT_GRACE_MS ? ` grace=${this.graceMs}ms` : '';
    return `StreamStreamJoin ${this.type} WITHIN before=${this.beforeMs}ms after=${this.afterMs}ms${g}`;
  }

  process(c: Change): void {
    this.next.process(c);
  }

  onLeft(c: Change, key: Value): void {
    this.side(c, key, true);
  }

  onRight(c: Change, key: Value): void {
    this.side(c, key, false);
  }

  private side(c: Change, key: Value, isLeft: boolean): void {
    if (c.tombstone || key === null) return;
    const id = windowed(key, c.window);
    const ts = c.ts;
    // this side's window: a right row looks the mirror way
    const before = isLeft ? this.beforeMs : this.afterMs;
    const after = isLeft ? this.afterMs : this.beforeMs;
    const store = isLeft ? this.left : this.right;
    const entry = this.entryName(id, ts);
    // delivered again after a restart: its row is stored and its results were written
    if (entry !== undefined && store.entries.has(entry)) return;
    const h: Held = c.window ? { ts, row: c.row, window: c.window } : { ts, row: c.row };
    if (entry !== undefined) h.entry = entry;
    store.put(id, h);
    this.streamTime = Math.max(this.streamTime, ts);
    if (this.waiting && ts === this.streamTime) this.emitClosed(after);
    const matches = (isLeft ? this.right : this.left).fetch(id, Math.max(0, ts - before), Math.max(0, ts + after));
    for (const m of matches) {
      this.dropWaiting(`${m.ts}|${isLeft ? 'R' : 'L'}|${id}`);
      if (isLeft) this.emit(key, c.row, m.row, Math.max(ts, m.ts), c.window);
      else this.emit(key, m.row, c.row, Math.max(ts, m.ts), c.window);
    }
    const outer = this.type === 'FULL' || this.type === (isLeft ? 'LEFT' : 'RIGHT');
    if (matches.length > 0 || !outer) return;
    const timeTo = Math.max(0, ts + after);
    if (!this.waiting || timeTo < this.streamTime) {
      if (isLeft) this.emit(key, c.row, null, ts, c.window);
      else this.emit(key, null, c.row, ts, c.window);
      return;
    }
    const held: Waiting = { ts, left: isLeft, key, row: c.row };
    if (c.window) held.window = c.window;
    this.putWaiting(`${ts}|${isLeft ? 'L' : 'R'}|${id}`, held);
    this.minWaiting = Math.min(this.minWaiting, ts);
  }

  /** Emits the waiting rows whose window has closed, oldest first (`after`: this side's). */
  private emitClosed(after: number): void {
    const w = this.waiting!;
    if (this.minWaiting + after + this.graceMs >= this.streamTime) return;
    const order = [...w.values()].sort(
      (a, b) => a.ts - b.ts || (a.left === b.left ? 0 : a.left ? 1 : -1) || compareKeys(a.key, b.key),
    );
    this.minWaiting = Infinity;
    for (const x of order) {
      this.minWaiting = x.ts;
      const lookBack = x.left ? this.afterMs : this.beforeMs;
      if (this.streamTime < x.ts + lookBack + this.graceMs) break;
      this.dropWaiting(`${x.ts}|${x.left ? 'L' : 'R'}|${windowed(x.key, x.window)}`);
      if (x.left) this.emit(x.key, x.row, null, x.ts, x.window);
      else this.emit(x.key, null, x.row, x.ts, x.window);
    }
  }

  private emit(key: Value, l: Value[] | null, r: Value[] | null, ts: number, window: Win | undefined): void {
    const c: Change = { row: joinedRow(key, l, this.leftWidth, r, this.rightWidth, ts), ts };
    if (window) c.window = window;
    this.next.process(c);
  }
}
