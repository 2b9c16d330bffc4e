// Struct dereference, array/map subscripts and the ARRAY/MAP/STRUCT constructors.
import { PlanError } from '../../errors.js';
import { T, typeToString, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import {
  printExpression,
  type ArrayConstructor,
  type Expression,
  type MapConstructor,
  type StructConstructor,
} from '../../syntax/index.js';
import type { Eval } from './operators.js';
import { specialize } from './specialize.js';
import { arrayItemType, mapEntryTypes } from '../../typecheck/constructor-types.js';
import { coerceItem } from './coerce-items.js';

interface Typed {
  type: SqlType;
  eval: Eval;
}

/**
 * `base->name` as its own function, the field name fixed in its code: every dereference gets its
 * own inline cache, so reading a struct field is one monomorphic load (a shared closure reading
 * `v[name]` over many names goes through V8's megamorphic lookup). The name is embedded as a JSON
 * string literal; `__proto__` (which would read the prototype of a struct without that field)
 * keeps the generic read.
 */
function fieldGetter(base: Eval, name: string): Eval {
  if (name === '__proto__')
    return (row) => {
      const v = base(row) as Record<string, Value> | null;
      return v === null ? null : Object.hasOwn(v, name) ? (v[name] ?? null) : null;
    };
  return new Function(
    'base',
    `return function (row) { const v = base(row); return v === null ? null : (v[${JSON.stringify(name)}] ?? null); };`,
  )(base) as Eval;
}

/** `base[i]` for a literal i (1-based; negative counts from the end), one copy per node. */
const elementAt = specialize((base: Eval, i: number): Eval => (row) => {
  const a = base(row) as Value[] | null;
  if (a === null) return null;
  const at = i > 0 ? i - 1 : a.length + i;
  return at >= 0 && at < a.length ? (a[at] ?? null) : null;
});

/** The items compiled once: their types for the type checker, their evaluators in a type. */
function compiledItems(
  items: readonly Expression[],
  sub: (x: Expression) => Typed,
): { has(x: Expression): boolean; typeOf(x: Expression): SqlType; to(type: SqlType): Eval[] } {
  const compiled = new Map(items.map((x) => [x, sub(x)]));
  return {
    has: (x) => compiled.has(x),
    typeOf: (x) => (compiled.get(x) ?? sub(x)).type,
    to: (type) => items.map((x) => coerceItem(x, compiled.get(x)!, type)),
  };
}

export function compileStructural(e: Expression, sub: (x: Expression) => Typed): Typed {
  switch (e.kind) {
    case 'Dereference': {
      const base = sub(e.base);
      if (base.type.kind !== 'STRUCT')
        throw new PlanError(`Expected STRUCT type, got ${typeToString(base.type)} in ${printExpression(e)}`);
      const f =
        base.type.fields.find((x) => x.name === e.field) ??
        base.type.fields.find((x) => x.name.toUpperCase() === e.field.toUpperCase());
      if (!f) throw new PlanError(`Could not find field '${e.field}' in '${printExpression(e.base)}'.`);
      return { type: f.type, eval: fieldGetter(base.eval, f.name) };
    }
    case 'Subscript': {
      const base = sub(e.base);
      const idx = sub(e.index);
      if (base.type.kind === 'ARRAY') {
        // a literal index (`layers->ip_src[1]`, the usual case) is worked out once
        if (e.index.kind === 'IntegerLiteral')
          return { type: base.type.item, eval: elementAt(base.eval, e.index.value) };
        return {
          type: base.type.item,
          eval: (row) => {
            const a = base.eval(row) as Value[] | null;
            const i = idx.eval(row) as number | null;
            if (a === null || i === null) return null;
            const at = i > 0 ? i - 1 : a.length + i;
            return at >= 0 && at < a.length ? (a[at] ?? null) : null;
          },
        };
      }
      if (base.type.kind === 'MAP') {
        return {
          type: base.type.value,
          eval: (row) => {
            const m = base.eval(row) as Record<string, Value> | null;
            const k = idx.eval(row);
            return m === null || k === null ? null : (m[String(k)] ?? null);
          },
        };
      }
      throw new PlanError(
        `Subscript expression '${printExpression(e)}' needs an ARRAY or MAP, got ${typeToString(base.type)}`,
      );
    }
    case 'ArrayConstructor':
    case 'MapConstructor':
    case 'StructConstructor':
      return construct(e, sub);
    default:
      throw new PlanError(`Unexpected expression ${printExpression(e)}`);
  }
}

function construct(e: ArrayConstructor | MapConstructor | StructConstructor, sub: (x: Expression) => Typed): Typed {
  switch (e.kind) {
    case 'ArrayConstructor': {
      const compiled = compiledItems(e.items, sub);
      const item = arrayItemType(e.items, compiled.typeOf);
      const evals = compiled.to(item);
      return { type: T.array(item), eval: (row) => evals.map((i) => i(row)) };
    }
    case 'MapConstructor': {
      const kc = compiledItems(
        e.entries.map((x) => x.key),
        sub,
      );
      const vc = compiledItems(
        e.entries.map((x) => x.value),
        sub,
      );
      const types = mapEntryTypes(e.entries, (x) => (kc.has(x) ? kc.typeOf(x) : vc.typeOf(x)));
      const keys = kc.to(types.key);
      const vals = vc.to(types.value);
      return {
        type: T.map(types.key, types.value),
        eval: (row) => {
          const out: Record<string, Value> = {};
          keys.forEach((key, i) => {
            // a null key is written as the text "null", as ksqlDB's JSON serializer does
            out[String(key(row))] = vals[i]!(row);
          });
          return out;
        },
      };
    }
    case 'StructConstructor': {
      const fields = e.fields.map((f) => ({ name: f.name, c: sub(f.value) }));
      return {
        type: T.struct(fields.map((f) => ({ name: f.name, type: f.c.type }))),
        eval: (row) => {
          const out: Record<string, Value> = {};
          for (const f of fields) out[f.name] = f.c.eval(row);
          return out;
        },
      };
    }
  }
}
