// What every writer with a registered schema (a sink's or source's KEY_/VALUE_SCHEMA_ID: AVRO,
// JSON_SR, PROTOBUF) shares: the schema the id names, of the format's schema type, and the
// failure of a record the schema cannot hold (a required field without a value or default),
// which stops the query as a serialization error stops ksqlDB's (Kafka Streams fails the task
// with "Exception caught in process", caused by "Unable to serialize record").
import { ExecError, PlanError, RecordError } from '../../errors.js';
import type { RegisteredSchema, SchemaRegistry, SchemaType } from './schema-registry.js';
import type { Value } from '../../types/values.js';
import type { SerdeColumn } from './serde.js';

/** The schema `id` names, which must be of `type` (the format's). */
export function heldSchema(
  registry: SchemaRegistry | undefined,
  id: number,
  format: string,
  type: SchemaType,
): RegisteredSchema {
  const held = registry?.byId(id);
  if (!held) throw new PlanError(`${format} schema id ${id} is not on the Schema Registry`);
  if (held.schemaType !== type)
    throw new PlanError(
      `schema ${id} (subject ${held.subject}) is ${held.schemaType}, not the ${type} schema ${format} needs`,
    );
  return held;
}

/** Runs a registered writer's `write`; a record it cannot write fails the query. */
export function writeRegistered<T>(topic: string | undefined, id: number, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (!(err instanceof RecordError)) throw err;
    throw new ExecError(
      `Exception caught in process: Unable to serialize record${topic === undefined ? '' : ` to topic ${topic}`} with schema ${id}: ${err.message}`,
      { cause: err },
    );
  }
}

/**
 * The data a registered writer encodes from the columns' values (from `from`): the one column's
 * value when `bare` (a key, or a schema that is no record/object), else an object of the columns by
 * name; each value as `convert` gives it. Null when there is nothing to write.
 */
export function registeredData(
  columns: readonly SerdeColumn[],
  values: readonly Value[],
  from: number,
  bare: boolean,
  convert: (v: Value, c: SerdeColumn) => unknown,
): unknown {
  if (columns.length === 0) return null;
  if (bare) return convert(values[from] ?? null, columns[0]!);
  return Object.fromEntries(columns.map((c, i) => [c.name, convert(values[from + i] ?? null, c)]));
}
