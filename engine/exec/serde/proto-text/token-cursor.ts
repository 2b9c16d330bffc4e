// A cursor over proto text's tokens for the parser: looking ahead, taking the expected token,
// names and literals, and the errors that name what is wrong and its line:col in the schema
// (ProtoTextError for malformed text, NotSupportedError for what records cannot be read by).
import { NotSupportedError } from '../../../errors.js';
import { ProtoTextError, type Pos, type Token } from './tokenize.js';

export class TokenCursor {
  private i = 0;

  constructor(
    private readonly toks: Token[],
    readonly where: string,
  ) {}

  /** The first token (the schema's start). */
  first(): Token {
    return this.toks[0]!;
  }

  peek(o = 0): Token {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  fail(message: string, at: Pos = this.peek()): never {
    throw new ProtoTextError(message, at, this.where);
  }

  unsupported(what: string, at: Pos): never {
    throw new NotSupportedError(
      'protobuf-schema',
      `${this.where} ${at.line}:${at.col}: ${what} is not supported (proto3 schemas of records only)`,
    );
  }

  /** Where a token stands (a declaration keeps its position, not its token). */
  pos(t: Pos): Pos {
    return { line: t.line, col: t.col };
  }

  describe(t: Token): string {
    return t.kind === 'eof' ? 'end of schema' : `'${t.text}'`;
  }

  is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'symbol' || t.kind === 'ident') && t.text === text;
  }

  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    return true;
  }

  expect(text: string): Token {
    if (!this.is(text)) this.fail(`expected '${text}', found ${this.describe(this.peek())}`);
    return this.next();
  }

  ident(what = 'a name'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(`expected ${what}, found ${this.describe(t)}`);
    return this.next();
  }

  /** A dotted name, optionally fully qualified with a leading dot. */
  fullIdent(what = 'a name'): string {
    let out = this.accept('.') ? '.' : '';
    out += this.ident(what).text;
    while (this.is('.')) {
      this.next();
      out += '.' + this.ident(what).text;
    }
    return out;
  }

  intLiteral(what: string): number {
    const neg = this.accept('-');
    const t = this.peek();
    if (t.kind !== 'int') this.fail(`expected ${what}, found ${this.describe(t)}`);
    this.next();
    const v = Number(
      t.text.startsWith('0') && t.text.length > 1 && !/[xX]/.test(t.text) ? parseInt(t.text, 8) : t.text,
    );
    return neg ? -v : v;
  }

  stringLiteral(what: string): string {
    const t = this.peek();
    if (t.kind !== 'string') this.fail(`expected ${what}, found ${this.describe(t)}`);
    this.next();
    let s = t.text;
    while (this.peek().kind === 'string') s += this.next().text; // adjacent strings concatenate
    return s;
  }

  skipTo(symbol: string): void {
    while (!this.accept(symbol)) {
      if (this.peek().kind === 'eof') this.fail(`expected '${symbol}'`);
      this.next();
    }
  }
}
