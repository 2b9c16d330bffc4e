// The resolved descriptors of a proto3 schema, what the PROTOBUF serde reads and writes records
// with: messages by full name with their fields (number, label, presence, resolved type), enums
// with their values, and the well-known types ksqlDB's ProtobufData gives SQL meaning to
// (google.protobuf wrappers and Timestamp, google.type Date and TimeOfDay, confluent.type.Decimal).
import type { Pos } from './tokenize.js';

export type ProtoScalar =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export const PROTO_SCALARS: ReadonlySet<string> = new Set<ProtoScalar>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

export interface ProtoEnum {
  fullName: string;
  values: ReadonlyArray<{ name: string; number: number }>;
}

export type ProtoType =
  | { kind: 'scalar'; scalar: ProtoScalar }
  | { kind: 'enum'; enum: ProtoEnum }
  | { kind: 'message'; message: ProtoMessage }
  /** google.protobuf.<X>Value: a message whose field 1 holds the scalar. */
  | { kind: 'wrapper'; scalar: ProtoScalar; fullName: string }
  | { kind: 'timestamp' }
  | { kind: 'date' }
  | { kind: 'time' }
  /** confluent.type.Decimal with the precision and scale of the field's (confluent.field_meta). */
  | { kind: 'decimal'; precision: number; scale: number }
  /** A map<K, V> field (on the wire: repeated entries, key field 1, value field 2). */
  | { kind: 'map'; key: ProtoScalar; value: ProtoType };

export interface ProtoField {
  name: string;
  number: number;
  repeated: boolean;
  /** proto3 `optional`, a message or a oneof member: an absent field is NULL, not its zero value. */
  presence: boolean;
  type: ProtoType;
  /** The oneof (index into the message's oneofs) the field belongs to. */
  oneof?: number;
  at: Pos;
}

export interface ProtoMessage {
  name: string;
  fullName: string;
  fields: ProtoField[];
  oneofs: string[];
  /** Confluent's message indexes: the path of indexes from the file's top-level messages. */
  indexes: number[];
  at: Pos;
}

export interface ProtoSchema {
  package?: string;
  /** Every message of the file in declaration order, nested ones after their parent. */
  messages: ProtoMessage[];
  byName: ReadonlyMap<string, ProtoMessage>;
  /** Names the schema in errors (a subject, a schema id). */
  where: string;
}
