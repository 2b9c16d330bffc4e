// Primary-key table-table join (INNER, LEFT, RIGHT, FULL OUTER), as Kafka Streams' KTable-KTable
// joins: a change on either side looks up the other side's current row and emits the new
// joined row, or a delete when the result no longer exists, at the later of the two rows' times.
// INNER emits only when the other side exists; LEFT emits every left change and right changes
// of keys the left holds (RIGHT the mirror); FULL emits every change.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';
import { joinedRow, keyId, type RestorableJoin } from './join-row.js';

interface Held {
  ts: number;
  row: Value[];
  key: Value;
}

export class TableTableJoinOperator implements Operator, RestorableJoin {
  private readonly left = new Map<string, Held>();
  private readonly right = new Map<string, Held>();
  /** The last joined row emitted per key: a WHERE after the join needs the previous result. */
  private readonly emitted = new Map<string, Value[]>();

  constructor(
    private readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL',
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    private readonly next: Operator,
  ) {}

  explain(): string {
    return `TableTableJoin ${this.type}`;
  }

  process(c: Change): void {
    this.next.process(c);
  }

  restoreSide(isLeft: boolean, row: Value[], key: Value, ts: number): void {
    if (key !== null) (isLeft ? this.left : this.right).set(keyId(key), { ts, row, key });
  }

  /** The joined rows both sides' restored state implies (what the join last emitted). */
  finishRestore(): Value[][] {
    this.emitted.clear();
    for (const id of new Set([...this.left.keys(), ...this.right.keys()])) {
      const l = this.left.get(id);
      const r = this.right.get(id);
      const exists =
        this.type === 'FULL' ||
        (l !== undefined && r !== undefined) ||
        (this.type === 'LEFT' && l !== undefined) ||
        (this.type === 'RIGHT' && r !== undefined);
      if (!exists) continue;
      const ts = Math.max(l?.ts ?? -Infinity, r?.ts ?? -Infinity);
      const key = (l ?? r)!.key;
      this.emitted.set(id, joinedRow(key, l?.row ?? null, this.leftWidth, r?.row ?? null, this.rightWidth, ts));
    }
    return [...this.emitted.values()];
  }

  onLeft(c: Change, key: Value): void {
    this.change(c, key, true);
  }

  onRight(c: Change, key: Value): void {
    this.change(c, key, false);
  }

  private change(c: Change, key: Value, isLeft: boolean): void {
    if (key === null) return;
    const id = keyId(key);
    const mine = isLeft ? this.left : this.right;
    const other = (isLeft ? this.right : this.left).get(id);
    if (c.tombstone) mine.delete(id);
    else mine.set(id, { ts: c.ts, row: c.row, key });
    // which side must exist for a change here to produce output
    const keepsMine = this.type === 'FULL' || this.type === (isLeft ? 'LEFT' : 'RIGHT');
    const keepsOther = this.type === 'FULL' || this.type === (isLeft ? 'RIGHT' : 'LEFT');
    if (!other && !keepsMine) return;
    const self = c.tombstone ? null : c.row;
    const ts = other ? Math.max(c.ts, other.ts) : c.ts;
    const exists = self !== null ? !!other || keepsMine : !!other && keepsOther;
    const old = this.emitted.get(id) ?? null;
    if (!exists) {
      this.emitted.delete(id);
      const row = joinedRow(key, null, this.leftWidth, null, this.rightWidth, ts);
      this.next.process({ row, ts, tombstone: true, old });
      return;
    }
    const [l, r] = isLeft ? [self, other?.row ?? null] : [other?.row ?? null, self];
    const row = joinedRow(key, l, this.leftWidth, r, this.rightWidth, ts);
    this.emitted.set(id, row);
    this.next.process({ row, ts, old });
  }
}
