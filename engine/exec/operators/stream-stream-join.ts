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
import { valueKey, type Value } from '../../types/values.js';
import type { Change, Operator, Win } from './operator.js';
import { joinedRow, keyId } from './join-row.js';

const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;

interface Held {
  ts: number;
  row: Value[];
  window?: Win;
}

const windowed = (key: Value, w: Win | undefined): string => (w ? `${keyId(key)}@${w.start}:${w.end}` : keyId(key));

class WindowStore {
  private readonly rows = new Map<string, Held[]>();
  private observed = -Infinity;

  constructor(private readonly retentionMs: number) {}

  put(id: string, h: Held): void {
    this.observed = Math.max(this.observed, h.ts);
    if (h.ts <= this.observed - this.retentionMs) return;
    const list = this.rows.get(id);
    if (!list) {
      this.rows.set(id, [h]);
      return;
    }
    // time order, equal times in arrival order; expired rows leave
    let i = list.length;
    while (i > 0 && list[i - 1]!.ts > h.ts) i--;
    list.splice(i, 0, h);
    while (list.length > 0 && list[0]!.ts <= this.observed - this.retentionMs) list.shift();
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
    (isLeft ? this.left : this.right).put(id, c.window ? { ts, row: c.row, window: c.window } : { ts, row: c.row });
    this.streamTime = Math.max(this.streamTime, ts);
    if (this.waiting && ts === this.streamTime) this.emitClosed(after);
    const matches = (isLeft ? this.right : this.left).fetch(id, Math.max(0, ts - before), Math.max(0, ts + after));
    for (const m of matches) {
      this.waiting?.delete(`${m.ts}|${isLeft ? 'R' : 'L'}|${id}`);
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
    this.waiting.set(`${ts}|${isLeft ? 'L' : 'R'}|${id}`, held);
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
      w.delete(`${x.ts}|${x.left ? 'L' : 'R'}|${windowed(x.key, x.window)}`);
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
