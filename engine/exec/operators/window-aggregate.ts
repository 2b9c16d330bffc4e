// GROUP BY with a TUMBLING or HOPPING window: each row joins every window containing its event
// time, [start, start+size) aligned to the epoch; a window closed by grace (end <= stream time -
// grace) drops the row and logs it. Outputs carry the window's max input timestamp.
// With EMIT FINAL nothing is emitted per update: once stream time minus grace passes a window's
// end, the closed windows still retained (start > stream time - retention) are emitted once,
// as Kafka Streams' on-window-close strategy does.
import type { Change, Operator, SkipReporter, Win } from './operator.js';
import type { AggregateCore, Group } from './aggregate-core.js';

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
}

export class WindowAggregateOperator implements Operator {
  private readonly groups = new Map<string, Slot>();
  private streamTime = -Infinity;
  private lastEmitClose: number | undefined;

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

  process(c: Change): void {
    if (c.tombstone) return;
    const k = this.core.groupKey(c.row);
    if (!k) return;
    this.streamTime = Math.max(this.streamTime, c.ts);
    const closeTime = this.streamTime - this.spec.graceMs;
    for (const w of windowsFor(c.ts, this.spec)) {
      if (w.end <= closeTime) {
        this.skip(`record at ${c.ts} is too late for window [${w.start}, ${w.end}) (stream time ${this.streamTime}, grace ${this.spec.graceMs}ms)`);
        continue;
      }
      const id = `${k.id}@${w.start}`;
      let slot = this.groups.get(id);
      if (!slot) this.groups.set(id, (slot = { group: this.core.newGroup(k.key, c.ts), win: w }));
      if (c.ts > slot.group.ts) slot.group.ts = c.ts;
      this.core.add(slot.group, c.row);
      if (!this.spec.final) this.core.emit(slot.group, slot.win);
    }
    if (this.spec.final) this.emitClosed(closeTime);
  }

  private emitClosed(closeTime: number): void {
    if (this.lastEmitClose !== undefined && this.lastEmitClose >= closeTime) return;
    const upper = closeTime - this.spec.sizeMs;
    if (upper < 0) return;
    const lower = this.lastEmitClose === undefined ? 0 : Math.max(0, this.lastEmitClose - this.spec.sizeMs) + 1;
    const expired = this.streamTime - this.spec.final!.retentionMs;
    const due = [...this.groups.entries()].filter(([, s]) => s.win.start >= lower && s.win.start <= upper);
    due.sort((a, b) => a[1].win.start - b[1].win.start);
    for (const [id, s] of due) {
      this.groups.delete(id);
      if (s.win.start >= expired) this.core.emit(s.group, s.win);
    }
    this.lastEmitClose = closeTime;
  }
}
