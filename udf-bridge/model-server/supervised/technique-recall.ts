// Per-technique recall of a family classifier: of each technique's windows, the share given its
// family, at argmax and at the operating point, and what the rest were called. The classes are
// families, so this is where a confusion inside or across families (ACK vs FIN scans are one
// family; an ARP sweep called normal is not) shows. Pure.
export interface TechniqueRecall {
  readonly technique: string;
  readonly class: string;
  readonly windows: number;
  readonly recall: number;
  readonly recallAtMinProbability: number;
  /** classes given at the operating point to windows it got wrong, most frequent first */
  readonly missedAs: Record<string, number>;
}

export function techniqueRecall(
  rows: ReadonlyArray<{ technique: string; class: string }>,
  classes: readonly string[],
  argmaxPredicted: readonly number[],
  atPredicted: readonly number[],
): TechniqueRecall[] {
  const by = new Map<string, { cls: string; n: number; hit: number; hitAt: number; missed: Map<string, number> }>();
  rows.forEach((r, i) => {
    const t = by.get(r.technique) ?? { cls: r.class, n: 0, hit: 0, hitAt: 0, missed: new Map<string, number>() };
    t.n++;
    if (classes[argmaxPredicted[i]!] === r.class) t.hit++;
    const at = classes[atPredicted[i]!]!;
    if (at === r.class) t.hitAt++;
    else t.missed.set(at, (t.missed.get(at) ?? 0) + 1);
    by.set(r.technique, t);
  });
  return [...by.entries()]
    .sort(([a, x], [b, y]) => x.cls.localeCompare(y.cls) || a.localeCompare(b))
    .map(([technique, t]) => ({
      technique,
      class: t.cls,
      windows: t.n,
      recall: t.hit / t.n,
      recallAtMinProbability: t.hitAt / t.n,
      missedAs: Object.fromEntries([...t.missed.entries()].sort((a, b) => b[1] - a[1])),
    }));
}
