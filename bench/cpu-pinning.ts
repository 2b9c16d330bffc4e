// One core each for the Kafka benchmarks: the processes being compared (this Node process, where the
// engine runs, and the Kafka Streams JVM) are pinned to the same one CPU (they run in turn, never
// together), the broker to the others, with taskset(1). Off with ZIEM_BENCH_PIN=0 or on one CPU.
import { availableParallelism } from 'node:os';
import { execFileSync } from 'node:child_process';

export interface Pinning {
  /** The CPU the compared processes run on, or undefined when nothing is pinned. */
  readonly measuredCpu: number | undefined;
  /** What was done, for the figures' `pinning` field. */
  readonly description: string;
  /** Pins every thread of a process (and the threads it starts later) to the given CPU list. */
  pin(pid: number, cpus: string): void;
  /** The broker's CPU list ("0" on two CPUs). */
  readonly otherCpus: string;
  /** Every CPU, for putting a process back. */
  readonly allCpus: string;
  /** Puts this process back on every CPU. */
  restore(): void;
}

function taskset(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

export function planPinning(env: Readonly<Record<string, string | undefined>>): Pinning {
  const n = availableParallelism();
  const all = `0-${n - 1}`;
  if (env['ZIEM_BENCH_PIN'] === '0' || n < 2) {
    return {
      measuredCpu: undefined,
      description: n < 2 ? 'none (one CPU)' : 'none (ZIEM_BENCH_PIN=0)',
      pin: () => undefined,
      otherCpus: all,
      allCpus: all,
      restore: () => undefined,
    };
  }
  const cpu = n - 1;
  const others = n === 2 ? '0' : `0-${n - 2}`;
  return {
    measuredCpu: cpu,
    description: `taskset: engine (bench process) and Kafka Streams JVM on CPU ${cpu}, broker on CPU ${others}`,
    pin: taskset,
    otherCpus: others,
    allCpus: all,
    restore: () => taskset(process.pid, all),
  };
}
