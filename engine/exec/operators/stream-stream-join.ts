// Stream-stream join (INNER, LEFT, RIGHT, FULL OUTER) WITHIN (before, after), as Kafka Streams'
// KStream-KStream join without a grace period (ksqlDB's JoinWindows.of): each side keeps its
// rows for 24 hours of stream time; a left row at t joins right rows of the same key in
// [t - before, t + after] (a right row the mirror window), in time order, each result at the
// later of the two times. An outer side's row without a match is emitted at once with nulls.
// Rows with a null key or value are dropped.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';
import { joinedRow, keyId } from './join-row.js';

const RETENTION_MS = 24 * 60 * 60 * 1000;

interface Held {
  ts: number;
  row: Value[];
}

class SideStore {
  private readonly rows = new Map<string, Held[]>();
  private streamTime = -Infinity;

  put(id: string, h: Held): void {
    this.streamTime = Math.max(this.streamTime, h.ts);
    if (h.ts < this.streamTime - RETENTION_MS) return;
    const list = this.rows.get(id);
    if (!list) this.rows.set(id, [h]);
    else {
      // time order, equal times in arrival order; expired rows leave
      let i = list.length;
      while (i > 0 && list[i - 1]!.ts > h.ts) i--;
      list.splice(i, 0, h);
      const cut = this.streamTime - RETENTION_MS;
      while (list.length > 0 && list[0]!.ts < cut) list.shift();
    }
  }

  fetch(id: string, from: number, to: number): Held[] {
    const cut = this.streamTime - RETENTION_MS;
    return (this.rows.get(id) ?? []).filter((h) => h.ts >= from && h.ts <= to && h.ts >= cut);
  }
}

export class StreamStreamJoinOperator implements Operator {
  private readonly left = new SideStore();
  private readonly right = new SideStore();

  constructor(
    private readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL',
    private readonly beforeMs: number,
    private readonly afterMs: number,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly next: Operator,
  ) {}

  explain(): string {
    return `StreamStreamJoin ${this.type} WITHIN before=${this.beforeMs}ms after=${this.afterMs}ms`;
  }

  process(c: Change): void {
    this.next.process(c);
  }

  onLeft(c: Change, key: Value): void {
    if (c.tombstone || key === null) return;
    const id = keyId(key);
    this.left.put(id, { ts: c.ts, row: c.row });
    const matches = this.right.fetch(id, Math.max(0, c.ts - this.beforeMs), Math.max(0, c.ts + this.afterMs));
    for (const m of matches) this.emit(key, c.row, m.row, Math.max(c.ts, m.ts));
    if (matches.length === 0 && (this.type === 'LEFT' || this.type === 'FULL')) this.emit(key, c.row, null, c.ts);
  }

  onRight(c: Change, key: Value): void {
    if (c.tombstone || key === null) return;
    const id = keyId(key);
    this.right.put(id, { ts: c.ts, row: c.row });
    const matches = this.left.fetch(id, Math.max(0, c.ts - this.afterMs), Math.max(0, c.ts + this.beforeMs));
    for (const m of matches) this.emit(key, m.row, c.row, Math.max(c.ts, m.ts));
    if (matches.length === 0 && (this.type === 'RIGHT' || this.type === 'FULL')) this.emit(key, null, c.row, c.ts);
  }

  private emit(key: Value, l: Value[] | null, r: Value[] | null, ts: number): void {
    this.next.process({ row: joinedRow(key, l, this.leftWidth, r, this.rightWidth, ts), ts });
  }
}
