// Lexer for ksqlDB SQL: turns text into tokens with 1-based line/column, skipping whitespace and
// comments (`--…`, `/* … */`). Keywords stay IDENT tokens (value upper-cased); the parser
// decides by context, as ksqlDB's non-reserved words require.
import { syntaxError } from './parse-error.js';

export type TokenType =
  | 'IDENT' // unquoted identifier or keyword; value upper-cased
  | 'QUOTED_IDENT' // `x` or "x"; value keeps case, quotes removed
  | 'STRING' // 'x'; value unescaped
  | 'INTEGER'
  | 'DECIMAL'
  | 'FLOAT'
  | 'VARIABLE' // ${name}; value is the name
  | 'OP'
  | 'EOF';

export interface Token {
  type: TokenType;
  value: string;
  /** Exact source text of the token. */
  text: string;
  offset: number;
  end: number;
  line: number;
  column: number;
}

export interface LexStart {
  line: number;
  column: number;
}

// Longest first, so `<=` wins over `<` and `->` over `-`.
const OPERATORS = [
  '<>',
  '!=',
  '<=',
  '>=',
  '||',
  ':=',
  '->',
  '=>',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  '.',
  '*',
  '+',
  '-',
  '/',
  '%',
  '=',
  '<',
  '>',
];

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_@]/.test(c);

/** Tokenises `text`; positions start at `start` so a fragment can report positions in its file. */
export function lex(text: string, start: LexStart = { line: 1, column: 1 }): Token[] {
  return new Lexer(text, start).run();
}

class Lexer {
  private pos = 0;
  private line: number;
  private lineStart: number;
  private readonly tokens: Token[] = [];

  constructor(
    private readonly src: string,
    start: LexStart,
  ) {
    this.line = start.line;
    // Column = pos - lineStart + 1, so a first-line offset shifts lineStart back.
    this.lineStart = -(start.column - 1);
  }

  run(): Token[] {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) break;
      this.tokens.push(this.scan());
    }
    this.tokens.push(this.make('EOF', '', this.pos, this.line, this.col(this.pos)));
    return this.tokens;
  }

  private col(pos: number): number {
    return pos - this.lineStart + 1;
  }

  private advance(n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.src[this.pos] === '\n') {
        this.line++;
        this.lineStart = this.pos + 1;
      }
      this.pos++;
    }
  }

  private skipTrivia(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
        this.advance(1);
      } else if (c === '-' && this.src[this.pos + 1] === '-') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.advance(1);
      } else if (c === '/' && this.src[this.pos + 1] === '*') {
        const close = this.src.indexOf('*/', this.pos + 2);
        if (close < 0) throw this.error(this.pos, this.src.slice(this.pos, this.pos + 2), ["'*/'"]);
        this.advance(close + 2 - this.pos);
      } else {
        return;
      }
    }
  }

  private scan(): Token {
    const c = this.src[this.pos] as string;
    if (c === "'") return this.quoted('STRING', "'");
    if (c === '`') return this.quoted('QUOTED_IDENT', '`');
    if (c === '"') return this.quoted('QUOTED_IDENT', '"');
    if (c === '$' && this.src[this.pos + 1] === '{') return this.variable();
    if (isDigit(c) || (c === '.' && isDigit(this.src[this.pos + 1]))) return this.number();
    if (isIdentStart(c)) return this.word();
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) return this.take('OP', op.length, op);
    }
    throw this.error(this.pos, c, []);
  }

  private take(type: TokenType, length: number, value: string): Token {
    const begin = this.pos;
    const line = this.line;
    const column = this.col(begin);
    this.advance(length);
    return this.make(type, value, begin, line, column);
  }

  private make(type: TokenType, value: string, begin: number, line: number, column: number): Token {
    return { type, value, text: this.src.slice(begin, this.pos), offset: begin, end: this.pos, line, column };
  }

  /** Quoted text where a doubled quote stands for one quote character. */
  private quoted(type: TokenType, q: string): Token {
    let i = this.pos + 1;
    let value = '';
    for (;;) {
      const j = this.src.indexOf(q, i);
      if (j < 0) {
        const what = q === "'" ? 'string literal' : 'quoted identifier';
        throw this.error(this.pos, this.src.slice(this.pos, this.pos + 20), [`closing ${q} of the ${what}`]);
      }
      value += this.src.slice(i, j);
      if (this.src[j + 1] === q) {
        value += q;
        i = j + 2;
      } else {
        i = j + 1;
        break;
      }
    }
    return this.take(type, i - this.pos, value);
  }

  private variable(): Token {
    const close = this.src.indexOf('}', this.pos + 2);
    const name = close < 0 ? '' : this.src.slice(this.pos + 2, close);
    if (!/^[A-Za-z_][A-Za-z0-9_@]*$/.test(name)) {
      throw this.error(this.pos, this.src.slice(this.pos, Math.max(close + 1, this.pos + 2)), ['VARIABLE']);
    }
    return this.take('VARIABLE', close + 1 - this.pos, name);
  }

  private number(): Token {
    const m = /^(\d*)(\.\d*)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos)) as RegExpExecArray;
    const [all, , frac, exp] = m;
    // `1abc` is ksqlDB's DIGIT_IDENTIFIER: a name that starts with a digit.
    if (!frac && !exp && isIdentPart(this.src[this.pos + all.length])) return this.word();
    const type: TokenType = exp ? 'FLOAT' : frac ? 'DECIMAL' : 'INTEGER';
    return this.take(type, all.length, all);
  }

  private word(): Token {
    let n = 0;
    while (isIdentPart(this.src[this.pos + n])) n++;
    return this.take('IDENT', n, this.src.slice(this.pos, this.pos + n).toUpperCase());
  }

  private error(pos: number, near: string, expecting: string[]) {
    // Positions before `pos` are already counted; compute its line/column by replaying.
    let line = this.line;
    let lineStart = this.lineStart;
    for (let i = this.pos; i < pos; i++) {
      if (this.src[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return syntaxError({ line, column: pos - lineStart + 1, near, expecting });
  }
}
