// Converts the parser's type nodes into the engine's SqlType. CREATE TYPE names are replaced by
// their types before planning (plan/custom-types.ts), so a name left here was never registered.
import { PlanError } from '../errors.js';
import type { SqlType as AstType } from '../syntax/index.js';
import { T, type SqlType } from './sql-types.js';

export function convertType(t: AstType): SqlType {
  switch (t.kind) {
    case 'PrimitiveType':
      return { kind: t.name };
    case 'DecimalType':
      return T.decimal(t.precision, t.scale);
    case 'ArrayType':
      return T.array(convertType(t.element));
    case 'MapType':
      return T.map(convertType(t.key), convertType(t.value));
    case 'StructType':
      return T.struct(t.fields.map((f) => ({ name: f.name, type: convertType(f.type) })));
    case 'CustomType':
      throw new PlanError(`Unknown type: ${t.name}`, { hint: 'register it first with CREATE TYPE' });
  }
}
