// Foreign-key table-table join (INNER, LEFT), as Kafka Streams' KTable-KTable foreign-key join:
// the result is keyed by the left table's primary key (the left row's first `keyCount` columns). A left row
// subscribes to the right row its foreign key names; a right change is joined to every left row
// subscribed to it, in the order of their serialized keys (the subscription store's order).
// INNER: a left row without a right one emits a delete when its foreign key changed (or it was
// deleted), nothing when it is new or kept its foreign key; LEFT emits the left row with nulls.
// Results take the later of the two rows' times.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';
import { joinedRow, keyId, type RestorableJoin } from './join-row.js';

interface Left {
  ts: number;
  row: Value[];
  fk: string | null;
  keyBytes: Buffer;
}

interface Right {
  ts: number;
  row: Value[];
}

export class ForeignKeyJoinOperator implements Operator, RestorableJoin {
  private readonly left = new Map<string, Left>();
  private readonly right = new Map<string, Right>();
  private readonly subscribers = new Map<string, Set<string>>();
  /** The last joined row emitted per left key: a WHERE after the join needs the previous result. */
  private readonly emitted = new Map<string, Value[]>();

  constructor(
    private readonly outer: boolean,
    private readonly keyCount: number,
    private readonly leftWidth: number,
    private readonly rightWidth: number,
    /** The left key as the left table's key serde writes it (orders the subscribers). */
    private readonly keyBytes: (keys: Value[]) => Buffer,
    private readonly next: Operator,
  ) {}

  explain(): string {
    return `ForeignKeyJoin ${this.outer ? 'LEFT' : 'INNER'}`;
  }

  process(c: Change): void {
    this.next.process(c);
  }

  restoreSide(isLeft: boolean, row: Value[], key: Value, ts: number): void {
    if (!isLeft) {
      if (key !== null) this.right.set(keyId(key), { ts, row });
      return;
    }
    const keys = row.slice(0, this.keyCount);
    if (keys.some((k) => k === null || k === undefined)) return;
    const id = keys.map(keyId).join('\u0001');
    const fk = key === null ? null : keyId(key);
    this.left.set(id, { ts, row, fk, keyBytes: this.keyBytes(keys) });
    if (fk !== null) {
      let subs = this.subscribers.get(fk);
      if (!subs) this.subscribers.set(fk, (subs = new Set()));
      subs.add(id);
    }
  }

  /** The joined rows the restored sides imply (what the join last emitted), by left key. */
  finishRestore(): Value[][] {
    this.emitted.clear();
    for (const [id, l] of this.left) {
      const r = l.fk === null ? undefined : this.right.get(l.fk);
      if (!r && !this.outer) continue;
      const pk = l.row[0] ?? null;
      const ts = r ? Math.max(l.ts, r.ts) : l.ts;
      this.emitted.set(id, joinedRow(pk, l.row, this.leftWidth, r?.row ?? null, this.rightWidth, ts));
    }
    return [...this.emitted.values()];
  }

  onLeft(c: Change, fkValue: Value): void {
    const src = c.tombstone ? (c.old ?? c.row) : c.row;
    const keys = src.slice(0, this.keyCount);
    if (keys.some((k) => k === null || k === undefined)) return;
    const pk = keys[0]!;
    const id = keys.map(keyId).join('\u0001');
    const before = this.left.get(id);
    if (before?.fk != null) this.subscribers.get(before.fk)?.delete(id);
    if (c.tombstone) {
      if (!before) return;
      this.left.delete(id);
      // a delete keeps the left row: its key columns name the deleted key
      this.emit(pk, before.row, null, c.ts, true);
      return;
    }
    const fk = fkValue === null ? null : keyId(fkValue);
    this.left.set(id, { ts: c.ts, row: c.row, fk, keyBytes: this.keyBytes(keys) });
    if (fk !== null) {
      let subs = this.subscribers.get(fk);
      if (!subs) this.subscribers.set(fk, (subs = new Set()));
      subs.add(id);
    }
    const r = fk === null ? undefined : this.right.get(fk);
    if (r) return this.emit(pk, c.row, r.row, Math.max(c.ts, r.ts), false);
    if (this.outer) return this.emit(pk, c.row, null, c.ts, false);
    // inner without a match: a delete only when the foreign key changed
    if (before && before.fk !== fk) this.emit(pk, c.row, null, c.ts, true);
  }

  onRight(c: Change, key: Value): void {
    if (key === null) return;
    const fk = keyId(key);
    if (c.tombstone) this.right.delete(fk);
    else this.right.set(fk, { ts: c.ts, row: c.row });
    const subs = [...(this.subscribers.get(fk) ?? [])]
      .map((id) => this.left.get(id)!)
      .sort((a, b) => Buffer.compare(a.keyBytes, b.keyBytes));
    for (const l of subs) {
      const pk = l.row[0] ?? null;
      const ts = Math.max(c.ts, l.ts);
      if (!c.tombstone) this.emit(pk, l.row, c.row, ts, false);
      else if (this.outer) this.emit(pk, l.row, null, ts, false);
      else this.emit(pk, l.row, null, ts, true);
    }
  }

  private emit(key: Value, l: Value[] | null, r: Value[] | null, ts: number, tombstone: boolean): void {
    const row = joinedRow(key, l, this.leftWidth, r, this.rightWidth, ts);
    const id = row
      .slice(1, 1 + this.keyCount)
      .map(keyId)
      .join('\u0001');
    const old = this.emitted.get(id) ?? null;
    if (tombstone) this.emitted.delete(id);
    else this.emitted.set(id, row);
    this.next.process(tombstone ? { row, ts, tombstone: true, old } : { row, ts, old });
  }
}
