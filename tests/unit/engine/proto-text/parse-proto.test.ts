// The proto3 text parser and resolver: messages with nested messages and enums, repeated, map,
// oneof, proto3 optional, packages and scoped names, the well-known types' imports, options
// (confluent.field_meta's decimal params), comments; and every refusal naming what and its
// line:col in the text.
import { describe, expect, it } from 'vitest';
import { parseProto } from '../../../../engine/exec/serde/proto-text/parse-proto.js';
import { protoSchemaOf } from '../../../../engine/exec/serde/proto-text/resolve-proto.js';
import { ProtoTextError, tokenize } from '../../../../engine/exec/serde/proto-text/tokenize.js';
import { NotSupportedError } from '../../../../engine/errors.js';

const SCHEMA = `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
import 'google/protobuf/wrappers.proto';
import "confluent/type/decimal.proto";
// a comment
option java_package = "com.example";

/* an order */
message Order {
  enum Status { NEW = 0; PAID = 2 [deprecated = true]; }
  message Line { string sku = 1; int32 qty = 2; }
  reserved 7, 9 to 11;
  reserved "old";
  int64 id = 1;
  Status status = 2;
  repeated Line lines = 3;
  map<string, int64> tags = 4;
  google.protobuf.Timestamp at = 5;
  google.protobuf.StringValue note = 6;
  optional bool gift = 8;
  confluent.type.Decimal total = 12 [(confluent.field_meta) = { params: [{ key: "precision", value: "8" }, { key: "scale", value: "2" }] }];
  oneof payment { string card = 13; Line voucher = 14; }
  .shop.v1.Order.Line first = 15;
}
service Orders { rpc Get (Order) returns (Order) { option deprecated = true; } }
`;

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('the proto3 tokenizer', () => {
  it('gives each token its line and column, drops comments, decodes strings', () => {
    const toks = tokenize('a /* x\n y */ = "q\\x41\\n" // z\n  42;');
    expect(toks.map((t) => [t.kind, t.text, t.line, t.col])).toEqual([
      ['ident', 'a', 1, 1],
      ['symbol', '=', 2, 7],
      ['string', 'qA\n', 2, 9],
      ['int', '42', 3, 3],
      ['symbol', ';', 3, 5],
      ['eof', '', 3, 6],
    ]);
  });
  it('refuses an unterminated string at its start', () => {
    const err = errorOf(() => tokenize('x = "abc', 'schema 3'));
    expect(err).toBeInstanceOf(ProtoTextError);
    expect(err.message).toBe('schema 3 1:5: unterminated string');
  });
});

describe('the proto3 parser', () => {
  it('reads messages, nested declarations, labels, maps, oneofs and options', () => {
    const f = parseProto(SCHEMA);
    expect(f.syntax).toBe('proto3');
    expect(f.package).toBe('shop.v1');
    expect(f.imports.map((i) => i.path)).toEqual([
      'google/protobuf/timestamp.proto',
      'google/protobuf/wrappers.proto',
      'confluent/type/decimal.proto',
    ]);
    const order = f.messages[0]!;
    expect(order.enums[0]).toMatchObject({
      name: 'Status',
      values: [
        { name: 'NEW', number: 0 },
        { name: 'PAID', number: 2 },
      ],
    });
    expect(order.messages[0]!.fields.map((x) => x.name)).toEqual(['sku', 'qty']);
    expect(order.oneofs).toEqual(['payment']);
    const byName = new Map(order.fields.map((x) => [x.name, x]));
    expect(byName.get('lines')).toMatchObject({ label: 'repeated', type: 'Line', number: 3 });
    expect(byName.get('tags')).toMatchObject({ mapKey: 'string', type: 'int64' });
    expect(byName.get('gift')).toMatchObject({ label: 'optional', type: 'bool' });
    expect(byName.get('card')).toMatchObject({ oneof: 0, number: 13 });
    expect(byName.get('first')!.type).toBe('.shop.v1.Order.Line');
    expect(byName.get('total')!.options['(confluent.field_meta)']).toEqual({
      params: [
        { key: 'precision', value: '8' },
        { key: 'scale', value: '2' },
      ],
    });
    expect(byName.get('id')!.at).toEqual({ line: 15, col: 3 });
  });
  it('refuses malformed text at the offending token', () => {
    expect(errorOf(() => parseProto('syntax = "proto3"; message M { int32 a = ; }')).message).toBe(
      "proto schema 1:42: expected a field number, found ';'",
    );
    expect(errorOf(() => parseProto('syntax = "proto3";\nmessage M {\n  int32 a = 1;\n')).message).toBe(
      "proto schema 2:11: expected '}' closing message M",
    );
    expect(errorOf(() => parseProto('syntax = "proto3"; message M { int32 a = 0; }')).message).toMatch(
      /1:42: field number 0 is out of range/,
    );
    expect(errorOf(() => parseProto('syntax = "proto3"; enum E { A = 1; }')).message).toBe(
      'proto schema 1:20: the first value of proto3 enum E must be 0',
    );
  });
  it('refuses what proto3 records cannot be read by here, naming it and where', () => {
    const proto2 = errorOf(() => parseProto('message M { required int32 a = 1; }', 'subject t-value'));
    expect(proto2).toBeInstanceOf(NotSupportedError);
    expect(proto2.message).toMatch(/^subject t-value 1:1: syntax "proto2"/);
    expect(errorOf(() => parseProto('syntax = "proto3";\nmessage M {\n  extensions 100 to 199;\n}')).message).toMatch(
      /^proto schema 3:3: extensions is not supported/,
    );
    expect(errorOf(() => parseProto('syntax = "proto3"; extend Foo { int32 x = 1; }')).message).toMatch(/1:20: extend/);
  });
});

describe('the proto3 resolver', () => {
  it('resolves scoped names, well-known types and decimal params', () => {
    const s = protoSchemaOf(SCHEMA);
    expect(s.messages.map((m) => [m.fullName, m.indexes])).toEqual([
      ['shop.v1.Order', [0]],
      ['shop.v1.Order.Line', [0, 0]],
    ]);
    const order = s.byName.get('shop.v1.Order')!;
    const t = Object.fromEntries(order.fields.map((f) => [f.name, f]));
    expect(t['status']!.type).toMatchObject({ kind: 'enum', enum: { fullName: 'shop.v1.Order.Status' } });
    expect(t['lines']).toMatchObject({
      repeated: true,
      type: { kind: 'message', message: { fullName: 'shop.v1.Order.Line' } },
    });
    expect(t['tags']).toMatchObject({
      repeated: true,
      type: { kind: 'map', key: 'string', value: { kind: 'scalar', scalar: 'int64' } },
    });
    expect(t['at']!.type).toEqual({ kind: 'timestamp' });
    expect(t['note']!.type).toMatchObject({ kind: 'wrapper', scalar: 'string' });
    expect(t['total']!.type).toEqual({ kind: 'decimal', precision: 8, scale: 2 });
    expect(t['gift']).toMatchObject({ presence: true });
    expect(t['id']).toMatchObject({ presence: false });
    expect(t['first']!.type).toMatchObject({ kind: 'message', message: { fullName: 'shop.v1.Order.Line' } });
  });
  it('reads the files a schema imports from its dependencies', () => {
    const s = protoSchemaOf('syntax = "proto3"; import "ev.proto"; message L { ev.Event e = 1; }', 'x', {
      'ev.proto': 'syntax = "proto3"; package ev; message Event { int64 ts = 1; }',
    });
    expect(s.messages.map((m) => m.fullName)).toEqual(['L']);
    expect(s.messages[0]!.fields[0]!.type).toMatchObject({ kind: 'message', message: { fullName: 'ev.Event' } });
  });
  it('refuses unknown types, imports and bad decimals with line:col', () => {
    expect(errorOf(() => protoSchemaOf('syntax = "proto3";\nmessage M {\n  Nope a = 1;\n}')).message).toBe(
      'proto schema 3:3: field M.a: type Nope is not defined',
    );
    const imp = errorOf(() => protoSchemaOf('syntax = "proto3";\nimport "other.proto";\nmessage M { int32 a = 1; }'));
    expect(imp).toBeInstanceOf(NotSupportedError);
    expect(imp.message).toMatch(/^proto schema 2:8: import "other.proto" is neither a well-known type's file/);
    expect(
      errorOf(() => protoSchemaOf('syntax = "proto3"; message M { confluent.type.Decimal d = 1; }')).message,
    ).toMatch(/1:32: field M.d: confluent.type.Decimal needs a precision/);
    expect(errorOf(() => protoSchemaOf('syntax = "proto3"; message M { int32 a = 1; int32 b = 1; }')).message).toMatch(
      /1:45: field M.b reuses number 1 \(of a\)/,
    );
    expect(errorOf(() => protoSchemaOf('syntax = "proto3"; message M { google.protobuf.Any a = 1; }')).message).toMatch(
      /1:32: field M.a is of well-known type google.protobuf.Any/,
    );
  });
});
