// The declarations of one proto3 file as written (type names not yet resolved): its package,
// imports, messages with their fields, nested messages, enums and oneofs. parse-proto.ts builds
// them; resolve-proto.ts turns them into the descriptors the PROTOBUF serde reads and writes with.
import type { Pos } from './tokenize.js';

/** An option value: a literal, an identifier (enum constant), or a text-format aggregate. */
export type OptionValue = string | number | boolean | OptionValue[] | { [name: string]: OptionValue };

export interface FieldDecl {
  name: string;
  number: number;
  /** `repeated`, or proto3 `optional` (explicit presence); absent: a singular field. */
  label?: 'repeated' | 'optional';
  /** The type as written: a scalar keyword or a (possibly dotted) message or enum name. */
  type: string;
  /** A map field: its key type (`type` is then the value's). */
  mapKey?: string;
  /** The oneof the field belongs to (its index among the message's oneofs). */
  oneof?: number;
  /** Field options by name as written (`(confluent.field_meta)`, `packed`). */
  options: Record<string, OptionValue>;
  at: Pos;
  typeAt: Pos;
}

export interface EnumDecl {
  name: string;
  values: Array<{ name: string; number: number }>;
  at: Pos;
}

export interface MessageDecl {
  name: string;
  fields: FieldDecl[];
  messages: MessageDecl[];
  enums: EnumDecl[];
  oneofs: string[];
  at: Pos;
}

export interface ProtoFileDecl {
  syntax: string;
  package?: string;
  imports: Array<{ path: string; at: Pos }>;
  messages: MessageDecl[];
  enums: EnumDecl[];
}
