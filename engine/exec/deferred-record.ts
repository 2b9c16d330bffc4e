// A record whose key and value bytes are written when first read. On the in-memory driver a
// query's output record usually goes only to the next queries in the same process, whose JSON
// readers take the writer's document (valueDoc) or its very values (json-direct.ts) instead of the bytes; writing the text, copying it
// into a Buffer and parsing it back was most of what a record cost. The sink makes one only when
// the driver says nothing keeps or sends the topic's bytes (TopicDriver.defersBytes) and its serdes
// know the bytes cannot fail to be written (Serde.canDefer); reading `key` or `value` writes them
// then, from the same row, with the same code, so they are the bytes the sink would have written.
// The row is never changed once emitted (engine rows and values are not mutated); the window's
// bounds are copied, since a session window grows in place.
import type { Value } from '../types/values.js';
import type { Win } from './operators/operator.js';
import type { RecordHeader, TopicRecord } from './topic-driver.js';
import type { SerdeColumn } from './serde/serde.js';
import { rowDirect } from './serde/json-direct.js';

/** Writes a deferred record's bytes: the sink's own key and value writing. */
export interface RecordWriter {
  keyBytes(row: readonly Value[], nullKey: boolean, window: Win | undefined): Buffer | null;
  valueBytes(row: readonly Value[]): Buffer | null;
  /** The value's document (its serde's `document`: never UNPARSED for a deferred record). */
  valueDocument(row: readonly Value[]): unknown;
  /** Where the value columns start in the row, and their JSON fields (json-direct.ts). */
  readonly valueFrom: number;
  readonly valueFields: readonly SerdeColumn[] | undefined;
}

const UNBUILT: unique symbol = Symbol('unbuilt');

const NO_HEADERS: RecordHeader[] = Object.freeze([]) as unknown as RecordHeader[];

export class DeferredRecord implements TopicRecord {
  readonly headers = NO_HEADERS;
  readonly partition = 0;
  /** Assigned by the driver on produce. */
  offset: number | undefined = undefined;
  private keyWritten: Buffer | null | undefined = undefined;
  private valueWritten: Buffer | null | undefined = undefined;
  private doc: unknown = UNBUILT;
  private direct: boolean | undefined = undefined;

  constructor(
    readonly writer: RecordWriter,
    /** The writer's row: keys, then the value columns from `writer.valueFrom`. */
    readonly row: readonly Value[],
    readonly timestamp: number,
    private readonly nullKey: boolean,
    /** The window's bounds when the key is windowed (NaN otherwise). */
    private readonly winStart: number,
    private readonly winEnd: number,
    /** valuesDirect when the sink worked it out with its deferral check (Serde.deferral). */
    direct?: boolean,
  ) {
    this.direct = direct;
  }

  get key(): Buffer | null {
    if (this.keyWritten === undefined)
      this.keyWritten = this.writer.keyBytes(
        this.row,
        this.nullKey,
        Number.isNaN(this.winStart) ? undefined : { start: this.winStart, end: this.winEnd },
      );
    return this.keyWritten;
  }

  /** The JSON document `value` parses to, which JSON readers take instead of the bytes; built when
   *  first read (a reader matching the writer's fields takes the row instead). */
  get valueDoc(): unknown {
    if (this.doc === UNBUILT) this.doc = this.writer.valueDocument(this.row);
    return this.doc;
  }

  /** Whether readers may take every value of the writer's fields as it is (json-direct.ts's
   *  rowDirect), worked out once for all of them; false when the writer has no JSON fields. */
  get valuesDirect(): boolean {
    if (this.direct === undefined) {
      const fields = this.writer.valueFields;
      this.direct = fields !== undefined && rowDirect(fields, this.row, this.writer.valueFrom);
    }
    return this.direct;
  }

  get value(): Buffer | null {
    if (this.valueWritten === undefined) this.valueWritten = this.writer.valueBytes(this.row);
    return this.valueWritten;
  }
}
