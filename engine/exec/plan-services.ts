// The planner's port (plan/plan-services.ts) answered by the execution side: types come from
// compiling the expression (the closure is dropped), aggregates from their registry, formats from
// building the serde.
import type { PlanServices } from '../plan/plan-services.js';
import { compile, compileBool, type CompileContext } from './expression/compile.js';
import { resolveAggregate } from './aggregates/index.js';
import { makeSerde } from './serde/serde.js';
import { inCondition } from '../typecheck/conditions.js';

export function planServices(ctx: CompileContext): PlanServices {
  return {
    typeOf: (e, scope) => compile(e, scope, ctx).type,
    checkCondition: (e, scope) => inCondition(scope.clause, () => void compileBool(e, scope, ctx)),
    isAggregate: (name) => ctx.registry.isAggregate(name),
    isTableFunction: (name) => ctx.registry.isTableFunction(name),
    isFunction: (name) => ctx.registry.has(name),
    aggregateSignature: (name, args, literals, star, argTexts) => {
      const impl = resolveAggregate(name, args, literals, star, argTexts);
      return {
        type: impl.type,
        undoable: impl.undo !== undefined,
        columnArgs: impl.columnArgs ?? 1,
        complexState: impl.complexState ?? false,
      };
    },
    checkSerde: (o) => void makeSerde(o),
    remoteFunctionsIn: (tree) => ctx.registry.remote?.usedIn(tree) ?? [],
  };
}
