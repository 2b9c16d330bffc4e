// Reads topic records into rows: decodes key and value with the source's formats, fills
// header and pseudo columns (ROWTIME, ROWPARTITION, ROWOFFSET, WINDOWSTART/END), takes the
// event time from the TIMESTAMP column when set, and for tables tracks the previous row per key
// (on Kafka, for a join's table side, backed by a changelog: ksqlDB's source table store).
import { ExecError, RecordError } from '../../errors.js';
import type { Serde, SerdeColumn } from '../serde/serde.js';
import { DeferredRecord } from '../deferred-record.js';
import { TextRecord } from '../text-record.js';
import { directValue, fieldMap, NOT_DIRECT, type FieldMap } from '../serde/json-direct.js';
import { valueKey, type Value } from '../../types/values.js';
import type { TopicRecord } from '../topic-driver.js';
import type { Change, EntryLog, Operator, SkipReporter, Win } from './operator.js';
import type { Column, SourceDef } from '../../plan/catalog.js';
import { decodeState, encodeState } from '../aggregates/state-codec.js';

const NO_KEYS: Value[] = [];

/** The table state's id of a key. */
function tableId(keys: Value[]): string {
  return keys.length === 1 ? valueKey(keys[0]!) : keys.map(valueKey).join('\u0001');
}

export interface SourceOptions {
  def: SourceDef;
  keySerde: Serde;
  valueSerde: Serde;
  /** Extracts event time from the decoded row; throws RecordError when unusable. */
  timestamp?: (row: Value[]) => number;
  next: Operator;
  skip: SkipReporter;
}

/** Reads a 64-bit big-endian integer without a BigInt (exact within the safe-integer range). */
export function readInt64BE(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/** Splits a windowed key into the inner key bytes and the window (ksqlDB's windowed key layout). */
export function splitWindowedKey(bytes: Buffer, session: boolean, sizeMs: number): { key: Buffer; window: Win } {
  if (session) {
    const n = bytes.length - 16;
    if (n < 0) throw new RecordError('windowed key too short for a session window');
    return { key: bytes.subarray(0, n), window: { end: readInt64BE(bytes, n), start: readInt64BE(bytes, n + 8) } };
  }
  const n = bytes.length - 8;
  if (n < 0) throw new RecordError('windowed key too short for a time window');
  const start = readInt64BE(bytes, n);
  return { key: bytes.subarray(0, n), window: { start, end: start + sizeMs } };
}

function headerValue(c: Column, rec: TopicRecord): Value {
  if (c.headerKey !== undefined) {
    const hs = rec.headers.filter((h) => h.key === c.headerKey);
    return hs.length === 0 ? null : (hs[hs.length - 1]!.value ?? null);
  }
  return rec.headers.map((h) => ({ KEY: h.key, VALUE: h.value }));
}

/** The last record a stream source decoded, with the change it decoded to: every query reading a
 *  stream has a source of its own, and on the in-memory driver one record object reaches them all
 *  in turn (a rule's input stream feeds a dozen queries). Decoding depends only on the source's
 *  definition and the record, and neither rows nor changes are changed once made (operators build
 *  new ones), so the others take the first one's change itself. */
interface LastDecoded {
  rec: TopicRecord | undefined;
  change: Change;
}

/** By definition: a source replaced by CREATE OR REPLACE is another definition, with its own. */
const lastDecoded = new WeakMap<SourceDef, LastDecoded>();

function lastDecodedOf(def: SourceDef): LastDecoded {
  let d = lastDecoded.get(def);
  if (d === undefined) lastDecoded.set(def, (d = { rec: undefined, change: { row: NO_KEYS, ts: 0 } }));
  return d;
}

export class SourceOperator {
  private readonly o: SourceOptions;
  private readonly keyCount: number;
  private readonly valueCols: Column[];
  private readonly headerCols: Array<{ col: Column; at: number }>;
  /** Row position of each decoded value column. */
  private readonly valueAt: number[];
  private readonly tableState: Map<string, Value[]> | undefined;
  /** True when the non-key columns are exactly the value columns, in order. */
  private readonly valuesOnly: boolean;
  /** Set when the table state is backed by a changelog. */
  private tableLog: EntryLog | undefined;
  /** This source's JSON fields, and how they map onto the last writer's fields seen. */
  private readonly readerFields: readonly SerdeColumn[] | undefined;
  private writerFields: readonly SerdeColumn[] | undefined;
  private fieldMap: FieldMap | undefined;
  /** Each writer's map (null: none), by the writer's fields. */
  private readonly fieldMaps = new Map<readonly SerdeColumn[], FieldMap | null>();
  /** A stream's: shared by every source of the same definition (tables keep state of their own). */
  private readonly last: LastDecoded | undefined;

  constructor(o: SourceOptions) {
    this.o = o;
    this.keyCount = o.def.columns.filter((c) => c.ns === 'KEY').length;
    const nonKey = o.def.columns.filter((c) => c.ns !== 'KEY');
    this.valueCols = nonKey.filter((c) => c.ns === 'VALUE');
    this.headerCols = nonKey.map((col, i) => ({ col, at: this.keyCount + i })).filter((h) => h.col.ns === 'HEADER');
    this.tableState = o.def.kind === 'TABLE' ? new Map() : undefined;
    this.valueAt = this.valueCols.map((c) => o.def.columns.indexOf(c));
    this.valuesOnly = this.headerCols.length === 0 && this.valueAt.every((at, i) => at === this.keyCount + i);
    this.readerFields = o.valueSerde.fields;
    this.last = this.tableState === undefined ? lastDecodedOf(o.def) : undefined;
  }

  /** Backs the table state (a table source only) by a changelog. */
  attachTableLog(log: EntryLog): void {
    if (!this.tableState) throw new ExecError(`source ${this.o.def.name} is a stream: it keeps no state`);
    this.tableLog = log;
  }

  /** Rebuilds the table state from a changelog's entries; returns the rows, in entry order. */
  restoreTable(entries: Map<string, unknown>): Value[][] {
    const state = this.tableState!;
    state.clear();
    for (const [id, data] of entries) {
      const row = decodeState(data);
      if (!Array.isArray(row)) throw new TypeError(`changelog entry ${id} of ${this.o.def.name} is not a row`);
      state.set(id, row as Value[]);
    }
    return [...state.values()];
  }

  explain(): string {
    const d = this.o.def;
    return `Source ${d.kind} ${d.name} (topic ${d.topic}, key ${d.keyFormat}, value ${d.valueFormat})`;
  }

  handle(rec: TopicRecord): void {
    try {
      this.decode(rec);
    } catch (err) {
      if (err instanceof RecordError)
        this.o.skip(`${err.message} (topic ${this.o.def.topic}, offset ${rec.offset ?? -1})`);
      else throw err;
    }
  }

  private decode(rec: TopicRecord): void {
    const last = this.last;
    if (last !== undefined && last.rec === rec) return this.o.next.process(last.change);
    const d = this.o.def;
    // the key bytes only when read (a deferred record's are then never written)
    let keyBytes = this.keyCount > 0 || d.window ? rec.key : null;
    let window: Win | undefined;
    if (d.window && keyBytes)
      ({ key: keyBytes, window } = splitWindowedKey(keyBytes, d.window.type === 'SESSION', d.window.sizeMs ?? 0));
    const keys = this.keyCount === 0 ? NO_KEYS : this.o.keySerde.deserialize(keyBytes);
    // a deferred record (never a tombstone) is read from the writer's values or its document, when
    // this format reads documents, and a text record (never one either) from its text: their bytes
    // stay unwritten
    if (!(rec instanceof DeferredRecord) && !(rec instanceof TextRecord) && rec.value === null)
      return this.tombstone(keys, rec, window, keyBytes);
    const vs = this.o.valueSerde;
    const row =
      this.valuesOnly && vs.deserializeInto
        ? this.directRow(keys, rec, window)
        : this.layout(keys, this.values(rec), rec, window);
    const ts = this.o.timestamp ? this.o.timestamp(row) : rec.timestamp;
    row[row.length - (window ? 5 : 3)] = ts;
    // one object shape for every change, so the operators downstream stay monomorphic
    const change: Change = { row, ts };
    if (window) change.window = window;
    if (this.tableState) {
      if (keys.every((k) => k === null)) return;
      const id = tableId(keys);
      change.old = this.tableState.get(id) ?? null;
      this.tableState.set(id, row);
      this.tableLog?.put(id, () => encodeState(row));
    } else {
      if (keyBytes === null && this.keyCount > 0) change.nullKey = true;
      if (last !== undefined) {
        // set before processing: a record produced downstream to this very topic replaces it
        last.rec = rec;
        last.change = change;
      }
    }
    this.o.next.process(change);
  }

  /** The usual case (no header columns): keys, the values decoded straight into the row, then
   *  the pseudo columns, in one array of the exact size. */
  private directRow(keys: Value[], rec: TopicRecord, window: Win | undefined): Value[] {
    const nv = this.valueAt.length;
    const row = new Array<Value>(keys.length + nv + (window ? 5 : 3));
    for (let i = 0; i < keys.length; i++) row[i] = keys[i]!;
    const vs = this.o.valueSerde;
    if (rec instanceof TextRecord && vs.textInto !== undefined && rec.decodesToText)
      vs.textInto(rec.text, rec, row, keys.length);
    else if (!(rec instanceof DeferredRecord)) vs.deserializeInto!(rec.value!, row, keys.length);
    else if (!this.fromWriter(rec, row, keys.length)) {
      if (vs.documentInto !== undefined) vs.documentInto(rec.valueDoc, row, keys.length);
      else vs.deserializeInto!(rec.value!, row, keys.length);
    }
    let at = keys.length + nv;
    row[at++] = rec.timestamp;
    row[at++] = rec.partition;
    row[at++] = rec.offset ?? 0;
    if (window) {
      row[at++] = window.start;
      row[at] = window.end;
    }
    return row;
  }

  /** The value columns in declared order, from a deferred record's document when this format
   *  reads documents. */
  private values(rec: TopicRecord): Value[] {
    const vs = this.o.valueSerde;
    if (!(rec instanceof DeferredRecord) || vs.documentInto === undefined) return vs.deserialize(rec.value);
    const out = new Array<Value>(this.valueCols.length);
    vs.documentInto(rec.valueDoc, out, 0);
    return out;
  }

  /** Reads the value columns from the writer's own values (json-direct.ts) into `row` from `at`;
   *  false when some column must be read from the document instead (row slots then overwritten). */
  private fromWriter(rec: DeferredRecord, row: Value[], at: number): boolean {
    const fields = rec.writer.valueFields;
    if (fields === undefined || this.readerFields === undefined) return false;
    if (fields !== this.writerFields) {
      // a topic with several writers (INSERT INTO) alternates between their fields
      let m = this.fieldMaps.get(fields);
      if (m === undefined) this.fieldMaps.set(fields, (m = fieldMap(this.readerFields, fields) ?? null));
      this.writerFields = fields;
      this.fieldMap = m ?? undefined;
    }
    const m = this.fieldMap;
    if (m === undefined) return false;
    const values = rec.row;
    const from = rec.writer.valueFrom;
    const n = m.kinds.length;
    if (rec.valuesDirect) {
      // checked once for every reader of the record: each value is taken as it is
      const ix = m.at;
      for (let k = 0; k < n; k++) row[at + k] = values[from + ix[k]!] ?? null;
      return true;
    }
    for (let k = 0; k < n; k++) {
      const v = directValue(m.kinds[k]!, values[from + m.at[k]!]);
      if (v === NOT_DIRECT) return false;
      row[at + k] = v;
    }
    return true;
  }

  private layout(keys: Value[], values: Value[], rec: TopicRecord, window: Win | undefined): Value[] {
    const row: Value[] = keys.slice();
    const nonKey = this.o.def.columns.length - this.keyCount;
    for (let i = 0; i < nonKey; i++) row.push(null);
    const at = this.valueAt;
    for (let i = 0; i < at.length; i++) row[at[i]!] = values[i] ?? null;
    for (const h of this.headerCols) row[h.at] = headerValue(h.col, rec);
    row.push(rec.timestamp, rec.partition, rec.offset ?? 0);
    if (window) row.push(window.start, window.end);
    return row;
  }

  /** A null value: on streams a row with a null value (ksqlDB passes it through), on tables a
   *  delete (only for keys we hold). */
  private tombstone(keys: Value[], rec: TopicRecord, window: Win | undefined, keyBytes: Buffer | null): void {
    if (!this.tableState) {
      const row = this.layout(keys, [], rec, window);
      const nullKey = keyBytes === null && this.keyCount > 0 ? { nullKey: true } : {};
      return this.o.next.process({
        row,
        ts: rec.timestamp,
        tombstone: true,
        ...nullKey,
        ...(window ? { window } : {}),
      });
    }
    if (keys.every((k) => k === null)) return;
    const id = tableId(keys);
    const old = this.tableState.get(id);
    if (!old) return;
    this.tableState.delete(id);
    this.tableLog?.put(id, null);
    const row = this.layout(keys, [], rec, window);
    this.o.next.process({ row, ts: rec.timestamp, tombstone: true, old, ...(window ? { window } : {}) });
  }
}
