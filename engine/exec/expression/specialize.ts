// Per-node copies of the small closure factories that evaluate expressions. V8 keeps type feedback
// per function literal, and every closure one factory makes shares it: an evaluator built of shared
// closures sees each call and property read as megamorphic and inlines nothing. `specialize`
// evaluates a factory's own source text again, so each node gets a literal (and feedback) of its
// own and the optimizer can inline a whole expression tree. A specialized factory must be
// self-contained: everything it uses comes in through its parameters, since its text is evaluated
// outside the module's scope (a missing name fails at the first call, in every test).
export function specialize<A extends unknown[], R>(factory: (...args: A) => R): (...args: A) => R {
  const source = `return (${factory.toString()});`;
  return (...args: A): R => (new Function(source)() as (...a: A) => R)(...args);
}

/** `(row, out) => { out[0] = e0(row); … }` over the given evaluators, each call site its own. */
export function evaluateAll<T>(evals: ReadonlyArray<(row: T) => unknown>): (row: T, out: unknown[]) => void {
  const setup = evals.map((_, k) => `const e${k} = E[${k}];`).join('\n');
  const body = evals.map((_, k) => `out[${k}] = e${k}(row);`).join('\n');
  return new Function('E', `${setup}\nreturn function (row, out) {\n${body}\n};`)(evals) as (
    row: T,
    out: unknown[],
  ) => void;
}
