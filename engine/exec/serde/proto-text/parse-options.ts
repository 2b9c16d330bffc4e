// Options in proto text: `option name = value;` statements and `[name = value, ...]` after a
// field or an enum value, the value a constant or a text-format aggregate (`{ key: value ... }`,
// lists `[a, b]`, a repeated name gathered into a list), as confluent.field_meta's params are
// written. Read with the parser's cursor (token-cursor.ts).
import type { OptionValue } from './proto-ast.js';
import type { TokenCursor } from './token-cursor.js';

function optionName(c: TokenCursor): string {
  let name = '';
  do {
    if (c.accept('(')) {
      name += `(${c.fullIdent('an option name')})`;
      c.expect(')');
    } else name += c.ident('an option name').text;
  } while (c.accept('.') && (name += '.'));
  return name;
}

/** A constant, or a text-format aggregate `{ name: value ... }` / list `[a, b]`. */
function optionValue(c: TokenCursor): OptionValue {
  const t = c.peek();
  if (c.accept('{')) {
    const out: Record<string, OptionValue> = {};
    while (!c.accept('}')) {
      if (c.peek().kind === 'eof') c.fail("expected '}' closing the option value", t);
      let name: string;
      if (c.accept('[')) {
        name = `[${c.fullIdent('an extension name')}]`;
        c.expect(']');
      } else name = c.ident('a field name').text;
      c.accept(':');
      const v = optionValue(c);
      const held = out[name];
      out[name] = held === undefined ? v : Array.isArray(held) ? [...held, v] : [held, v];
      if (!c.accept(',')) c.accept(';');
    }
    return out;
  }
  if (c.accept('[')) {
    const out: OptionValue[] = [];
    if (c.accept(']')) return out;
    do out.push(optionValue(c));
    while (c.accept(','));
    c.expect(']');
    return out;
  }
  if (t.kind === 'string') return c.stringLiteral('a value');
  const sign = c.is('-') || c.is('+') ? c.next().text : '';
  const n = c.peek();
  if (n.kind === 'int' || n.kind === 'float') {
    c.next();
    return Number(`${sign}${n.text}`);
  }
  if (n.kind === 'ident') {
    c.next();
    if (n.text === 'true' || n.text === 'false') return n.text === 'true';
    return sign + n.text;
  }
  return c.fail(`expected an option value, found ${c.describe(n)}`);
}

/** `[name = value, ...]` after a field or enum value. */
export function fieldOptions(c: TokenCursor): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  if (!c.accept('[')) return out;
  do {
    const name = optionName(c);
    c.expect('=');
    out[name] = optionValue(c);
  } while (c.accept(','));
  c.expect(']');
  return out;
}

/** `option name = value;` (after `option`): read, and dropped. */
export function option(c: TokenCursor): void {
  optionName(c);
  c.expect('=');
  optionValue(c);
  c.expect(';');
}
