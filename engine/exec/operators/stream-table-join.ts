// Stream-table join (INNER, LEFT), as Kafka Streams' KStream-KTable join: a table change only
// updates the table side's state; a stream row looks its key up and is emitted joined (INNER:
// only on a match; LEFT: with a null table side otherwise), at the stream row's time. Stream
// rows with a null key or a null value are dropped.
import type { Value } from '../../types/values.js';
import type { Change, Operator } from './operator.js';
import { joinedRow, keyId, type RestorableJoin } from './join-row.js';

export class StreamTableJoinOperator implements Operator, RestorableJoin {
  private readonly table = new Map<string, Value[]>();

  constructor(
    private readonly outer: boolean,
    private readonly streamWidth: number,
    private readonly tableWidth: number,
    private readonly next: Operator,
  ) {}

  explain(): string {
    return `StreamTableJoin ${this.outer ? 'LEFT' : 'INNER'}`;
  }

  process(c: Change): void {
    this.next.process(c);
  }

  onTable(c: Change, key: Value): void {
    if (key === null) return;
    if (c.tombstone) this.table.delete(keyId(key));
    else this.table.set(keyId(key), c.row);
  }

  /** Only the table side has state (its source's changelog on Kafka). */
  restoreSide(isLeft: boolean, row: Value[], key: Value): void {
    if (!isLeft && key !== null) this.table.set(keyId(key), row);
  }

  /** The output is a stream: nothing for a join after this one. */
  finishRestore(): Value[][] {
    return [];
  }

  onStream(c: Change, key: Value): void {
    if (c.tombstone || key === null) return;
    const match = this.table.get(keyId(key)) ?? null;
    if (!match && !this.outer) return;
    this.next.process({ row: joinedRow(key, c.row, this.streamWidth, match, this.tableWidth, c.ts), ts: c.ts });
  }
}
