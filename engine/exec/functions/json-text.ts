// A JSON reader and writer for the JSON functions that behaves as ksqlDB's Jackson mapper does:
// numbers keep the text they were written with (`1.23450` stays so), the first value of the
// text is read and what follows it ignored, and output is compact.
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject;

export class JsonObject {
  readonly entries = new Map<string, JsonNode>();
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  value(): JsonNode {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't' || c === 'f' || c === 'n') return this.word();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    throw new SyntaxError(`unexpected ${c === undefined ? 'end of input' : `'${c}'`} at ${this.i}`);
  }

  private ws(): void {
    while (/[ \t\r\n]/.test(this.s[this.i] ?? '')) this.i++;
  }

  private expect(c: string): void {
    this.ws();
    if (this.s[this.i] !== c) throw new SyntaxError(`expected '${c}' at ${this.i}`);
    this.i++;
  }

  private object(): JsonObject {
    const o = new JsonObject();
    this.expect('{');
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.ws();
      const k = this.string();
      this.expect(':');
      o.entries.set(k, this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else return (this.expect('}'), o);
    }
  }

  private array(): JsonNode[] {
    const a: JsonNode[] = [];
    this.expect('[');
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else return (this.expect(']'), a);
    }
  }

  private string(): string {
    if (this.s[this.i] !== '"') throw new SyntaxError(`expected a string at ${this.i}`);
    const m = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(this.s.substring(this.i));
    if (!m) throw new SyntaxError(`bad string at ${this.i}`);
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private number(): JsonNumber {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.substring(this.i));
    if (!m) throw new SyntaxError(`bad number at ${this.i}`);
    this.i += m[0].length;
    return new JsonNumber(m[0]);
  }

  private word(): JsonNode {
    for (const [w, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(w, this.i)) {
        this.i += w.length;
        return v;
      }
    }
    throw new SyntaxError(`unexpected token at ${this.i}`);
  }
}

/** The first JSON value of `text`, or undefined when the text does not start with one. */
export function readJson(text: string): JsonNode | undefined {
  try {
    return new Reader(text).value();
  } catch {
    return undefined;
  }
}

export function writeJson(n: JsonNode): string {
  if (n === null) return 'null';
  if (typeof n === 'boolean') return String(n);
  if (typeof n === 'string') return JSON.stringify(n);
  if (n instanceof JsonNumber) return n.text;
  if (Array.isArray(n)) return `[${n.map(writeJson).join(',')}]`;
  return `{${[...n.entries].map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
}

/** A node as the text-valued JSON functions return it: strings bare, anything else as JSON. */
export function nodeText(n: JsonNode): string {
  return typeof n === 'string' ? n : writeJson(n);
}
