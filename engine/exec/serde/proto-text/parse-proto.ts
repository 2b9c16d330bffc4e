// A recursive-descent parser of proto3 text (protobuf's proto3 language spec) into declarations
// (proto-ast.ts): syntax, package, imports, options, messages (fields, nested messages and enums,
// oneofs, map fields, reserved ranges), enums; services are read and dropped (they describe no
// data). What a schema of records cannot be read by here (proto2 syntax, groups, extensions,
// `required`) is refused with a NotSupportedError naming it and its line:col; malformed text is a
// ProtoTextError at the offending token.
import { NotSupportedError } from '../../../errors.js';
import type { EnumDecl, FieldDecl, MessageDecl, OptionValue, ProtoFileDecl } from './proto-ast.js';
import { ProtoTextError, tokenize, type Pos, type Token } from './tokenize.js';

const MAX_FIELD_NUMBER = 536_870_911;

class Parser {
  private i = 0;

  constructor(
    private readonly toks: Token[],
    private readonly where: string,
  ) {}

  private peek(o = 0): Token {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private fail(message: string, at: Pos = this.peek()): never {
    throw new ProtoTextError(message, at, this.where);
  }

  private unsupported(what: string, at: Pos): never {
    throw new NotSupportedError(
      'protobuf-schema',
      `${this.where} ${at.line}:${at.col}: ${what} is not supported (proto3 schemas of records only)`,
    );
  }

  /** Where a token stands (a declaration keeps its position, not its token). */
  private pos(t: Pos): Pos {
    return { line: t.line, col: t.col };
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of schema' : `'${t.text}'`;
  }

  private is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'symbol' || t.kind === 'ident') && t.text === text;
  }

  private accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }

  private expect(text: string): Token {
    if (!this.is(text)) this.fail(`expected '${text}', found ${this.describe(this.peek())}`);
    return this.next();
  }

  private ident(what = 'a name'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(`expected ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  /** A dotted name, optionally fully qualified with a leading dot. */
  private fullIdent(what = 'a name'): string {
    let out = this.accept('.') ? '.' : '';
    out += this.ident(what).text;
    while (this.is('.')) {
      this.next();
      out += '.' + this.ident(what).text;
    }
    return out;
  }

  private intLiteral(what: string): number {
    const neg = this.accept('-');
    const t = this.peek();
    if (t.kind !== 'int') this.fail(`expected ${what}, found ${this.describe(t)}`);
    this.next();
    const v = Number(
      t.text.startsWith('0') && t.text.length > 1 && !/[xX]/.test(t.text) ? parseInt(t.text, 8) : t.text,
    );
    return neg ? -v : v;
  }

  private stringLiteral(what: string): string {
    const t = this.peek();
    if (t.kind !== 'string') this.fail(`expected ${what}, found ${this.describe(t)}`);
    this.next();
    let s = t.text;
    while (this.peek().kind === 'string') s += this.next().text; // adjacent strings concatenate
    return s;
  }

  file(): ProtoFileDecl {
    const out: ProtoFileDecl = { syntax: 'proto2', imports: [], messages: [], enums: [] };
    if (this.is('syntax') || this.is('edition')) {
      const kw = this.next();
      this.expect('=');
      const at = this.peek();
      out.syntax = this.stringLiteral('the syntax name');
      this.expect(';');
      if (kw.text === 'edition') this.unsupported(`edition "${out.syntax}"`, at);
    }
    if (out.syntax !== 'proto3')
      this.unsupported(`syntax "${out.syntax}" (no syntax statement means proto2)`, this.toks[0]!);
    while (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (this.accept(';')) continue;
      if (this.accept('import')) {
        if (this.is('weak') || this.is('public')) this.next();
        const at = this.peek();
        out.imports.push({ path: this.stringLiteral('the imported file'), at: this.pos(at) });
        this.expect(';');
      } else if (this.accept('package')) {
        if (out.package !== undefined) this.fail('a second package statement', t);
        out.package = this.fullIdent('the package name');
        this.expect(';');
      } else if (this.accept('option')) this.option();
      else if (this.accept('message')) out.messages.push(this.message(t));
      else if (this.accept('enum')) out.enums.push(this.enumBody(t));
      else if (this.accept('service')) this.skipService();
      else if (this.is('extend')) this.unsupported('extend', t);
      else this.fail(`expected a message, enum, import, package or option, found ${this.describe(t)}`);
    }
    return out;
  }

  /** `option name = value;` (after `option`): read, and dropped. */
  private option(): void {
    this.optionName();
    this.expect('=');
    this.optionValue();
    this.expect(';');
  }

  private optionName(): string {
    let name = '';
    do {
      if (this.accept('(')) {
        name += `(${this.fullIdent('an option name')})`;
        this.expect(')');
      } else name += this.ident('an option name').text;
    } while (this.accept('.') && (name += '.'));
    return name;
  }

  /** A constant, or a text-format aggregate `{ name: value ... }` / list `[a, b]`. */
  private optionValue(): OptionValue {
    const t = this.peek();
    if (this.accept('{')) {
      const out: Record<string, OptionValue> = {};
      while (!this.accept('}')) {
        if (this.peek().kind === 'eof') this.fail("expected '}' closing the option value", t);
        let name: string;
        if (this.accept('[')) {
          name = `[${this.fullIdent('an extension name')}]`;
          this.expect(']');
        } else name = this.ident('a field name').text;
        this.accept(':');
        const v = this.optionValue();
        const held = out[name];
        out[name] = held === undefined ? v : Array.isArray(held) ? [...held, v] : [held, v];
        if (!this.accept(',')) this.accept(';');
      }
      return out;
    }
    if (this.accept('[')) {
      const out: OptionValue[] = [];
      if (this.accept(']')) return out;
      do out.push(this.optionValue());
      while (this.accept(','));
      this.expect(']');
      return out;
    }
    if (t.kind === 'string') return this.stringLiteral('a value');
    const sign = this.is('-') || this.is('+') ? this.next().text : '';
    const n = this.peek();
    if (n.kind === 'int' || n.kind === 'float') {
      this.next();
      return Number(`${sign}${n.text}`);
    }
    if (n.kind === 'ident') {
      this.next();
      if (n.text === 'true' || n.text === 'false') return n.text === 'true';
      return sign + n.text;
    }
    return this.fail(`expected an option value, found ${this.describe(n)}`);
  }

  /** `[name = value, ...]` after a field or enum value. */
  private fieldOptions(): Record<string, OptionValue> {
    const out: Record<string, OptionValue> = {};
    if (!this.accept('[')) return out;
    do {
      const name = this.optionName();
      this.expect('=');
      out[name] = this.optionValue();
    } while (this.accept(','));
    this.expect(']');
    return out;
  }

  private fieldNumber(): number {
    const at = this.peek();
    const n = this.intLiteral('a field number');
    if (!Number.isInteger(n) || n < 1 || n > MAX_FIELD_NUMBER)
      this.fail(`field number ${n} is out of range 1..${MAX_FIELD_NUMBER}`, at);
    if (n >= 19_000 && n <= 19_999) this.fail(`field number ${n} is reserved for the protobuf implementation`, at);
    return n;
  }

  private field(at: Token, label: FieldDecl['label'], oneof?: number): FieldDecl {
    const typeAt = this.peek();
    if (this.is('group')) this.unsupported('group', typeAt);
    let type: string;
    let mapKey: string | undefined;
    if (this.is('map') && this.peek(1).text === '<') {
      if (label) this.fail(`a map field cannot be ${label}`, at);
      this.next();
      this.next();
      mapKey = this.ident('a map key type').text;
      this.expect(',');
      type = this.fullIdent('a map value type');
      this.expect('>');
    } else type = this.fullIdent('a field type');
    const name = this.ident('a field name').text;
    this.expect('=');
    const number = this.fieldNumber();
    const options = this.fieldOptions();
    this.expect(';');
    return {
      name,
      number,
      ...(label ? { label } : {}),
      type,
      ...(mapKey !== undefined ? { mapKey } : {}),
      ...(oneof !== undefined ? { oneof } : {}),
      options,
      at: this.pos(at),
      typeAt: this.pos(typeAt),
    };
  }

  private message(at: Pos): MessageDecl {
    const name = this.ident('a message name').text;
    const open = this.expect('{');
    const out: MessageDecl = { name, fields: [], messages: [], enums: [], oneofs: [], at: this.pos(at) };
    while (!this.accept('}')) {
      const t = this.peek();
      if (t.kind === 'eof') this.fail(`expected '}' closing message ${name}`, open);
      if (this.accept(';')) continue;
      if (this.is('message') && this.peek(1).kind === 'ident') {
        this.next();
        out.messages.push(this.message(t));
      } else if (this.is('enum') && this.peek(1).kind === 'ident') {
        this.next();
        out.enums.push(this.enumBody(t));
      } else if (this.is('oneof') && this.peek(1).kind === 'ident') {
        this.next();
        this.oneof(out);
      } else if (this.accept('option')) this.option();
      else if (this.accept('reserved')) this.skipTo(';');
      else if (this.is('extensions') || this.is('extend')) this.unsupported(t.text, t);
      else if (this.is('required')) this.unsupported('required (a proto2 label)', t);
      else if (this.is('repeated') || this.is('optional')) {
        const label = this.next().text as 'repeated' | 'optional';
        out.fields.push(this.field(t, label));
      } else out.fields.push(this.field(t, undefined));
    }
    return out;
  }

  private oneof(into: MessageDecl): void {
    const name = this.ident('a oneof name').text;
    const open = this.expect('{');
    const index = into.oneofs.push(name) - 1;
    while (!this.accept('}')) {
      const t = this.peek();
      if (t.kind === 'eof') this.fail(`expected '}' closing oneof ${name}`, open);
      if (this.accept(';')) continue;
      if (this.accept('option')) this.option();
      else if (this.is('repeated') || this.is('optional') || this.is('required'))
        this.fail(`a oneof field cannot be ${t.text}`, t);
      else into.fields.push(this.field(t, undefined, index));
    }
    if (!into.fields.some((f) => f.oneof === index)) this.fail(`oneof ${name} has no fields`, open);
  }

  private enumBody(at: Pos): EnumDecl {
    const name = this.ident('an enum name').text;
    const open = this.expect('{');
    const out: EnumDecl = { name, values: [], at: this.pos(at) };
    while (!this.accept('}')) {
      const t = this.peek();
      if (t.kind === 'eof') this.fail(`expected '}' closing enum ${name}`, open);
      if (this.accept(';')) continue;
      if (this.accept('option')) this.option();
      else if (this.accept('reserved')) this.skipTo(';');
      else {
        const value = this.ident('an enum value name').text;
        this.expect('=');
        const number = this.intLiteral('an enum value number');
        this.fieldOptions();
        this.expect(';');
        out.values.push({ name: value, number });
      }
    }
    if (out.values.length === 0) this.fail(`enum ${name} has no values`, at);
    if (out.values[0]!.number !== 0) this.fail(`the first value of proto3 enum ${name} must be 0`, at);
    return out;
  }

  private skipTo(symbol: string): void {
    while (!this.accept(symbol)) {
      if (this.peek().kind === 'eof') this.fail(`expected '${symbol}'`);
      this.next();
    }
  }

  /** `service Name { ... }`: skipped with its nested braces. */
  private skipService(): void {
    this.ident('a service name');
    const open = this.expect('{');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === 'eof') this.fail("expected '}' closing the service", open);
      if (t.text === '{' && t.kind === 'symbol') depth++;
      else if (t.text === '}' && t.kind === 'symbol') depth--;
    }
  }
}

/** The declarations of proto3 text; `where` names the schema in errors (a subject, a file). */
export function parseProto(text: string, where = 'proto schema'): ProtoFileDecl {
  return new Parser(tokenize(text, where), where).file();
}
