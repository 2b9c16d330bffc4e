// The shape of one benchmark figure, as printed by bench/run.ts (architecture.md, "Benchmarks").
export interface BenchResult {
  bench: string;
  unit: string;
  value: number;
  baseline?: number;
  ratio?: number;
}
