// The Schema Registry contract the Schema Registry formats (JSON_SR) use: schemas registered
// under a subject (`<topic>-value`, `<topic>-key`, Confluent's TopicNameStrategy) get a global id
// that the Confluent wire format carries in front of every record. Synchronous, as the engine is:
// the in-memory registry (memory-schema-registry.ts) answers at once.

/** The schema languages Confluent's registry holds (its `schemaType`; absent on the wire = AVRO). */
export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface RegisteredSchema {
  id: number;
  subject: string;
  version: number;
  schemaType: SchemaType;
  /** The schema's text (a JSON schema document for JSON). */
  schema: string;
  /** PROTOBUF: the text of each file the schema imports by the import's name (its references,
   *  resolved, as Confluent's ProtobufSchema holds its dependencies); absent when it has none. */
  dependencies?: Readonly<Record<string, string>>;
}

export interface SchemaRegistry {
  /** Registers `schema` under `subject` (a new version unless the subject already holds it) and
   *  returns its id; the same schema text and type get the same id under any subject. */
  register(subject: string, schemaType: SchemaType, schema: string): number;
  /** The subject's newest version, or undefined when the subject has none. */
  latest(subject: string): RegisteredSchema | undefined;
  /** The schema with this id, or undefined when no subject holds it. */
  byId(id: number): RegisteredSchema | undefined;
}

/** The subject a topic's key or value schema is registered under (TopicNameStrategy). */
export function subjectOf(topic: string, isKey: boolean): string {
  return `${topic}-${isKey ? 'key' : 'value'}`;
}
