// Converts QTT records to topic bytes and back using the formats of the source declared on the
// topic: JSON values as JSON text, DELIMITED values as the CSV string, KAFKA keys as Kafka's
// primitive encodings, PROTOBUF_NOSR values as the message of their columns (read from and back to
// the case's JSON object, as ksqlDB's QTT converts them), JSON_SR keys and values as their JSON in
// the Confluent wire format (with the id of the subject's schema on the runner's registry, the
// source's columns' schema registered if the case registered none), AVRO and PROTOBUF keys and
// values as avro-records.ts and protobuf-records.ts convert them, windowed keys with their
// window appended.
import { makeSerde } from '../exec/serde/serde.js';
import { coerceJson, toJson } from '../types/values.js';
import { parseJsonExact, stringifyJson } from '../types/exact-json.js';
import type { SourceDef } from '../plan/catalog.js';
import { windowedKey } from '../exec/operators/sink.js';
import { splitWindowedKey } from '../exec/operators/source.js';
import type { TopicRecord } from '../exec/topic-driver.js';
import type { QttRecord } from './load-cases.js';
import { frame, unframe } from '../exec/serde/confluent-wire.js';
import { jsonSchemaOf } from '../exec/serde/json-schema.js';
import { subjectOf, type SchemaRegistry } from '../exec/serde/schema-registry.js';
import { ExecError } from '../errors.js';
import { decodeAvro, encodeAvro } from './avro-records.js';
import { decodeProtobuf, encodeProtobuf, protobufData, protobufMessage } from './protobuf-records.js';

/** The JSON of a case's JSON_SR key or value, framed with the id its subject's schema has. */
function jsonSr(data: unknown, def: SourceDef, isKey: boolean, registry: SchemaRegistry | undefined): Buffer {
  if (!registry) throw new ExecError(`topic ${def.topic}: JSON_SR records need a Schema Registry`);
  const subject = subjectOf(def.topic, isKey);
  const cols = def.columns.filter((c) => (c.ns === 'KEY') === isKey);
  const unwrapped = cols.length === 1 && (isKey || !def.wrapSingleValue);
  const id = registry.latest(subject)?.id ?? registry.register(subject, 'JSON', jsonSchemaOf(cols, unwrapped, isKey));
  return frame(id, Buffer.from(stringifyJson(data)));
}

function jsonSrData(bytes: Buffer): unknown {
  return parseJsonExact(unframe(bytes, 'JSON_SR').payload.toString('utf8')) as unknown;
}

function encodeKey(key: unknown, def: SourceDef | undefined, registry: SchemaRegistry | undefined): Buffer | null {
  if (key === null || key === undefined) return null;
  if (!def) return Buffer.from(typeof key === 'string' ? key : stringifyJson(key));
  if (def.keyFormat === 'JSON_SR') return jsonSr(key, def, true, registry);
  if (def.keyFormat === 'AVRO') return encodeAvro(key, def, true, registry);
  if (def.keyFormat === 'PROTOBUF' && def.columns.some((c) => c.ns === 'KEY'))
    return encodeProtobuf(key, def, true, registry);
  const cols = def.columns.filter((c) => c.ns === 'KEY');
  if (def.keyFormat === 'JSON') return Buffer.from(stringifyJson(key));
  if (def.keyFormat === 'DELIMITED' || cols.length === 0)
    return Buffer.from(typeof key === 'string' ? key : stringifyJson(key));
  const serde = makeSerde({
    format: def.keyFormat,
    columns: cols,
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
  });
  return serde.serialize([coerceJson(key, cols[0]!.type)]);
}

function encodeValue(value: unknown, def: SourceDef | undefined, registry: SchemaRegistry | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  if (def?.valueFormat === 'JSON_SR') return jsonSr(value, def, false, registry);
  if (def?.valueFormat === 'AVRO') return encodeAvro(value, def, false, registry);
  if (def?.valueFormat === 'PROTOBUF') return encodeProtobuf(value, def, false, registry);
  if (def?.valueFormat === 'PROTOBUF_NOSR' && typeof value === 'object' && !Array.isArray(value)) {
    return protobufMessage(value as Record<string, unknown>, def, false);
  }
  if (def?.valueFormat === 'KAFKA') {
    const cols = def.columns.filter((c) => c.ns === 'VALUE');
    const serde = makeSerde({ format: 'KAFKA', columns: cols, isKey: false, wrapSingle: true, delimiter: ',' });
    return serde.serialize([coerceJson(value, cols[0]!.type)]);
  }
  if (typeof value === 'string' && def?.valueFormat !== 'JSON') return Buffer.from(value);
  return Buffer.from(stringifyJson(value));
}

/** `registry`: the runner's Schema Registry, which JSON_SR records need. */
export function encodeRecord(r: QttRecord, def: SourceDef | undefined, registry?: SchemaRegistry): TopicRecord {
  let key = encodeKey(r.key, def, registry);
  if (r.window)
    key = windowedKey(key, { start: r.window.start, end: r.window.end }, r.window.type.toLowerCase() === 'session');
  return {
    key,
    value: encodeValue(r.value, def, registry),
    timestamp: r.timestamp ?? 0,
    headers: (r.headers ?? []).map((h) => ({
      key: h.KEY,
      value: h.VALUE === null ? null : Buffer.from(h.VALUE, 'base64'),
    })),
    partition: 0,
  };
}

export interface DecodedRecord {
  key: unknown;
  value: unknown;
  timestamp: number;
  window?: { start: number; end: number; type: string };
}

function decodeKey(bytes: Buffer | null, def: SourceDef | undefined, registry: SchemaRegistry | undefined): unknown {
  if (bytes === null) return null;
  if (!def) return bytes.toString('utf8');
  const cols = def.columns.filter((c) => c.ns === 'KEY');
  if (cols.length === 0) return null;
  if (def.keyFormat === 'JSON') return parseJsonExact(bytes.toString('utf8')) as unknown;
  if (def.keyFormat === 'JSON_SR') return jsonSrData(bytes);
  if (def.keyFormat === 'AVRO') return decodeAvro(bytes, def, true, registry);
  if (def.keyFormat === 'PROTOBUF') return decodeProtobuf(bytes, def, true, registry);
  if (def.keyFormat === 'DELIMITED') return bytes.toString('utf8');
  const serde = makeSerde({
    format: def.keyFormat,
    columns: cols,
    isKey: true,
    wrapSingle: false,
    delimiter: def.keyDelimiter,
    nullable: def.keyNullable,
  });
  return toJson(serde.deserialize(bytes)[0] ?? null, cols[0]!.type);
}

function decodeValue(bytes: Buffer | null, def: SourceDef | undefined, registry: SchemaRegistry | undefined): unknown {
  if (bytes === null) return null;
  if (def?.valueFormat === 'KAFKA') {
    const cols = def.columns.filter((c) => c.ns === 'VALUE');
    const serde = makeSerde({ format: 'KAFKA', columns: cols, isKey: false, wrapSingle: true, delimiter: ',' });
    return toJson(serde.deserialize(bytes)[0] ?? null, cols[0]!.type);
  }
  if (def?.valueFormat === 'DELIMITED') return bytes.toString('utf8');
  if (def?.valueFormat === 'JSON_SR') return jsonSrData(bytes);
  if (def?.valueFormat === 'AVRO') return decodeAvro(bytes, def, false, registry);
  if (def?.valueFormat === 'PROTOBUF') return decodeProtobuf(bytes, def, false, registry);
  if (def?.valueFormat === 'PROTOBUF_NOSR') {
    return protobufData(bytes, def, false);
  }
  const text = bytes.toString('utf8');
  try {
    return parseJsonExact(text) as unknown;
  } catch {
    return text;
  }
}

/** `registry`: the runner's Schema Registry, whose schemas AVRO records are read with. */
export function decodeRecord(rec: TopicRecord, def: SourceDef | undefined, registry?: SchemaRegistry): DecodedRecord {
  let keyBytes = rec.key;
  let window: DecodedRecord['window'];
  if (def?.window && keyBytes) {
    const session = def.window.type === 'SESSION';
    const w = splitWindowedKey(keyBytes, session, def.window.sizeMs ?? 0);
    keyBytes = w.key;
    window = { start: w.window.start, end: w.window.end, type: session ? 'session' : 'time' };
  }
  return {
    key: decodeKey(keyBytes, def, registry),
    value: decodeValue(rec.value, def, registry),
    timestamp: rec.timestamp,
    ...(window ? { window } : {}),
  };
}
