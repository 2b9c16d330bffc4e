// A recursive-descent parser of proto3 text (protobuf's proto3 language spec) into declarations
// (proto-ast.ts): syntax, package, imports, options, messages (fields, nested messages and enums,
// oneofs, map fields, reserved ranges), enums; services are read and dropped (they describe no
// data). What a schema of records cannot be read by here (proto2 syntax, groups, extensions,
// `required`) is refused with a NotSupportedError naming it and its line:col; malformed text is a
// ProtoTextError at the offending token (token-cursor.ts; options are parse-options.ts's).
import type { EnumDecl, FieldDecl, MessageDecl, ProtoFileDecl } from './proto-ast.js';
import { fieldOptions, option } from './parse-options.js';
import { TokenCursor } from './token-cursor.js';
import { tokenize, type Pos, type Token } from './tokenize.js';

const MAX_FIELD_NUMBER = 536_870_911;

class Parser {
  constructor(private readonly c: TokenCursor) {}

  file(): ProtoFileDecl {
    const out: ProtoFileDecl = { syntax: 'proto2', imports: [], messages: [], enums: [] };
    if (this.c.is('syntax') || this.c.is('edition')) {
      const kw = this.c.next();
      this.c.expect('=');
      const at = this.c.peek();
      out.syntax = this.c.stringLiteral('the syntax name');
      this.c.expect(';');
      if (kw.text === 'edition') this.c.unsupported(`edition "${out.syntax}"`, at);
    }
    if (out.syntax !== 'proto3')
      this.c.unsupported(`syntax "${out.syntax}" (no syntax statement means proto2)`, this.c.first());
    while (this.c.peek().kind !== 'eof') {
      const t = this.c.peek();
      if (this.c.accept(';')) continue;
      if (this.c.accept('import')) {
        if (this.c.is('weak') || this.c.is('public')) this.c.next();
        const at = this.c.peek();
        out.imports.push({ path: this.c.stringLiteral('the imported file'), at: this.c.pos(at) });
        this.c.expect(';');
      } else if (this.c.accept('package')) {
        if (out.package !== undefined) this.c.fail('a second package statement', t);
        out.package = this.c.fullIdent('the package name');
        this.c.expect(';');
      } else if (this.c.accept('option')) option(this.c);
      else if (this.c.accept('message')) out.messages.push(this.message(t));
      else if (this.c.accept('enum')) out.enums.push(this.enumBody(t));
      else if (this.c.accept('service')) this.skipService();
      else if (this.c.is('extend')) this.c.unsupported('extend', t);
      else this.c.fail(`expected a message, enum, import, package or option, found ${this.c.describe(t)}`);
    }
    return out;
  }

  private fieldNumber(): number {
    const at = this.c.peek();
    const n = this.c.intLiteral('a field number');
    if (!Number.isInteger(n) || n < 1 || n > MAX_FIELD_NUMBER)
      this.c.fail(`field number ${n} is out of range 1..${MAX_FIELD_NUMBER}`, at);
    if (n >= 19_000 && n <= 19_999) this.c.fail(`field number ${n} is reserved for the protobuf implementation`, at);
    return n;
  }

  private field(at: Token, label: FieldDecl['label'], oneof?: number): FieldDecl {
    const typeAt = this.c.peek();
    if (this.c.is('group')) this.c.unsupported('group', typeAt);
    let type: string;
    let mapKey: string | undefined;
    if (this.c.is('map') && this.c.peek(1).text === '<') {
      if (label) this.c.fail(`a map field cannot be ${label}`, at);
      this.c.next();
      this.c.next();
      mapKey = this.c.ident('a map key type').text;
      this.c.expect(',');
      type = this.c.fullIdent('a map value type');
      this.c.expect('>');
    } else type = this.c.fullIdent('a field type');
    const name = this.c.ident('a field name').text;
    this.c.expect('=');
    const number = this.fieldNumber();
    const options = fieldOptions(this.c);
    this.c.expect(';');
    return {
      name,
      number,
      ...(label ? { label } : {}),
      type,
      ...(mapKey !== undefined ? { mapKey } : {}),
      ...(oneof !== undefined ? { oneof } : {}),
      options,
      at: this.c.pos(at),
      typeAt: this.c.pos(typeAt),
    };
  }

  private message(at: Pos): MessageDecl {
    const name = this.c.ident('a message name').text;
    const open = this.c.expect('{');
    const out: MessageDecl = { name, fields: [], messages: [], enums: [], oneofs: [], at: this.c.pos(at) };
    while (!this.c.accept('}')) {
      const t = this.c.peek();
      if (t.kind === 'eof') this.c.fail(`expected '}' closing message ${name}`, open);
      if (this.c.accept(';')) continue;
      if (this.c.is('message') && this.c.peek(1).kind === 'ident') {
        this.c.next();
        out.messages.push(this.message(t));
      } else if (this.c.is('enum') && this.c.peek(1).kind === 'ident') {
        this.c.next();
        out.enums.push(this.enumBody(t));
      } else if (this.c.is('oneof') && this.c.peek(1).kind === 'ident') {
        this.c.next();
        this.oneof(out);
      } else if (this.c.accept('option')) option(this.c);
      else if (this.c.accept('reserved')) this.c.skipTo(';');
      else if (this.c.is('extensions') || this.c.is('extend')) this.c.unsupported(t.text, t);
      else if (this.c.is('required')) this.c.unsupported('required (a proto2 label)', t);
      else if (this.c.is('repeated') || this.c.is('optional')) {
        const label = this.c.next().text as 'repeated' | 'optional';
        out.fields.push(this.field(t, label));
      } else out.fields.push(this.field(t, undefined));
    }
    return out;
  }

  private oneof(into: MessageDecl): void {
    const name = this.c.ident('a oneof name').text;
    const open = this.c.expect('{');
    const index = into.oneofs.push(name) - 1;
    while (!this.c.accept('}')) {
      const t = this.c.peek();
      if (t.kind === 'eof') this.c.fail(`expected '}' closing oneof ${name}`, open);
      if (this.c.accept(';')) continue;
      if (this.c.accept('option')) option(this.c);
      else if (this.c.is('repeated') || this.c.is('optional') || this.c.is('required'))
        this.c.fail(`a oneof field cannot be ${t.text}`, t);
      else into.fields.push(this.field(t, undefined, index));
    }
    if (!into.fields.some((f) => f.oneof === index)) this.c.fail(`oneof ${name} has no fields`, open);
  }

  private enumBody(at: Pos): EnumDecl {
    const name = this.c.ident('an enum name').text;
    const open = this.c.expect('{');
    const out: EnumDecl = { name, values: [], at: this.c.pos(at) };
    while (!this.c.accept('}')) {
      const t = this.c.peek();
      if (t.kind === 'eof') this.c.fail(`expected '}' closing enum ${name}`, open);
      if (this.c.accept(';')) continue;
      if (this.c.accept('option')) option(this.c);
      else if (this.c.accept('reserved')) this.c.skipTo(';');
      else {
        const value = this.c.ident('an enum value name').text;
        this.c.expect('=');
        const number = this.c.intLiteral('an enum value number');
        fieldOptions(this.c);
        this.c.expect(';');
        out.values.push({ name: value, number });
      }
    }
    if (out.values.length === 0) this.c.fail(`enum ${name} has no values`, at);
    if (out.values[0]!.number !== 0) this.c.fail(`the first value of proto3 enum ${name} must be 0`, at);
    return out;
  }

  /** `service Name { ... }`: skipped with its nested braces. */
  private skipService(): void {
    this.c.ident('a service name');
    const open = this.c.expect('{');
    let depth = 1;
    while (depth > 0) {
      const t = this.c.next();
      if (t.kind === 'eof') this.c.fail("expected '}' closing the service", open);
      if (t.text === '{' && t.kind === 'symbol') depth++;
      else if (t.text === '}' && t.kind === 'symbol') depth--;
    }
  }
}

/** The declarations of proto3 text; `where` names the schema in errors (a subject, a file). */
export function parseProto(text: string, where = 'proto schema'): ProtoFileDecl {
  return new Parser(new TokenCursor(tokenize(text, where), where)).file();
}
