// The shape of one benchmark figure, as printed by bench/run.ts (architecture.md, "Benchmarks"):
// the named fields, plus extra fields a benchmark reports beside its figure (settings, peers).
export interface BenchResult {
  bench: string;
  unit: string;
  value: number;
  baseline?: number;
  ratio?: number;
  [extra: string]: string | number | boolean | undefined;
}
