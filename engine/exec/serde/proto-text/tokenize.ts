// Proto text (the .proto language, protobuf's lang spec for proto3) split into tokens with their
// line and column: identifiers, integer and float literals, quoted strings (escapes decoded) and
// one-character symbols; `//` and `/* */` comments and whitespace are dropped. Knows no grammar:
// parse-proto.ts reads the tokens.
import { PlanError } from '../../../errors.js';

export interface Pos {
  line: number;
  col: number;
}

export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'symbol' | 'eof';

export interface Token extends Pos {
  kind: TokenKind;
  /** The identifier, the symbol, the number's source text, or the string's decoded value. */
  text: string;
}

/** Bad proto text: what is wrong and where (line:col) in the schema. */
export class ProtoTextError extends PlanError {
  readonly line: number;
  readonly column: number;
  constructor(message: string, at: Pos, where = 'proto schema') {
    super(`${where} ${at.line}:${at.col}: ${message}`);
    this.line = at.line;
    this.column = at.col;
  }
}

const SYMBOLS = new Set([...'{}[]()<>;=,.:-+/']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

class Scanner {
  private at = 0;
  private line = 1;
  private col = 1;

  constructor(
    private readonly src: string,
    private readonly where: string,
  ) {}

  private fail(message: string, at: Pos): never {
    throw new ProtoTextError(message, at, this.where);
  }

  private peek(o = 0): string {
    return this.src[this.at + o] ?? '';
  }

  private next(): string {
    const c = this.src[this.at++] ?? '';
    if (c === '\n') {
      this.line++;
      this.col = 1;
    } else this.col++;
    return c;
  }

  private pos(): Pos {
    return { line: this.line, col: this.col };
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') this.next();
      else if (c === '/' && this.peek(1) === '/') while (this.peek() !== '' && this.peek() !== '\n') this.next();
      else if (c === '/' && this.peek(1) === '*') {
        const start = this.pos();
        this.next();
        this.next();
        while (!(this.peek() === '*' && this.peek(1) === '/')) {
          if (this.peek() === '') this.fail('unterminated /* comment', start);
          this.next();
        }
        this.next();
        this.next();
      } else return;
    }
  }

  private string(quote: string, start: Pos): string {
    let out = '';
    this.next();
    for (;;) {
      const c = this.next();
      if (c === '' || c === '\n') this.fail('unterminated string', start);
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.next();
      if (ESCAPES[e] !== undefined) out += ESCAPES[e];
      else if (e === 'x' || e === 'X') {
        let hex = '';
        while (hex.length < 2 && /[0-9a-fA-F]/.test(this.peek())) hex += this.next();
        if (!hex) this.fail('\\x escape without hex digits', start);
        out += String.fromCharCode(parseInt(hex, 16));
      } else if (/[0-7]/.test(e)) {
        let oct = e;
        while (oct.length < 3 && /[0-7]/.test(this.peek())) oct += this.next();
        out += String.fromCharCode(parseInt(oct, 8));
      } else out += e; // \\ \' \" \?
    }
  }

  private number(start: Pos): Token {
    let text = '';
    while (/[0-9a-zA-Z_.]/.test(this.peek()) || (/[eE]/.test(text.at(-1) ?? '') && /[+-]/.test(this.peek())))
      text += this.next();
    const isInt = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(text);
    if (isInt) return { kind: 'int', text, ...start };
    if (/^([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return { kind: 'float', text, ...start };
    this.fail(`malformed number '${text}'`, start);
  }

  tokens(): Token[] {
    const out: Token[] = [];
    for (;;) {
      this.skipSpaceAndComments();
      const start = this.pos();
      const c = this.peek();
      if (c === '') {
        out.push({ kind: 'eof', text: '', ...start });
        return out;
      }
      if (/[A-Za-z_]/.test(c)) {
        let text = '';
        while (/[A-Za-z0-9_]/.test(this.peek())) text += this.next();
        out.push({ kind: 'ident', text, ...start });
      } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(this.peek(1)))) out.push(this.number(start));
      else if (c === '"' || c === "'") out.push({ kind: 'string', text: this.string(c, start), ...start });
      else if (SYMBOLS.has(c)) out.push({ kind: 'symbol', text: this.next(), ...start });
      else this.fail(`unexpected character '${c}'`, start);
    }
  }
}

/** The tokens of proto text, ending with an `eof` token. */
export function tokenize(src: string, where = 'proto schema'): Token[] {
  return new Scanner(src, where).tokens();
}
