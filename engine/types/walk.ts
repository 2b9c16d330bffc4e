// Generic traversal of expression trees: children, rewriting, and the normalised text used to
// match the same expression written with and without a source qualifier.
import { printExpression, type Expression } from '../syntax/index.js';

export function children(e: Expression): Expression[] {
  switch (e.kind) {
    case 'Dereference':
      return [e.base];
    case 'Subscript':
      return [e.base, e.index];
    case 'ArithmeticBinary':
    case 'Comparison':
    case 'LogicalBinary':
      return [e.left, e.right];
    case 'ArithmeticUnary':
    case 'Not':
    case 'IsNull':
      return [e.operand];
    case 'Like':
      return [e.value, e.pattern];
    case 'Between':
      return [e.value, e.low, e.high];
    case 'InList':
      return [e.value, ...e.list];
    case 'SearchedCase':
      return [...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'SimpleCase':
      return [e.operand, ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'Cast':
      return [e.expr];
    case 'FunctionCall':
      return e.args;
    case 'Lambda':
      return [e.body];
    case 'ArrayConstructor':
      return e.items;
    case 'MapConstructor':
      return e.entries.flatMap((x) => [x.key, x.value]);
    case 'StructConstructor':
      return e.fields.map((f) => f.value);
    default:
      return [];
  }
}

/** Rebuilds a tree bottom-up, letting `f` replace any node (used to drop qualifiers). */
export function rewrite(e: Expression, f: (x: Expression) => Expression | undefined): Expression {
  const direct = f(e);
  if (direct) return direct;
  const r = (x: Expression): Expression => rewrite(x, f);
  switch (e.kind) {
    case 'Dereference':
      return { ...e, base: r(e.base) };
    case 'Subscript':
      return { ...e, base: r(e.base), index: r(e.index) };
    case 'ArithmeticBinary':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'Comparison':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'LogicalBinary':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'ArithmeticUnary':
      return { ...e, operand: r(e.operand) };
    case 'Not':
      return { ...e, operand: r(e.operand) };
    case 'IsNull':
      return { ...e, operand: r(e.operand) };
    case 'Like':
      return { ...e, value: r(e.value), pattern: r(e.pattern) };
    case 'Between':
      return { ...e, value: r(e.value), low: r(e.low), high: r(e.high) };
    case 'InList':
      return { ...e, value: r(e.value), list: e.list.map(r) };
    case 'SearchedCase':
      return {
        ...e,
        whens: e.whens.map((w) => ({ when: r(w.when), then: r(w.then) })),
        ...(e.else ? { else: r(e.else) } : {}),
      };
    case 'SimpleCase':
      return {
        ...e,
        operand: r(e.operand),
        whens: e.whens.map((w) => ({ when: r(w.when), then: r(w.then) })),
        ...(e.else ? { else: r(e.else) } : {}),
      };
    case 'Cast':
      return { ...e, expr: r(e.expr) };
    case 'FunctionCall':
      return { ...e, args: e.args.map(r) };
    case 'ArrayConstructor':
      return { ...e, items: e.items.map(r) };
    case 'MapConstructor':
      return { ...e, entries: e.entries.map((x) => ({ key: r(x.key), value: r(x.value) })) };
    case 'StructConstructor':
      return { ...e, fields: e.fields.map((x) => ({ name: x.name, value: r(x.value) })) };
    default:
      return e;
  }
}

/** Drops source qualifiers and locations so `TEST.F1` and `F1` compare equal. */
export function unqualify(e: Expression): Expression {
  return rewrite(e, (x) => (x.kind === 'ColumnRef' ? { kind: 'ColumnRef', name: x.name } : undefined));
}

export function normalText(e: Expression): string {
  return printExpression(unqualify(e));
}

export function someNode(e: Expression, test: (x: Expression) => boolean): boolean {
  if (test(e)) return true;
  return children(e).some((c) => someNode(c, test));
}
