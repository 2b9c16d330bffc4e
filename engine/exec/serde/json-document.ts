// The document a JSON value's text parses to, built from the column values without writing the
// text: what an in-process writer hands its readers in place of bytes (deferred-record.ts). Exactly
// parseJsonExact(serialize(values)) when it returns one; UNPARSED whenever that is not simply known
// (parsed-json.ts), and then the bytes are written and parsed as before. Compiled per column list:
// an object literal of one fixed shape, where assigning changing names to `{}` goes through V8's
// megamorphic stores (the cost the serde's own document paid).
import { toJson, type Value } from '../../types/values.js';
import type { SqlType } from '../../types/sql-types.js';
import { parsedFlat, plainJsonData, UNPARSED } from './parsed-json.js';

export type DocumentBuilder = (values: readonly Value[], from: number) => unknown;

export interface DocumentColumn {
  name: string;
  type: SqlType;
}

/** The builder for a JSON value of these columns. `flat`: every column primitive (written by
 *  flatJson); `unwrapped`: one bare value, no object. Names must not include `__proto__`. */
export function documentBuilder(cols: readonly DocumentColumn[], flat: boolean, unwrapped: boolean): DocumentBuilder {
  if (unwrapped) {
    const t = cols[0]!.type;
    if (flat) return (values, from) => parsedFlat(values[from] ?? null);
    return (values, from) => {
      const d = toJson(values[from] ?? null, t);
      return plainJsonData(d) ? d : UNPARSED;
    };
  }
  const literal = `{ ${cols.map((c, i) => `${JSON.stringify(c.name)}: d${i}`).join(', ')} }`;
  if (flat) {
    const body = cols.map((_, i) => `const d${i} = P(values[from + ${i}]); if (d${i} === U) return U;`).join('\n');
    return new Function('P', 'U', `return function (values, from) {\n${body}\nreturn ${literal};\n};`)(
      parsedFlat,
      UNPARSED,
    ) as DocumentBuilder;
  }
  const body = cols.map((_, i) => `const d${i} = J(values[from + ${i}] ?? null, T[${i}]);`).join('\n');
  const build = new Function('J', 'T', `return function (values, from) {\n${body}\nreturn ${literal};\n};`)(
    toJson,
    cols.map((c) => c.type),
  ) as DocumentBuilder;
  return (values, from) => {
    const d = build(values, from);
    return plainJsonData(d) ? d : UNPARSED;
  };
}
