// JSON that keeps 64-bit integers: JSON.parse reads every number as a double, so an integer
// literal beyond 2^53 (a BIGINT such as 9007199254740993) would come back rounded. Text holding
// no integer literal of 16 digits goes to JSON.parse as is (the hot path); other text is read by a small
// parser that returns such integers as bigint (as normLong: a number when safe). Writing:
// JSON.stringify, and when the value holds a bigint, the same with its digits written raw.
import { randomBytes } from 'node:crypto';
import { normLong } from './long.js';

// an integer literal of 16 or more digits (not the fraction or mantissa of a double)
const LONG_RUN = /(?:^|[^.\d])\d{16,}(?![.\deE\d])/;

export function parseJsonExact(text: string): unknown {
  if (!LONG_RUN.test(text)) return JSON.parse(text);
  return new ExactParser(text).document();
}

class ExactParser {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): unknown {
    const v = this.value();
    this.blank();
    if (this.i < this.s.length) this.fail();
    return v;
  }

  private fail(): never {
    const c = this.s[this.i];
    throw new SyntaxError(
      c === undefined ? 'Unexpected end of JSON input' : `Unexpected token ${c} in JSON at position ${this.i}`,
    );
  }

  private blank(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.i++;
    }
  }

  private value(): unknown {
    this.blank();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    return this.fail();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.blank();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.blank();
      if (this.s[this.i] !== '"') this.fail();
      const k = this.string();
      this.blank();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      const v = this.value();
      // as JSON.parse: "__proto__" is an own property, not the prototype
      if (k === '__proto__')
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
      this.blank();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail();
      }
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.blank();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.blank();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail();
      }
    }
  }

  private string(): string {
    const s = this.s;
    const start = this.i;
    let j = start + 1;
    let escaped = false;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c === 34) break;
    }
    if (j >= s.length) {
      this.i = s.length;
      this.fail();
    }
    this.i = j + 1;
    const raw = s.slice(start, j + 1);
    return escaped || /[\u0000-\u001f]/.test(raw) ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private number(): number | bigint {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r) return this.fail();
    this.i = m.lastIndex;
    const text = r[0];
    if (r[1] !== undefined || r[2] !== undefined || text.length < 16) return Number(text);
    const b = BigInt(text);
    // beyond 64 bits the value is no BIGINT: a double, as Jackson reads it for DOUBLE/DECIMAL
    return b >= -(1n << 63n) && b < 1n << 63n ? normLong(b) : Number(text);
  }
}

const TOKEN = randomBytes(8).toString('hex');
const MARK = `\u0000${TOKEN}:`;
const RAW = new RegExp(`"\\\\u0000${TOKEN}:(-?\\d+)"`, 'g');

function replacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? MARK + v.toString() : v;
}

/** JSON.stringify that writes bigints as plain integers (JSON.stringify alone throws on them). */
export function stringifyJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(v, replacer).replace(RAW, '$1');
  }
}
