// A PROTOBUF schema held on the Schema Registry, parsed (proto-text/) with the files it imports,
// and a writer of records as one of its messages: the registered schema a KEY_/VALUE_SCHEMA_ID
// names, its message the SCHEMA_FULL_NAME's (else the first), the columns written to the fields
// of their names with the schema's numbers and types, framed with the id and message indexes.
import { PlanError, RecordError } from '../../errors.js';
import type { Value } from '../../types/values.js';
import { frameMessage } from './protobuf-frame.js';
import { ProtoWriter } from './protobuf-wire.js';
import { writeMessage } from './proto-text/message-codec.js';
import type { ProtoSchema } from './proto-text/proto-descriptor.js';
import { messageNamed } from './proto-text/proto-sql-types.js';
import { protoSchemaOf } from './proto-text/resolve-proto.js';
import { heldSchema } from './registered-write.js';
import type { RegisteredSchema, SchemaRegistry } from './schema-registry.js';
import type { SerdeColumn } from './serde.js';

function parsed(held: RegisteredSchema): ProtoSchema {
  if (held.schemaType !== 'PROTOBUF')
    throw new PlanError(`schema ${held.id} (subject ${held.subject}) is ${held.schemaType}, not PROTOBUF`);
  return protoSchemaOf(held.schema, `schema ${held.id} (subject ${held.subject})`, held.dependencies);
}

/** The parsed schema a record's id names; what is wrong with it is the record's error. */
export function registeredProto(held: RegisteredSchema): ProtoSchema {
  try {
    return parsed(held);
  } catch (err) {
    throw new RecordError(`Failed to deserialize data: ${(err as Error).message}`, { cause: err });
  }
}

/** Writes rows of `columns` as the message `fullName` names (else the first) of schema `id`. */
export function registeredWriter(
  registry: SchemaRegistry | undefined,
  id: number,
  fullName: string | undefined,
  columns: readonly SerdeColumn[],
): (values: readonly Value[], from?: number) => Buffer {
  const m = messageNamed(parsed(heldSchema(registry, id, 'PROTOBUF', 'PROTOBUF')), fullName);
  return (values, from = 0) => {
    const w = new ProtoWriter();
    writeMessage(w, m, values.slice(from, from + columns.length), columns);
    return frameMessage(id, w.finish(), m.indexes);
  };
}
