// The JSON_SR format: JSON records in the Confluent wire format (confluent-wire.ts). Reading
// strips the frame and reads the JSON as the JSON format does (ksqlDB's deserializer does not
// look the id up); writing registers the columns' JSON schema under the topic's subject on the
// first record and frames the JSON with the id the registry gives, or, given a
// KEY_/VALUE_SCHEMA_ID, writes with the registered schema (json-registered.ts).
import { ExecError, NotSupportedError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { jsonSerde } from './json-serde.js';
import { frame, unframe } from './confluent-wire.js';
import { jsonSchemaOf } from './json-schema.js';
import { registeredJsonWriter } from './json-registered.js';
import { subjectOf } from './schema-registry.js';
import type { Serde, SerdeOptions } from './serde.js';

export function jsonSrSerde(o: SerdeOptions): Serde {
  if (o.topic !== undefined && !o.schemaRegistry)
    throw new NotSupportedError(
      'schema-registry',
      `topic ${o.topic}: writing JSON_SR needs a Schema Registry, which this driver does not have (the in-memory driver has one; the Kafka driver none yet)`,
    );
  const json = jsonSerde(o);
  const unwrapped = o.columns.length === 1 && (o.isKey || !o.wrapSingle);
  const registered =
    o.schemaId === undefined
      ? undefined
      : registeredJsonWriter(o.schemaRegistry, o.schemaId, o.columns, o.isKey, o.topic);
  let schemaId: number | undefined;
  const idToWrite = (): number => {
    if (schemaId !== undefined) return schemaId;
    if (!o.schemaRegistry || o.topic === undefined)
      throw new ExecError('JSON_SR writes records only for a topic on a Schema Registry (none given)');
    schemaId = o.schemaRegistry.register(
      subjectOf(o.topic, o.isKey),
      'JSON',
      jsonSchemaOf(o.columns, unwrapped, o.isKey),
    );
    return schemaId;
  };
  return {
    deserialize(bytes: Buffer | null): Value[] {
      if (bytes === null) return json.deserialize(null);
      return json.deserialize(unframe(bytes, 'JSON_SR').payload);
    },
    deserializeInto(bytes: Buffer, row: Value[], at: number): void {
      json.deserializeInto!(unframe(bytes, 'JSON_SR').payload, row, at);
    },
    serialize(values: readonly Value[], from = 0): Buffer | null {
      if (registered) return registered(values, from);
      const payload = json.serialize(values, from);
      return payload === null ? null : frame(idToWrite(), payload);
    },
  };
}
