// GROUP BY with a TUMBLING or HOPPING window: each row joins every window containing its event
// time, [start, start+size) aligned to the epoch; a window closed by grace (end <= stream time -
// grace) drops the row and logs it. Outputs carry the window's max input timestamp.
// With EMIT FINAL nothing is emitted per update: once stream time minus grace passes a window's
// end, the closed windows still retained (start > stream time - retention) are emitted once,
// as Kafka Streams' on-window-close strategy does. With a changelog every (window, key) entry is
// written on change and deleted when its window leaves the store; restore takes stream time
// from the entries (the window of the latest record is always still open).
import type { Change, SkipReporter, Win } from './operator.js';
import type { AggregateCore, Group, StatefulOperator, StateLog } from './aggregate-core.js';

export interface TimeWindowSpec {
  sizeMs: number;
  advanceMs: number;
  graceMs: number;
  /** EMIT FINAL: how long closed windows stay in the store (default size + grace). */
  final?: { retentionMs: number };
}

export function windowsFor(ts: number, w: TimeWindowSpec): Win[] {
  if (w.sizeMs === w.advanceMs) {
    const start = ts - (((ts % w.sizeMs) + w.sizeMs) % w.sizeMs);
    return start >= 0 ? [{ start, end: start + w.sizeMs }] : [];
  }
  const out: Win[] = [];
  let start = ts - (((ts % w.advanceMs) + w.advanceMs) % w.advanceMs);
  for (; start > ts - w.sizeMs; start -= w.advanceMs) if (start >= 0) out.push({ start, end: start + w.sizeMs });
  return out.reverse();
}

interface Slot {
  group: Group;
  win: Win;
  /** With a changelog: the entry's key there. */
  entryKey?: string;
}

export class WindowAggregateOperator implements StatefulOperator {
  /** Stored windows by start time, each with its groups by key id in insertion order (so no
   *  per-record "key@start" string is built). */
  private readonly windows = new Map<number, Map<string, Slot>>();
  private streamTime = -Infinity;
  private lastEmitClose: number | undefined;
  /** EMIT CHANGES: the earliest end of a stored window; once close time reaches it, windows that
   *  can no longer change are dropped (a late record for them is skipped anyway). */
  private earliestEnd = Infinity;
  /** The window the last record went to (most records go to the same one as the one before). */
  private lastStart = NaN;
  private lastWindow: Map<string, Slot> | undefined;

  constructor(
    private readonly core: AggregateCore,
    private readonly spec: TimeWindowSpec,
    private readonly skip: SkipReporter,
    private readonly text: string,
  ) {}

  explain(): string {
    const kind = this.spec.sizeMs === this.spec.advanceMs ? 'TUMBLING' : 'HOPPING';
    const emit = this.spec.final ? ` EMIT FINAL retention=${this.spec.final.retentionMs}ms` : '';
    return `WindowAggregate ${kind} size=${this.spec.sizeMs}ms advance=${this.spec.advanceMs}ms grace=${this.spec.graceMs}ms${emit} GROUP BY ${this.text}`;
  }

  attachStore(log: StateLog): void {
    this.core.store = log;
  }

  restore(entries: Map<string, unknown>): void {
    for (const data of entries.values()) {
      const { group, win } = this.core.decode(data);
      if (!win)
        throw new TypeError(
          `changelog entry of a windowed aggregation has no window: ${JSON.stringify(data).slice(0, 120)}`,
        );
      let byKey = this.windows.get(win.start);
      if (!byKey) this.windows.set(win.start, (byKey = new Map()));
      byKey.set(this.core.keyId(group.key), { group, win });
      if (group.ts > this.streamTime) this.streamTime = group.ts;
      if (win.end < this.earliestEnd) this.earliestEnd = win.end;
    }
    const closeTime = this.streamTime - this.spec.graceMs;
    if (this.spec.final) this.emitClosed(closeTime);
    else if (closeTime >= this.earliestEnd) this.dropClosed(closeTime);
  }

  /** How many windows the operator holds state for (diagnostics and tests: it stays bounded). */
  get storedWindows(): number {
    return this.windows.size;
  }

  process(c: Change): void {
    if (c.tombstone) return;
    const k = this.core.groupId(c.row);
    if (k === undefined) return;
    this.streamTime = Math.max(this.streamTime, c.ts);
    const closeTime = this.streamTime - this.spec.graceMs;
    const size = this.spec.sizeMs;
    if (size === this.spec.advanceMs) {
      // tumbling: the one window, without building the list windowsFor returns
      const start = c.ts - (((c.ts % size) + size) % size);
      if (start >= 0) this.update(k, c, start, closeTime);
    } else for (const w of windowsFor(c.ts, this.spec)) this.update(k, c, w.start, closeTime);
    if (this.spec.final) this.emitClosed(closeTime);
    else if (closeTime >= this.earliestEnd) this.dropClosed(closeTime);
  }

  private update(id: string, c: Change, start: number, closeTime: number): void {
    const end = start + this.spec.sizeMs;
    if (end <= closeTime) {
      this.skip(
        `record at ${c.ts} is too late for window [${start}, ${end}) (stream time ${this.streamTime}, grace ${this.spec.graceMs}ms)`,
      );
      return;
    }
    let byKey = start === this.lastStart ? this.lastWindow : this.windows.get(start);
    if (!byKey) {
      this.windows.set(start, (byKey = new Map()));
      if (end < this.earliestEnd) this.earliestEnd = end;
    }
    this.lastStart = start;
    this.lastWindow = byKey;
    let slot = byKey.get(id);
    if (!slot) byKey.set(id, (slot = { group: this.core.newGroup(this.core.takeKey(), c.ts), win: { start, end } }));
    if (this.core.store && this.core.applied(slot.group)) return;
    if (c.ts > slot.group.ts) slot.group.ts = c.ts;
    this.core.add(slot.group, c.row);
    if (this.core.store) {
      this.core.mark(slot.group);
      this.core.save((slot.entryKey ??= entryKey(start, id)), slot.group, slot.win);
    }
    if (!this.spec.final) this.core.emit(slot.group, slot.win);
  }

  private dropClosed(closeTime: number): void {
    let earliest = Infinity;
    for (const start of this.windows.keys()) {
      const end = start + this.spec.sizeMs;
      if (end <= closeTime) this.forget(start);
      else if (end < earliest) earliest = end;
    }
    this.earliestEnd = earliest;
  }

  /** Removes a window from the store (and its entries from the changelog). */
  private forget(start: number): Map<string, Slot> {
    const byKey = this.windows.get(start)!;
    this.windows.delete(start);
    if (start === this.lastStart) this.lastWindow = undefined;
    if (this.core.store) for (const id of byKey.keys()) this.core.drop(entryKey(start, id));
    return byKey;
  }

  private emitClosed(closeTime: number): void {
    if (this.lastEmitClose !== undefined && this.lastEmitClose >= closeTime) return;
    const upper = closeTime - this.spec.sizeMs;
    if (upper < 0) return;
    const lower = this.lastEmitClose === undefined ? 0 : Math.max(0, this.lastEmitClose - this.spec.sizeMs) + 1;
    const expired = this.streamTime - this.spec.final!.retentionMs;
    const due = [...this.windows.keys()].filter((start) => start >= lower && start <= upper).sort((a, b) => a - b);
    for (const start of due) {
      const byKey = this.forget(start);
      if (start >= expired) for (const s of byKey.values()) this.core.emit(s.group, s.win);
    }
    this.lastEmitClose = closeTime;
  }
}

/** The changelog key of a (window, key) entry. */
const entryKey = (start: number, id: string): string => `${start}\u0002${id}`;
