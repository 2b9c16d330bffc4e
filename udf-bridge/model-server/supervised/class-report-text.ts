// The text of `ziem model evaluate` for a classifier: the per-class table and confusion matrix at
// argmax and at the operating point, then each technique's recall (--json gives all of it).
import type { ClassReport } from './class-metrics.js';
import type { ClassifierEvaluation } from './evaluate-classifier.js';

function table(r: ClassReport, w: number, title: string): string[] {
  return [
    title,
    `${'class'.padEnd(w)}  precision  recall     f1  support`,
    ...r.perClass.map(
      (m) =>
        `${m.class.padEnd(w)}  ${m.precision.toFixed(4).padStart(9)}  ${m.recall.toFixed(4).padStart(6)}  ${m.f1.toFixed(4).padStart(5)}  ${String(m.support).padStart(7)}`,
    ),
    `macro F1 ${r.macroF1.toFixed(4)}` +
      (r.normalAsAttackRate === undefined
        ? ''
        : `   normal windows called an attack ${(r.normalAsAttackRate * 100).toFixed(3)} %`),
    `confusion (rows actual, columns predicted, in the order above)`,
    ...r.confusion.map((row, i) => `${r.classes[i]!.padEnd(w)}  ${row.map((v) => String(v).padStart(6)).join(' ')}`),
  ];
}

export function renderClassReport(e: ClassifierEvaluation): string {
  const w = Math.max(8, ...e.classes.map((c) => c.length));
  const tw = Math.max(9, ...e.techniques.map((t) => t.technique.length));
  const lines = [
    `model ${e.model} (version ${e.version}) on ${e.samples} windows`,
    ...table(e, w, 'argmax (the most probable class):'),
    '',
    ...table(e.atMinProbability, w, `at the operating point (an attack only at p ≥ ${e.minProbability}):`),
    '',
    `per technique: recall at argmax, at p ≥ ${e.minProbability}, and what the misses were called`,
    ...e.techniques.map(
      (t) =>
        `${t.technique.padEnd(tw)}  ${t.class.padEnd(w)}  ${String(t.windows).padStart(6)}  ${t.recall.toFixed(3)}  ${t.recallAtMinProbability.toFixed(3)}` +
        (Object.keys(t.missedAs).length
          ? `  ${Object.entries(t.missedAs)
              .map(([c, n]) => `${c} ${n}`)
              .join(', ')}`
          : ''),
    ),
  ];
  const unknown = Object.entries(e.unknownClass);
  if (unknown.length > 0)
    lines.push('', `not judged (classes the model never saw): ${unknown.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return lines.join('\n');
}
