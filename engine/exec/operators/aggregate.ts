// GROUP BY without a window. From a stream each row folds into its group; from a table a change
// first retracts the old row from its group, then adds the new one (CP 8.x emission: the old
// group is emitted only when the key changed). From a stream its groups can be backed by a
// changelog (entry key: the group id).
import { ExecError } from '../../errors.js';
import type { Change } from './operator.js';
import type { AggregateCore, Group, StatefulOperator, StateLog } from './aggregate-core.js';

export class AggregateOperator implements StatefulOperator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly core: AggregateCore,
    private readonly fromTable: boolean,
    private readonly text: string,
  ) {}

  explain(): string {
    return `Aggregate GROUP BY ${this.text}${this.fromTable ? ' (table source: retract and add)' : ''}`;
  }

  /** A table source also needs its previous rows, which only a replay of the source rebuilds. */
  attachStore(log: StateLog): void {
    if (this.fromTable) throw new ExecError('a changelog-backed store is not supported for an aggregation of a table');
    this.core.store = log;
  }

  restore(entries: Map<string, unknown>): void {
    for (const data of entries.values()) {
      const { group } = this.core.decode(data);
      this.groups.set(this.core.keyId(group.key), group);
    }
  }

  private group(key: { key: unknown[]; id: string }, ts: number): Group {
    let g = this.groups.get(key.id);
    if (!g) this.groups.set(key.id, (g = this.core.newGroup(key.key as Group['key'], ts)));
    return g;
  }

  process(c: Change): void {
    if (!this.fromTable) {
      if (c.tombstone) return;
      const k = this.core.groupKey(c.row);
      if (!k) return;
      const g = this.group(k, c.ts);
      if (this.core.store && this.core.applied(g)) return;
      g.ts = Math.max(g.ts, c.ts);
      this.core.add(g, c.row);
      if (this.core.store) {
        this.core.mark(g);
        this.core.save(k.id, g);
      }
      return this.core.emit(g, undefined);
    }
    const oldKey = c.old ? this.core.groupKey(c.old) : undefined;
    const newKey = c.tombstone ? undefined : this.core.groupKey(c.row);
    let oldGroup: Group | undefined;
    if (oldKey && c.old) {
      oldGroup = this.groups.get(oldKey.id);
      if (oldGroup) {
        this.core.undo(oldGroup, c.old);
        oldGroup.ts = Math.max(oldGroup.ts, c.ts);
      }
    }
    if (oldGroup && (!newKey || newKey.id !== oldKey!.id)) this.core.emit(oldGroup, undefined);
    if (newKey) {
      const g = this.group(newKey, c.ts);
      g.ts = Math.max(g.ts, c.ts);
      this.core.add(g, c.row);
      this.core.emit(g, undefined);
    }
  }
}
