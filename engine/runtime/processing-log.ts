// The processing log: records a query could not read or compute, with the reason. The query
// skips the record (or yields null for a failed expression) and keeps running.

export interface ProcessingLogEntry {
  queryId: string;
  topic?: string;
  partition?: number;
  offset?: number;
  /** The skipped record's value bytes, when a record was being processed. */
  value?: Buffer | null;
  reason: string;
}

export class ProcessingLog {
  readonly entries: ProcessingLogEntry[] = [];
  private readonly max: number;

  /** `onRecord` also receives every entry (the Kafka driver's KSQL_PROCESSING_LOG topic writer). */
  constructor(
    max = 10_000,
    private readonly onRecord?: (e: ProcessingLogEntry) => void,
  ) {
    this.max = max;
  }

  /** Total recorded, including entries dropped once the in-memory list is full. */
  count = 0;

  record(e: ProcessingLogEntry): void {
    this.count++;
    if (this.entries.length < this.max) this.entries.push(e);
    this.onRecord?.(e);
  }
}
