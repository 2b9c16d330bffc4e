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

/**
 * A searched CASE, each WHEN and THEN called from a call site of its own:
 * `row => c0(row) === true ? t0(row) : c1(row) === true ? t1(row) : … : other(row)` (null
 * without ELSE). The branches are tried in order and only the chosen THEN is evaluated.
 */
export function searchedCase<T>(
  conds: ReadonlyArray<(row: T) => unknown>,
  thens: ReadonlyArray<(row: T) => unknown>,
  other: ((row: T) => unknown) | undefined,
): (row: T) => unknown {
  const setup = conds.map((_, k) => `const c${k} = C[${k}], t${k} = R[${k}];`).join('\n');
  const body = conds.map((_, k) => `if (c${k}(row) === true) return t${k}(row);`).join('\n');
  return new Function(
    'C',
    'R',
    'O',
    `${setup}\nreturn function (row) {\n${body}\nreturn ${other ? 'O(row)' : 'null'};\n};`,
  )(conds, thens, other) as (row: T) => unknown;
}

/** `row => call([e0(row), e1(row), …])`: a function call's arguments, each from its own call site. */
export function callWith<T, V>(evals: ReadonlyArray<(row: T) => V>, call: (args: V[]) => V): (row: T) => V {
  const setup = evals.map((_, k) => `const e${k} = E[${k}];`).join('\n');
  const args = evals.map((_, k) => `e${k}(row)`).join(', ');
  return new Function('E', 'call', `${setup}\nreturn function (row) { return call([${args}]); };`)(evals, call) as (
    row: T,
  ) => V;
}
