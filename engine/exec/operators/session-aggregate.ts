// GROUP BY with a SESSION window: a row opens a session [t, t] or merges every session of its
// key within the gap; merged-away sessions are deleted (a tombstone each, stamped at their end)
// before the merged session is emitted, stamped at its end. With EMIT FINAL a session is emitted
// once, when its end + gap falls before stream time - grace.
import type { Change, Operator, SkipReporter, Win } from './operator.js';
import type { AggregateCore, Group } from './aggregate-core.js';

interface Session {
  win: Win;
  group: Group;
  emitted?: boolean;
}

export class SessionAggregateOperator implements Operator {
  private readonly sessions = new Map<string, Session[]>();
  private streamTime = -Infinity;

  constructor(
    private readonly core: AggregateCore,
    private readonly gapMs: number,
    private readonly graceMs: number,
    private readonly skip: SkipReporter,
    private readonly text: string,
    private readonly final = false,
  ) {}

  explain(): string {
    return `SessionAggregate gap=${this.gapMs}ms grace=${this.graceMs}ms${this.final ? ' EMIT FINAL' : ''} GROUP BY ${this.text}`;
  }

  process(c: Change): void {
    if (c.tombstone) return;
    const k = this.core.groupKey(c.row);
    if (!k) return;
    this.streamTime = Math.max(this.streamTime, c.ts);
    // closed sessions go out before expired ones leave the store
    if (this.final) this.emitClosed();
    // sessions that ended before stream time - gap - grace have left the session store
    const retained = this.streamTime - this.gapMs - this.graceMs;
    const list = (this.sessions.get(k.id) ?? []).filter((s) => s.win.end >= retained);
    const overlapping = list.filter((s) => s.win.end >= c.ts - this.gapMs && s.win.start <= c.ts + this.gapMs);
    const win: Win = { start: c.ts, end: c.ts };
    for (const s of overlapping) {
      win.start = Math.min(win.start, s.win.start);
      win.end = Math.max(win.end, s.win.end);
    }
    if (win.end < this.streamTime - this.graceMs - this.gapMs) {
      this.skip(`record at ${c.ts} is too late for session [${win.start}, ${win.end}] (stream time ${this.streamTime})`);
      return;
    }
    let group = this.core.newGroup(k.key, c.ts);
    for (const s of overlapping) group = this.core.merge(group, s.group);
    if (!this.final) for (const s of overlapping) if (!s.emitted) this.core.emitTombstone(s.group, s.win, s.win.end);
    group.passed = false;
    group.ts = win.end;
    this.core.add(group, c.row);
    const rest = list.filter((s) => !overlapping.includes(s));
    rest.push({ win, group });
    this.sessions.set(k.id, rest);
    if (!this.final) this.core.emit(group, win);
  }

  private emitClosed(): void {
    const closeTime = this.streamTime - this.graceMs;
    const due: Session[] = [];
    for (const list of this.sessions.values()) for (const s of list) if (!s.emitted && s.win.end + this.gapMs < closeTime) due.push(s);
    due.sort((a, b) => a.win.end - b.win.end);
    for (const s of due) {
      s.emitted = true;
      this.core.emit(s.group, s.win);
    }
  }
}
