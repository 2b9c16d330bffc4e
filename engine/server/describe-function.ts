// DESCRIBE FUNCTION's entity for a built-in: every declared overload with its named, typed
// arguments (a variadic one as the array it collects), return type and description.
import type { Entity } from './entities.js';
import type { FunctionDef } from '../exec/functions/registry.js';
import { paramTypeToString } from '../exec/functions/param-types.js';
import { describeParamType } from '../exec/functions/signature.js';

export function builtInFunctionEntity(def: FunctionDef, statementText: string): Entity {
  return {
    '@type': 'describe_function',
    statementText,
    warnings: [],
    name: def.name.toUpperCase(),
    description: def.description,
    author: 'Confluent',
    version: '',
    path: 'internal',
    type: def.kind,
    functions: def.signatures.map((s) => ({
      arguments: s.params.map((p) => ({
        name: p.name,
        type: describeParamType(p),
        description: '',
        isVariadic: p.variadic,
      })),
      returnType: paramTypeToString(s.returns),
      description: s.description || def.description,
      argumentTypes: s.params.map(describeParamType),
    })),
  };
}
