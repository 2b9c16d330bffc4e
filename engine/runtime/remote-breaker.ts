// A small circuit breaker for one remote function (the Java UDF's CircuitBreaker): after N
// consecutive failures calls are refused for a cool-down, then one trial call decides whether the
// server is back. Time comes from the injected clock.

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trial = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  /** Undefined when a call may go ahead; otherwise why not (for the processing log). */
  refusal(): string | undefined {
    if (this.failures < this.threshold) return undefined;
    const t = this.now();
    if (t < this.openUntil)
      return `circuit open after ${this.failures} consecutive failures; calls resume in ${this.openUntil - t} ms`;
    // half-open: exactly one call tries the server; the rest keep failing fast until it answers
    if (this.trial) return 'circuit half-open: a trial call is in flight';
    this.trial = true;
    return undefined;
  }

  onSuccess(): void {
    this.failures = 0;
    this.trial = false;
  }

  /** Returns true when this failure opened the circuit (worth one log line). */
  onFailure(): boolean {
    this.failures++;
    this.trial = false;
    if (this.failures < this.threshold) return false;
    this.openUntil = this.now() + this.cooldownMs;
    return this.failures === this.threshold;
  }
}
