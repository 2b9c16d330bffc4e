// Records of a registered proto3 message read into SQL values and written back from them: the
// message's fields (numbers and wire types from the schema, not the columns' order) matched to
// the wanted SQL fields by name, ignoring case, at every level (a oneof is its `<oneof>_<index>`
// STRUCT, proto-sql-types.ts). proto3's rules: an absent field without presence reads as its
// zero value (an enum's first value, an empty list or map), with presence (a message, a wrapper,
// `optional`, a oneof member) as NULL; zero values are left out when written, numeric repeated
// fields are packed. A wanted field the message lacks reads as NULL and is not written; a field
// whose type cannot give the wanted SQL type is a RecordError naming it.
import { RecordError } from '../../../errors.js';
import { typeToString, type SqlType, type StructField } from '../../../types/sql-types.js';
import type { Value } from '../../../types/values.js';
import { readWellKnown, writeWellKnown, type WellKnownKind } from '../protobuf-well-known.js';
import { ProtoWriter, readFields, readPackedVarints, WIRE_LEN, WIRE_VARINT, type WireValue } from '../protobuf-wire.js';
import type { ProtoField, ProtoMessage, ProtoType } from './proto-descriptor.js';
import { isScalarZero, packable, readScalar, scalarZero, wireOf, writeScalar } from './proto-scalars.js';
import { membersOf, type MessageMember } from './proto-sql-types.js';

const WELL_KNOWN: Partial<Record<ProtoType['kind'], WellKnownKind>> = {
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  time: 'TIME',
  decimal: 'DECIMAL',
};

function mismatch(path: string, what: string, t: SqlType): RecordError {
  return new RecordError(`Failed to deserialize data: protobuf field ${path} is ${what}, not ${typeToString(t)}`);
}

function lenOf(x: WireValue, path: string): Buffer {
  if (x.wire !== WIRE_LEN)
    throw new RecordError(`Failed to deserialize data: protobuf field ${path} is not length-delimited`);
  return x.value as Buffer;
}

/** Each message's SQL fields by upper-cased name, built once per message (not per record). */
const LOOKUPS = new WeakMap<ProtoMessage, Map<string, MessageMember>>();

function memberLookup(m: ProtoMessage): Map<string, MessageMember> {
  let found = LOOKUPS.get(m);
  if (!found) {
    found = new Map(membersOf(m).map((x) => [x.name.toUpperCase(), x]));
    LOOKUPS.set(m, found);
  }
  return found;
}

/** A scalar JS value as SQL type `t` (an integer widens to BIGINT or DOUBLE). */
function asSql(v: Value, t: SqlType, path: string, what: string): Value {
  const ok =
    (t.kind === 'BOOLEAN' && typeof v === 'boolean') ||
    (t.kind === 'STRING' && typeof v === 'string') ||
    (t.kind === 'BYTES' && Buffer.isBuffer(v)) ||
    (t.kind === 'DOUBLE' && (typeof v === 'number' || typeof v === 'bigint')) ||
    (t.kind === 'BIGINT' && (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) ||
    (t.kind === 'INTEGER' && typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31);
  if (!ok) throw mismatch(path, what, t);
  return t.kind === 'DOUBLE' ? Number(v) : v;
}

function zeroOf(type: ProtoType, t: SqlType, path: string): Value {
  if (type.kind === 'scalar') return asSql(scalarZero(type.scalar), t, path, type.scalar);
  if (type.kind === 'enum') return asSql(type.enum.values.find((v) => v.number === 0)!.name, t, path, 'an enum');
  return null;
}

function readOne(type: ProtoType, x: WireValue, t: SqlType, path: string): Value {
  switch (type.kind) {
    case 'scalar':
      return asSql(readScalar(type.scalar, x, path), t, path, type.scalar);
    case 'enum': {
      if (x.wire !== WIRE_VARINT) throw mismatch(path, `enum ${type.enum.fullName} of wire type ${x.wire}`, t);
      const n = Number(BigInt.asIntN(32, x.value as bigint));
      const v = type.enum.values.find((e) => e.number === n);
      if (!v)
        throw new RecordError(
          `Failed to deserialize data: protobuf field ${path}: ${n} is no value of enum ${type.enum.fullName}`,
        );
      return asSql(v.name, t, path, `enum ${type.enum.fullName}`);
    }
    case 'wrapper': {
      const inner = readFields(lenOf(x, path)).get(1)?.at(-1);
      return asSql(inner ? readScalar(type.scalar, inner, path) : scalarZero(type.scalar), t, path, type.fullName);
    }
    case 'message':
      if (t.kind !== 'STRUCT') throw mismatch(path, `message ${type.message.fullName}`, t);
      return structOf(type.message, lenOf(x, path), t.fields, path);
    case 'map':
      throw mismatch(path, 'a map', t);
    default: {
      const kind = WELL_KNOWN[type.kind]!;
      if (t.kind !== kind) throw mismatch(path, kind, t);
      return readWellKnown(readFields(lenOf(x, path)), kind);
    }
  }
}

function readField(f: ProtoField, all: WireValue[], t: SqlType, path: string): Value {
  const type = f.type;
  if (type.kind === 'map') {
    if (t.kind !== 'MAP') throw mismatch(path, 'a map', t);
    const out: Record<string, Value> = {};
    for (const entry of all) {
      const e = readFields(lenOf(entry, path));
      const k = e.get(1)?.at(-1);
      const key = k ? readScalar(type.key, k, `${path} key`) : scalarZero(type.key);
      const v = e.get(2)?.at(-1);
      out[String(key)] = v ? readOne(type.value, v, t.value, `${path} value`) : zeroOf(type.value, t.value, path);
    }
    return out;
  }
  if (f.repeated) {
    if (t.kind !== 'ARRAY') throw mismatch(path, 'repeated', t);
    const out: Value[] = [];
    const scalar = type.kind === 'scalar' ? type.scalar : type.kind === 'enum' ? 'int64' : undefined;
    for (const x of all) {
      if (scalar && packable(scalar) && x.wire === WIRE_LEN) {
        const b = x.value as Buffer;
        const width = wireOf(scalar) === 1 ? 8 : wireOf(scalar) === 5 ? 4 : 0;
        const parts: WireValue[] = width
          ? Array.from({ length: Math.floor(b.length / width) }, (_, i) => ({
              wire: wireOf(scalar),
              value: b.subarray(i * width, (i + 1) * width),
            }))
          : readPackedVarints(b).map((value) => ({ wire: WIRE_VARINT, value }));
        for (const p of parts) out.push(readOne(type, p, t.item, path));
      } else out.push(readOne(type, x, t.item, path));
    }
    return out;
  }
  const last = all.at(-1);
  if (!last) return f.presence ? null : zeroOf(type, t, path);
  return readOne(type, last, t, path);
}

function readMember(x: MessageMember, fields: Map<number, WireValue[]>, t: SqlType, path: string): Value {
  if (x.kind === 'field') return readField(x.field, fields.get(x.field.number) ?? [], t, path);
  if (!x.fields.some((f) => fields.has(f.number))) return null;
  if (t.kind !== 'STRUCT') throw mismatch(path, `oneof ${x.name}`, t);
  const byName = new Map(x.fields.map((f) => [f.name.toUpperCase(), f]));
  const out: Record<string, Value> = {};
  for (const w of t.fields) {
    const f = byName.get(w.name.toUpperCase());
    out[w.name] = f ? readField(f, fields.get(f.number) ?? [], w.type, `${path}.${f.name}`) : null;
  }
  return out;
}

function structOf(m: ProtoMessage, bytes: Buffer, wanted: readonly StructField[], path: string): Record<string, Value> {
  const values = readMessage(m, bytes, wanted, path);
  return Object.fromEntries(wanted.map((w, i) => [w.name, values[i]!]));
}

/** The values of the `wanted` SQL fields in a message of `m`; `path` names it in errors. */
export function readMessage(
  m: ProtoMessage,
  bytes: Buffer,
  wanted: readonly StructField[],
  path: string = m.fullName,
): Value[] {
  const fields = readFields(bytes);
  const members = memberLookup(m);
  return wanted.map((w) => {
    const x = members.get(w.name.toUpperCase());
    return x ? readMember(x, fields, w.type, `${path}.${x.name}`) : null;
  });
}

function nested(w: ProtoWriter, number: number, body: (m: ProtoWriter) => void): void {
  const m = new ProtoWriter();
  body(m);
  w.tag(number, WIRE_LEN);
  w.bytes(m.finish());
}

function writeOne(
  w: ProtoWriter,
  number: number,
  type: ProtoType,
  v: Value,
  t: SqlType,
  keep: boolean,
  path: string,
): void {
  switch (type.kind) {
    case 'scalar':
      if (!keep && isScalarZero(v)) return;
      w.tag(number, wireOf(type.scalar));
      return writeScalar(w, type.scalar, v, path);
    case 'enum': {
      const e = type.enum.values.find((x) => x.name === v);
      if (!e) throw new RecordError(`protobuf field ${path}: ${String(v)} is no value of enum ${type.enum.fullName}`);
      if (!keep && e.number === 0) return;
      w.tag(number, wireOf('int32'));
      return w.varint(BigInt(e.number));
    }
    case 'wrapper':
      return nested(w, number, (m) => writeOne(m, 1, { kind: 'scalar', scalar: type.scalar }, v, t, false, path));
    case 'message':
      if (t.kind !== 'STRUCT' || v === null || typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v))
        throw new RecordError(
          `protobuf field ${path}: message ${type.message.fullName} needs a STRUCT, not ${typeToString(t)}`,
        );
      return nested(w, number, (m) =>
        writeMessage(
          m,
          type.message,
          t.fields.map((f) => (v as Record<string, Value>)[f.name] ?? null),
          t.fields,
          path,
        ),
      );
    case 'map':
      throw new RecordError(`protobuf field ${path}: a map inside a map`);
    default: {
      const kind = WELL_KNOWN[type.kind]!;
      return nested(w, number, (m) => writeWellKnown(m, kind, v, type.kind === 'decimal' ? type : undefined));
    }
  }
}

function writeField(w: ProtoWriter, f: ProtoField, v: Value, t: SqlType, path: string): void {
  if (v === null) return;
  const type = f.type;
  if (type.kind === 'map') {
    if (t.kind !== 'MAP') throw new RecordError(`protobuf field ${path}: a map needs a MAP, not ${typeToString(t)}`);
    for (const [k, x] of Object.entries(v as Record<string, Value>))
      nested(w, f.number, (m) => {
        const key: Value = type.key === 'string' ? k : type.key === 'bool' ? k === 'true' : BigInt(k);
        writeOne(m, 1, { kind: 'scalar', scalar: type.key }, key, t.key, false, `${path} key`);
        if (x !== null) writeOne(m, 2, type.value, x, t.value, false, `${path} value`);
      });
    return;
  }
  if (f.repeated) {
    if (t.kind !== 'ARRAY' || !Array.isArray(v))
      throw new RecordError(`protobuf field ${path}: a repeated field needs an ARRAY, not ${typeToString(t)}`);
    if (v.length === 0) return;
    if ((type.kind === 'scalar' && packable(type.scalar)) || type.kind === 'enum') {
      const p = new ProtoWriter();
      for (const x of v) {
        const item = x ?? zeroOf(type, t.item, path);
        if (type.kind === 'scalar') writeScalar(p, type.scalar, item, path);
        else {
          const e = type.enum.values.find((y) => y.name === item);
          if (!e)
            throw new RecordError(`protobuf field ${path}: ${String(item)} is no value of enum ${type.enum.fullName}`);
          p.varint(BigInt(e.number));
        }
      }
      w.tag(f.number, WIRE_LEN);
      return w.bytes(p.finish());
    }
    // repeated elements are always present: a NULL element is written as its zero value
    for (const x of v)
      if (x === null) nested(w, f.number, () => undefined);
      else writeOne(w, f.number, type, x, t.item, true, path);
    return;
  }
  writeOne(w, f.number, type, v, t, f.presence, path);
}

/** Writes `values` (of the SQL fields `given`, matched to the message's by name) as a message of `m`. */
export function writeMessage(
  w: ProtoWriter,
  m: ProtoMessage,
  values: readonly Value[],
  given: readonly StructField[],
  path: string = m.fullName,
): void {
  const index = new Map(given.map((g, i) => [g.name.toUpperCase(), i]));
  for (const [name, x] of memberLookup(m)) {
    const i = index.get(name);
    if (i === undefined) continue;
    const v = values[i] ?? null;
    const t = given[i]!.type;
    if (x.kind === 'field') {
      writeField(w, x.field, v, t, `${path}.${x.name}`);
      continue;
    }
    if (v === null) continue;
    if (t.kind !== 'STRUCT')
      throw new RecordError(`protobuf field ${path}.${x.name}: a oneof needs a STRUCT, not ${typeToString(t)}`);
    const obj = v as Record<string, Value>;
    for (const f of x.fields) {
      const sub = t.fields.find((s) => s.name.toUpperCase() === f.name.toUpperCase());
      if (sub && obj[sub.name] !== null && obj[sub.name] !== undefined)
        writeOne(w, f.number, f.type, obj[sub.name]!, sub.type, true, `${path}.${x.name}.${f.name}`);
    }
  }
}
