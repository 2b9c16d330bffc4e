// The planner's port (plan/plan-services.ts) answered by the execution side: types from the type
// checker (typecheck/type-expression.ts) with the function registry as its port, conditions from
// compiling them, aggregates from their registry, formats from building the serde.
import type { PlanServices } from '../plan/plan-services.js';
import { compileBool, type CompileContext } from './expression/compile.js';
import { typeExpression, type FunctionTypes } from '../typecheck/type-expression.js';
import { resolveAggregate } from './aggregates/index.js';
import { makeSerde } from './serde/serde.js';
import { inCondition } from '../typecheck/conditions.js';
import type { SchemaRegistry } from './serde/schema-registry.js';
import { inferFromRegistry } from './serde/infer-schema.js';

/** The function library as the type checker's port. */
export function functionTypes(ctx: CompileContext): FunctionTypes {
  return {
    isAggregate: (name) => ctx.registry.isAggregate(name),
    isTableFunction: (name) => ctx.registry.isTableFunction(name),
    resultType: (name, args) => ctx.registry.resultType(name, args, { props: ctx.props }),
  };
}

/** `schemaRegistry`: the driver's, which schema inference reads (none: nothing to infer from). */
export function planServices(ctx: CompileContext, schemaRegistry?: SchemaRegistry): PlanServices {
  const functions = functionTypes(ctx);
  return {
    typeOf: (e, scope) => typeExpression(e, { scope, functions }),
    checkCondition: (e, scope) => inCondition(scope.clause, () => void compileBool(e, scope, ctx)),
    isAggregate: (name) => ctx.registry.isAggregate(name),
    isTableFunction: (name) => ctx.registry.isTableFunction(name),
    isFunction: (name) => ctx.registry.has(name),
    aggregateSignature: (name, args, literals, star, argTexts) => {
      const impl = resolveAggregate(name, args, literals, star, argTexts, ctx.props, (n) => ctx.registry.aggregate(n));
      return {
        type: impl.type,
        undoable: impl.undo !== undefined,
        columnArgs: impl.columnArgs ?? 1,
        complexState: impl.complexState ?? false,
      };
    },
    checkSerde: (o) => void makeSerde(o),
    ...(schemaRegistry
      ? {
          inferColumns: (format, topic, isKey, id, fullName) =>
            inferFromRegistry(schemaRegistry, format, topic, isKey, id, fullName),
        }
      : {}),
    remoteFunctionsIn: (tree) => ctx.registry.remote?.usedIn(tree) ?? [],
  };
}
