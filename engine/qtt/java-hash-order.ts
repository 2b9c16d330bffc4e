// The order a java.util.HashMap<String, ?> iterates its keys in, as ksqlDB's QTT runner collects
// a case's topics in one (TestCaseBuilderUtil.getAllTopics) and registers their schemas in that
// order (so the ids a case's KEY_/VALUE_SCHEMA_ID name follow it): buckets ascending by the
// spread String.hashCode (h ^ h >>> 16) masked to the table's size (16, doubled whenever the
// entries exceed three quarters of it), entries of one bucket in insertion order.

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `keys` (distinct, in insertion order) in the order a HashMap holding them iterates them. */
export function javaHashOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string): number => {
    const h = stringHash(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.k);
}
