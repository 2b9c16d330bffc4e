// Which aggregates' results may be handed out borrowed (AggImpl.peek: the state's own array, which
// the next row changes in place) instead of as a value of their own (COLLECT_SET copies its items
// for the next new value once result() gave them out). Borrowing is safe when every reader of the
// aggregation's output row reads it at once and keeps nothing of it: the row goes straight to
// HAVING and the projection (no record cache holding it for later), and each use of the aggregate
// there is the one argument of ARRAY_LENGTH, which reads only its length. `ARRAY_LENGTH(
// COLLECT_SET(x))` (an exact distinct count) then costs no copy of the set per update.
import type { Expression, FunctionCall } from '../syntax/index.js';
import { children, normalText } from '../types/walk.js';

/** Whether every occurrence of the aggregate `text` in `e` is ARRAY_LENGTH's only argument. */
function onlyMeasured(e: Expression, text: string, parent: Expression | undefined): boolean {
  if (e.kind === 'FunctionCall' && normalText(e) === text)
    return (
      parent !== undefined &&
      parent.kind === 'FunctionCall' &&
      parent.name.toUpperCase() === 'ARRAY_LENGTH' &&
      parent.args.length === 1
    );
  return children(e).every((c) => onlyMeasured(c, text, e));
}

/**
 * For each aggregate, whether its result may be borrowed: `readers` are the expressions reading
 * the output row as soon as it is emitted (HAVING and the projection right after the aggregation),
 * or undefined when the row is kept beyond that (a record cache): then none may.
 */
export function borrowedResults(
  aggregates: readonly FunctionCall[],
  readers: readonly Expression[] | undefined,
): boolean[] {
  return aggregates.map((a) => {
    if (readers === undefined) return false;
    const text = normalText(a);
    return readers.every((r) => onlyMeasured(r, text, undefined));
  });
}
