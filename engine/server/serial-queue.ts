// Runs engine work one job at a time. The engine's state (catalog, queries, properties) is not
// safe to interleave across awaits, and a Kafka driver will make every engine call asynchronous.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T> | T): Promise<T> {
    const next = this.tail.then(job, job);
    // a failed job must not poison the ones queued after it
    this.tail = next.catch(() => undefined);
    return next;
  }
}
