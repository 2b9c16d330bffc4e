// How deeply a parsed statement's nodes nest (objects with a `kind`: expressions, clauses),
// measured without recursion so that a chain of 8,000 ORs, which the parser reads in a loop, is
// refused here rather than overflowing the stack of whatever walks the tree next.

/** The deepest chain of `kind` nodes under `root` (root counted when it has a kind). */
export function nodeDepth(root: unknown): number {
  let max = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: root, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const depth = !Array.isArray(v) && 'kind' in v ? d + 1 : d;
    if (depth > max) max = depth;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push({ v: child, d: depth });
    }
  }
  return max;
}
