// Prints SQL types the way ksqlDB does (INTEGER, DECIMAL(2, 1), MAP<STRING, INTEGER>,
// STRUCT<`F0` STRING>): struct field names are always backticked so their case survives.
import type { SqlType } from './ast.js';
import { formatIdentifier } from './identifiers.js';

export function printType(t: SqlType): string {
  switch (t.kind) {
    case 'PrimitiveType':
      return t.name;
    case 'DecimalType':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ArrayType':
      return `ARRAY<${printType(t.element)}>`;
    case 'MapType':
      return `MAP<${printType(t.key)}, ${printType(t.value)}>`;
    case 'StructType':
      return `STRUCT<${t.fields.map((f) => `\`${f.name.replace(/`/g, '``')}\` ${printType(f.type)}`).join(', ')}>`;
    case 'CustomType':
      return formatIdentifier(t.name);
  }
}
