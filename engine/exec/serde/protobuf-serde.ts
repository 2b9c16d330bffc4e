// The PROTOBUF_NOSR format: rows as proto3 messages whose schema is derived from the columns, as
// Confluent's ProtobufData does it without a Schema Registry (message fields numbered 1..n in
// column order; STRUCT a nested message, ARRAY a repeated field, MAP repeated key/value entries,
// DECIMAL confluent.type.Decimal, DATE google.type.Date, TIME google.type.TimeOfDay, TIMESTAMP
// google.protobuf.Timestamp). Nullable representation: by default proto3 cannot tell a NULL
// primitive from its zero value, so NULLs are read back as 0, false or ''; OPTIONAL (proto3
// `optional`) and WRAPPER (google.protobuf.*Value) keep them.
import { PlanError, RecordError } from '../../errors.js';
import { intOfLong, normLong } from '../../types/long.js';
import { typeToString, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import {
  ProtoWriter,
  readFields,
  readPackedVarints,
  signed64,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_VARINT,
  type WireValue,
} from './protobuf-wire.js';
import type { Serde, SerdeOptions } from './serde.js';
import { readWellKnown, writeWellKnown } from './protobuf-well-known.js';
import type { NullableRepresentation } from '../../plan/catalog.js';

type Mode = NullableRepresentation | 'DEFAULT';

const SCALARS = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES']);
const PACKABLE = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE']);

function zeroOf(t: SqlType): Value {
  switch (t.kind) {
    case 'BOOLEAN':
      return false;
    case 'STRING':
      return '';
    case 'BYTES':
      return Buffer.alloc(0);
    case 'ARRAY':
      return [];
    case 'MAP':
      return {};
    case 'INTEGER':
    case 'BIGINT':
    case 'DOUBLE':
      return 0;
    default:
      return null;
  }
}

function isZero(v: Value, t: SqlType): boolean {
  if (t.kind === 'BYTES') return (v as Buffer).length === 0;
  if (t.kind === 'DOUBLE') return v === 0 && !Object.is(v, -0);
  return v === 0 || v === false || v === '' || v === 0n;
}

class Codec {
  constructor(private readonly mode: Mode) {}

  /** Writes one scalar's payload (no tag) for packed or single use. */
  private scalarPayload(w: ProtoWriter, v: Value, t: SqlType): void {
    switch (t.kind) {
      case 'BOOLEAN':
        w.varint(v ? 1 : 0);
        return;
      case 'INTEGER':
      case 'BIGINT':
        w.varint(typeof v === 'bigint' ? v : BigInt(v as number));
        return;
      case 'DOUBLE':
        w.double(v as number);
        return;
      case 'STRING':
        w.bytes(Buffer.from(v as string, 'utf8'));
        return;
      case 'BYTES':
        w.bytes(v as Buffer);
        return;
      default:
        throw new PlanError(`PROTOBUF_NOSR: ${typeToString(t)} is not a scalar`);
    }
  }

  private wireOf(t: SqlType): number {
    if (t.kind === 'DOUBLE') return WIRE_FIXED64;
    return PACKABLE.has(t.kind) ? WIRE_VARINT : WIRE_LEN;
  }

  /** A scalar field written as proto3 does: zero values left out unless presence is kept. */
  private scalarField(w: ProtoWriter, field: number, v: Value, t: SqlType, keepZero: boolean): void {
    if (!keepZero && isZero(v, t)) return;
    w.tag(field, this.wireOf(t));
    this.scalarPayload(w, v, t);
  }

  private message(w: ProtoWriter, field: number, body: (m: ProtoWriter) => void): void {
    const m = new ProtoWriter();
    body(m);
    w.tag(field, WIRE_LEN);
    w.bytes(m.finish());
  }

  /** Writes `v` as field `field` of type `t` (NULL writes nothing). */
  field(w: ProtoWriter, field: number, v: Value, t: SqlType): void {
    if (v === null) return;
    if (SCALARS.has(t.kind)) {
      if (this.mode === 'WRAPPER') this.message(w, field, (m) => this.scalarField(m, 1, v, t, false));
      else this.scalarField(w, field, v, t, this.mode === 'OPTIONAL');
      return;
    }
    switch (t.kind) {
      case 'DECIMAL':
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
        return this.message(w, field, (m) => writeWellKnown(m, t.kind, v, t.kind === 'DECIMAL' ? t : undefined));
      case 'STRUCT': {
        const obj = v as Record<string, Value>;
        return this.message(w, field, (m) =>
          t.fields.forEach((f, i) => this.field(m, i + 1, obj[f.name] ?? null, f.type)),
        );
      }
      case 'ARRAY': {
        const items = v as Value[];
        if (items.length === 0) return;
        if (PACKABLE.has(t.item.kind)) {
          const p = new ProtoWriter();
          for (const x of items) this.scalarPayload(p, x ?? zeroOf(t.item), t.item);
          w.tag(field, WIRE_LEN);
          w.bytes(p.finish());
          return;
        }
        // repeated elements are always present: a NULL element is written as its zero value
        for (const x of items) {
          if (SCALARS.has(t.item.kind)) this.scalarField(w, field, x ?? zeroOf(t.item), t.item, true);
          else if (x === null) this.message(w, field, () => undefined);
          else this.field(w, field, x, t.item);
        }
        return;
      }
      case 'MAP': {
        const obj = v as Record<string, Value>;
        for (const [k, x] of Object.entries(obj))
          this.message(w, field, (m) => {
            this.scalarField(m, 1, mapKey(k, t.key), t.key, false);
            this.field(m, 2, x, t.value);
          });
        return;
      }
      default:
        throw new PlanError(`The 'PROTOBUF_NOSR' format does not support type '${t.kind}'`);
    }
  }

  /** Field `field` of a read message as type `t`: an absent one is NULL, or its zero value
   *  when proto3 cannot tell them apart (a primitive in the default representation). */
  read(fields: Map<number, WireValue[]>, field: number, t: SqlType): Value {
    const all = fields.get(field) ?? [];
    if (t.kind === 'ARRAY') return this.readArray(all, field, t.item);
    if (t.kind === 'MAP') {
      const out: Record<string, Value> = {};
      for (const entry of all) {
        const e = readFields(lenOf(entry, field, t));
        const k = e.get(1)?.at(-1);
        out[k ? String(scalarOf(k, 1, t.key)) : String(zeroOf(t.key))] = this.read(e, 2, t.value);
      }
      return out;
    }
    const last = all.at(-1);
    if (!last) return this.mode === 'DEFAULT' && SCALARS.has(t.kind) ? zeroOf(t) : null;
    if (SCALARS.has(t.kind)) {
      if (this.mode !== 'WRAPPER') return scalarOf(last, field, t);
      const inner = readFields(lenOf(last, field, t))
        .get(1)
        ?.at(-1);
      return inner ? scalarOf(inner, 1, t) : zeroOf(t);
    }
    const m = readFields(lenOf(last, field, t));
    switch (t.kind) {
      case 'DECIMAL':
      case 'DATE':
      case 'TIME':
      case 'TIMESTAMP':
        return readWellKnown(m, t.kind);
      case 'STRUCT': {
        const out: Record<string, Value> = {};
        t.fields.forEach((f, i) => (out[f.name] = this.read(m, i + 1, f.type)));
        return out;
      }
      default:
        throw new RecordError(`PROTOBUF_NOSR cannot read type ${typeToString(t)}`);
    }
  }

  private readArray(all: WireValue[], field: number, item: SqlType): Value[] {
    const out: Value[] = [];
    for (const x of all) {
      if (PACKABLE.has(item.kind) && x.wire === WIRE_LEN) {
        const b = x.value as Buffer;
        if (item.kind === 'DOUBLE') for (let i = 0; i + 8 <= b.length; i += 8) out.push(b.readDoubleLE(i));
        else for (const v of readPackedVarints(b)) out.push(scalarOf({ wire: WIRE_VARINT, value: v }, field, item));
      } else if (SCALARS.has(item.kind)) out.push(scalarOf(x, field, item));
      else out.push(this.read(new Map([[1, [x]]]), 1, item));
    }
    return out;
  }
}

function wireName(w: number): string {
  return ['varint', '64-bit', 'length-delimited', '', '', '32-bit'][w] ?? String(w);
}

function mismatch(field: number, got: number, t: SqlType): RecordError {
  return new RecordError(
    `Failed to deserialize data: protobuf field ${field} is ${wireName(got)}, which cannot be read as ${typeToString(t)}`,
  );
}

function lenOf(x: WireValue, field: number, t: SqlType): Buffer {
  if (x.wire !== WIRE_LEN) throw mismatch(field, x.wire, t);
  return x.value as Buffer;
}

function scalarOf(x: WireValue, field: number, t: SqlType): Value {
  switch (t.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT': {
      if (x.wire !== WIRE_VARINT) throw mismatch(field, x.wire, t);
      const v = x.value as bigint;
      if (t.kind === 'BOOLEAN') return v !== 0n;
      return t.kind === 'INTEGER' ? intOfLong(normLong(v)) : normLong(signed64(v));
    }
    case 'DOUBLE':
      if (x.wire !== WIRE_FIXED64) throw mismatch(field, x.wire, t);
      return (x.value as Buffer).readDoubleLE(0);
    case 'STRING':
      return lenOf(x, field, t).toString('utf8');
    case 'BYTES':
      return Buffer.from(lenOf(x, field, t));
    default:
      throw mismatch(field, x.wire, t);
  }
}

function mapKey(k: string, t: SqlType): Value {
  if (t.kind === 'STRING') return k;
  if (t.kind === 'BOOLEAN') return k === 'true';
  if (t.kind === 'INTEGER' || t.kind === 'BIGINT') return normLong(BigInt(k));
  throw new PlanError(`The 'PROTOBUF_NOSR' format does not support MAP keys of type ${typeToString(t)}`);
}

/** Refuses, when the statement is planned, the types that have no protobuf encoding here. */
function checkType(t: SqlType, where: string): void {
  if (t.kind === 'ARRAY') {
    if (t.item.kind === 'ARRAY' || t.item.kind === 'MAP')
      throw new PlanError(`The 'PROTOBUF_NOSR' format does not support ${typeToString(t)} (${where})`);
    checkType(t.item, where);
  } else if (t.kind === 'MAP') {
    if (!['STRING', 'INTEGER', 'BIGINT', 'BOOLEAN'].includes(t.key.kind))
      throw new PlanError(
        `The 'PROTOBUF_NOSR' format does not support MAP keys of type ${typeToString(t.key)} (${where})`,
      );
    checkType(t.value, where);
  } else if (t.kind === 'STRUCT') t.fields.forEach((f) => checkType(f.type, where));
}

export function protobufSerde(o: SerdeOptions): Serde {
  const cols = o.columns;
  for (const c of cols) checkType(c.type, `column \`${c.name}\``);
  const codec = new Codec(o.nullable ?? 'DEFAULT');
  return {
    deserialize(bytes) {
      if (bytes === null) return cols.map(() => null);
      const fields = readFields(bytes);
      return cols.map((c, i) => codec.read(fields, i + 1, c.type));
    },
    serialize(values, from = 0) {
      if (cols.length === 0) return o.isKey ? null : Buffer.alloc(0);
      const w = new ProtoWriter();
      for (let i = 0; i < cols.length; i++) codec.field(w, i + 1, values[from + i] ?? null, cols[i]!.type);
      return w.finish();
    },
  };
}
