// GROUP BY with a SESSION window: a row opens a session [t, t] or merges every session of its
// key within the gap; merged-away sessions are deleted (a tombstone each, stamped at their end)
// before the merged session is emitted, stamped at its end. With EMIT FINAL a session is emitted
// once, when its end + gap falls before stream time - grace. With a changelog every session is an
// entry (merged-away and expired ones become tombstones); a record is already applied when any
// session of its key holds its position (a merge keeps the highest position per partition).
import type { Change, SkipReporter, Win } from './operator.js';
import type { AggregateCore, Group, StatefulOperator, StateLog } from './aggregate-core.js';

interface Session {
  win: Win;
  group: Group;
  emitted?: boolean;
}

export class SessionAggregateOperator implements StatefulOperator {
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

  attachStore(log: StateLog): void {
    this.core.store = log;
  }

  restore(entries: Map<string, unknown>): void {
    for (const data of entries.values()) {
      const { group, win, emitted } = this.core.decode(data);
      if (!win)
        throw new TypeError(
          `changelog entry of a session aggregation has no window: ${JSON.stringify(data).slice(0, 120)}`,
        );
      const id = this.core.keyId(group.key);
      const list = this.sessions.get(id) ?? [];
      list.push({ win, group, ...(emitted ? { emitted } : {}) });
      this.sessions.set(id, list);
      if (group.ts > this.streamTime) this.streamTime = group.ts;
    }
  }

  /** With a changelog: false when a session of the key already holds the record (redelivered). */
  private fresh(all: Session[]): boolean {
    const p = this.core.store?.position();
    if (!p) return true;
    return all.every((s) => (s.group.pos?.[p.partition] ?? -1) < p.offset);
  }

  /** The merged-away sessions' tombstones, then the merged session with the record's position. */
  private persist(id: string, mergedAway: Session[], merged: Session): void {
    // deletes first: a merged session may keep an old one's window, and so its entry key
    for (const s of mergedAway) this.core.drop(sessionKey(id, s.win));
    this.core.mark(merged.group);
    this.save(id, merged);
  }

  private save(id: string, s: Session): void {
    this.core.save(sessionKey(id, s.win), s.group, s.win, () => s.emitted === true);
  }

  process(c: Change): void {
    if (c.tombstone) return;
    const k = this.core.groupKey(c.row);
    if (!k) return;
    const all = this.sessions.get(k.id) ?? [];
    if (this.core.store && !this.fresh(all)) return;
    this.streamTime = Math.max(this.streamTime, c.ts);
    // closed sessions go out before expired ones leave the store
    if (this.final) this.emitClosed();
    // sessions that ended before stream time - gap - grace have left the session store
    const retained = this.streamTime - this.gapMs - this.graceMs;
    const list = all.filter((s) => s.win.end >= retained);
    if (this.core.store) for (const s of all) if (s.win.end < retained) this.core.drop(sessionKey(k.id, s.win));
    const overlapping = list.filter((s) => s.win.end >= c.ts - this.gapMs && s.win.start <= c.ts + this.gapMs);
    const win: Win = { start: c.ts, end: c.ts };
    for (const s of overlapping) {
      win.start = Math.min(win.start, s.win.start);
      win.end = Math.max(win.end, s.win.end);
    }
    if (win.end < this.streamTime - this.graceMs - this.gapMs) {
      this.skip(
        `record at ${c.ts} is too late for session [${win.start}, ${win.end}] (stream time ${this.streamTime})`,
      );
      return;
    }
    let group = this.core.newGroup(k.key, c.ts);
    for (const s of overlapping) group = this.core.merge(group, s.group);
    if (!this.final) for (const s of overlapping) if (!s.emitted) this.core.emitTombstone(s.group, s.win, s.win.end);
    group.passed = false;
    group.ts = win.end;
    this.core.add(group, c.row);
    const rest = list.filter((s) => !overlapping.includes(s));
    const merged: Session = { win, group };
    rest.push(merged);
    this.sessions.set(k.id, rest);
    if (this.core.store) this.persist(k.id, overlapping, merged);
    if (!this.final) this.core.emit(group, win);
  }

  private emitClosed(): void {
    const closeTime = this.streamTime - this.graceMs;
    const due: Array<{ id: string; s: Session }> = [];
    for (const [id, list] of this.sessions)
      for (const s of list) if (!s.emitted && s.win.end + this.gapMs < closeTime) due.push({ id, s });
    due.sort((a, b) => a.s.win.end - b.s.win.end);
    for (const { id, s } of due) {
      s.emitted = true;
      this.core.emit(s.group, s.win);
      if (this.core.store) this.save(id, s);
    }
  }
}

/** The changelog key of a session entry. */
const sessionKey = (id: string, w: Win): string => `${w.start}\u0002${w.end}\u0002${id}`;
