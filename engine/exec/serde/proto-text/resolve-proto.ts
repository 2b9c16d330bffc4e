// Resolves a parsed proto3 file (proto-ast.ts) into descriptors (proto-descriptor.ts): each
// field's type name looked up as protobuf scopes names (innermost enclosing scope first, a
// leading dot is absolute), the well-known types ksqlDB's ProtobufData maps recognised by full
// name, confluent.type.Decimal's precision and scale read from the field's
// (confluent.field_meta) params. An import of another file is resolved from the schema's
// dependencies (its references' texts, by import name), whose messages and enums its fields may
// then name; an import neither well-known nor among them, and a type that cannot be resolved, are
// errors naming the name and its line:col.
import { NotSupportedError } from '../../../errors.js';
import type { EnumDecl, FieldDecl, MessageDecl, OptionValue, ProtoFileDecl } from './proto-ast.js';
import {
  PROTO_SCALARS,
  type ProtoEnum,
  type ProtoField,
  type ProtoMessage,
  type ProtoScalar,
  type ProtoSchema,
  type ProtoType,
} from './proto-descriptor.js';
import { parseProto } from './parse-proto.js';
import { ProtoTextError, type Pos } from './tokenize.js';

/** The files of well-known types a schema may import without a reference. */
const KNOWN_IMPORTS = new Set([
  'google/protobuf/wrappers.proto',
  'google/protobuf/timestamp.proto',
  'google/protobuf/descriptor.proto',
  'google/protobuf/any.proto',
  'google/protobuf/duration.proto',
  'google/protobuf/empty.proto',
  'google/protobuf/struct.proto',
  'google/protobuf/field_mask.proto',
  'google/type/date.proto',
  'google/type/timeofday.proto',
  'confluent/type/decimal.proto',
  'confluent/meta.proto',
]);

const WRAPPERS: Record<string, ProtoScalar> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

const TEMPORALS: Record<string, ProtoType> = {
  'google.protobuf.Timestamp': { kind: 'timestamp' },
  'google.type.Date': { kind: 'date' },
  'google.type.TimeOfDay': { kind: 'time' },
};

const DECIMAL = 'confluent.type.Decimal';
const MAP_KEYS = new Set([...PROTO_SCALARS].filter((s) => s !== 'double' && s !== 'float' && s !== 'bytes'));

type Named = { kind: 'message'; message: ProtoMessage; decl: MessageDecl } | { kind: 'enum'; enum: ProtoEnum };

class Resolver {
  private readonly names = new Map<string, Named>();
  /** The messages of the file being resolved (an imported file's are `names` only). */
  private messages: ProtoMessage[] = [];
  private readonly loaded = new Set<string>();

  constructor(
    private readonly file: ProtoFileDecl,
    private readonly where: string,
    private readonly dependencies: Readonly<Record<string, string>>,
  ) {}

  private fail(message: string, at: Pos): never {
    throw new ProtoTextError(message, at, this.where);
  }

  private qualify(scope: string, name: string): string {
    return scope ? `${scope}.${name}` : name;
  }

  private declare(fullName: string, named: Named, at: Pos): void {
    if (this.names.has(fullName)) this.fail(`${fullName} is already defined`, at);
    this.names.set(fullName, named);
  }

  private enumOf(d: EnumDecl, scope: string): void {
    const fullName = this.qualify(scope, d.name);
    this.declare(fullName, { kind: 'enum', enum: { fullName, values: d.values } }, d.at);
  }

  /** First pass: every message and enum by full name, messages numbered as Confluent indexes them. */
  private collect(d: MessageDecl, scope: string, indexes: number[]): void {
    const fullName = this.qualify(scope, d.name);
    const message: ProtoMessage = { name: d.name, fullName, fields: [], oneofs: d.oneofs, indexes, at: d.at };
    this.declare(fullName, { kind: 'message', message, decl: d }, d.at);
    this.messages.push(message);
    d.enums.forEach((e) => this.enumOf(e, fullName));
    d.messages.forEach((m, i) => this.collect(m, fullName, [...indexes, i]));
  }

  /** The declaration `name` names from `scope` (innermost scope first; a leading dot is absolute). */
  private lookup(name: string, scope: string): Named | undefined {
    if (name.startsWith('.')) return this.names.get(name.slice(1));
    const parts = scope ? scope.split('.') : [];
    for (let n = parts.length; n >= 0; n--) {
      const found = this.names.get(this.qualify(parts.slice(0, n).join('.'), name));
      if (found) return found;
    }
    return undefined;
  }

  private typeOf(f: FieldDecl, name: string, scope: string, owner: string): ProtoType {
    if (PROTO_SCALARS.has(name)) return { kind: 'scalar', scalar: name as ProtoScalar };
    const found = this.lookup(name, scope);
    if (found?.kind === 'enum') return { kind: 'enum', enum: found.enum };
    if (found?.kind === 'message') return { kind: 'message', message: found.message };
    const full = name.replace(/^\./, '');
    const wrapped = WRAPPERS[full];
    if (wrapped) return { kind: 'wrapper', scalar: wrapped, fullName: full };
    const temporal = TEMPORALS[full];
    if (temporal) return temporal;
    if (full === DECIMAL) return this.decimal(f, owner);
    if (/^google\.(protobuf|type)\./.test(full))
      throw new NotSupportedError(
        'protobuf-schema',
        `${this.where} ${f.typeAt.line}:${f.typeAt.col}: field ${owner}.${f.name} is of well-known type ${full}, which the PROTOBUF format does not map to a SQL type`,
      );
    return this.fail(`field ${owner}.${f.name}: type ${name} is not defined`, f.typeAt);
  }

  /** DECIMAL(precision, scale) from `[(confluent.field_meta) = { params: [{key, value}...] }]`. */
  private decimal(f: FieldDecl, owner: string): ProtoType {
    const meta = f.options['(confluent.field_meta)'];
    const raw = meta && typeof meta === 'object' && !Array.isArray(meta) ? meta['params'] : undefined;
    const list: OptionValue[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const params = new Map<string, string>();
    for (const p of list)
      if (p && typeof p === 'object' && !Array.isArray(p)) params.set(String(p['key']), String(p['value']));
    const precision = Number(params.get('precision'));
    const scale = Number(params.get('scale') ?? 0);
    if (!Number.isInteger(precision) || precision < 1 || !Number.isInteger(scale) || scale < 0 || scale > precision)
      this.fail(
        `field ${owner}.${f.name}: confluent.type.Decimal needs a precision (and a scale no larger) in its (confluent.field_meta) params`,
        f.typeAt,
      );
    return { kind: 'decimal', precision, scale };
  }

  /** Second pass: each message's fields with their types resolved from the message's scope. */
  private fill(named: Extract<Named, { kind: 'message' }>): void {
    const { message, decl } = named;
    const numbers = new Map<number, string>();
    const names = new Set<string>();
    for (const f of decl.fields) {
      if (numbers.has(f.number))
        this.fail(`field ${message.fullName}.${f.name} reuses number ${f.number} (of ${numbers.get(f.number)})`, f.at);
      if (names.has(f.name)) this.fail(`field ${message.fullName}.${f.name} is declared twice`, f.at);
      numbers.set(f.number, f.name);
      names.add(f.name);
      let type: ProtoType;
      if (f.mapKey !== undefined) {
        if (!MAP_KEYS.has(f.mapKey))
          this.fail(`field ${message.fullName}.${f.name}: ${f.mapKey} cannot be a map key type`, f.typeAt);
        type = {
          kind: 'map',
          key: f.mapKey as ProtoScalar,
          value: this.typeOf(f, f.type, message.fullName, message.fullName),
        };
      } else type = this.typeOf(f, f.type, message.fullName, message.fullName);
      const field: ProtoField = {
        name: f.name,
        number: f.number,
        repeated: f.label === 'repeated' || type.kind === 'map',
        presence:
          f.label === 'optional' ||
          f.oneof !== undefined ||
          (type.kind !== 'scalar' && type.kind !== 'enum' && type.kind !== 'map'),
        type,
        ...(f.oneof !== undefined ? { oneof: f.oneof } : {}),
        at: f.at,
      };
      message.fields.push(field);
    }
  }

  /** Declares the messages and enums of `file` (the schema's own, or a file it imports). */
  private declareFile(file: ProtoFileDecl, where: string): void {
    for (const imp of file.imports) {
      if (KNOWN_IMPORTS.has(imp.path) || this.loaded.has(imp.path)) continue;
      const text = this.dependencies[imp.path];
      if (text === undefined)
        throw new NotSupportedError(
          'protobuf-schema-references',
          `${where} ${imp.at.line}:${imp.at.col}: import "${imp.path}" is neither a well-known type's file nor one of the schema's references`,
        );
      this.loaded.add(imp.path);
      const own = this.messages;
      this.messages = [];
      const at = `${this.where} import "${imp.path}"`;
      this.declareFile(parseProto(text, at), at);
      this.messages = own;
    }
    const pkg = file.package ?? '';
    file.enums.forEach((e) => this.enumOf(e, pkg));
    file.messages.forEach((m, i) => this.collect(m, pkg, [i]));
  }

  resolve(): ProtoSchema {
    this.declareFile(this.file, this.where);
    for (const named of this.names.values()) if (named.kind === 'message') this.fill(named);
    const byName = new Map(this.messages.map((m) => [m.fullName, m]));
    return {
      ...(this.file.package !== undefined ? { package: this.file.package } : {}),
      messages: this.messages,
      byName,
      where: this.where,
    };
  }
}

/** The descriptors of proto3 text; `where` names the schema in errors; `dependencies` gives the
 *  text of each file it imports (other than the well-known ones) by import name. */
export function protoSchemaOf(
  text: string,
  where = 'proto schema',
  dependencies: Readonly<Record<string, string>> = {},
): ProtoSchema {
  const file = parseProto(text, where);
  if (file.messages.length === 0) throw new ProtoTextError('the schema defines no message', { line: 1, col: 1 }, where);
  return new Resolver(file, where, dependencies).resolve();
}
