// Per-class precision, recall and F1, their macro average, the confusion matrix, and how often
// normal traffic is called an attack: pure functions of (actual, predicted) class indices.
export interface ClassMetrics {
  readonly class: string;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassReport {
  readonly classes: string[];
  readonly samples: number;
  readonly perClass: ClassMetrics[];
  /** macro average of F1 over the classes present in `actual` */
  readonly macroF1: number;
  /** confusion[actual][predicted] */
  readonly confusion: number[][];
  /** share of actual-normal windows given an attack class (undefined without a normal class) */
  readonly normalAsAttackRate: number | undefined;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function classReport(
  classes: readonly string[],
  actual: readonly number[],
  predicted: readonly number[],
  normalClass = 'normal',
): ClassReport {
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  actual.forEach((a, i) => confusion[a]![predicted[i]!]!++);
  const perClass = classes.map((cls, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[c]!, 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    return { class: cls, support, precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  });
  const present = perClass.filter((m) => m.support > 0);
  const n = classes.indexOf(normalClass);
  const normals = n < 0 ? 0 : perClass[n]!.support;
  return {
    classes: [...classes],
    samples: actual.length,
    perClass,
    macroF1: ratio(
      present.reduce((s, m) => s + m.f1, 0),
      present.length,
    ),
    confusion,
    normalAsAttackRate: n < 0 || normals === 0 ? undefined : (normals - confusion[n]![n]!) / normals,
  };
}

/** The index of the largest value (the predicted class of a probability row). */
export function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}
