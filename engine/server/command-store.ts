// The command log of the server: every distributed statement (CREATE/DROP, CSAS/CTAS, INSERT…SELECT,
// TERMINATE) gets a commandId, a status and a sequence number, as ksqlDB's command topic gives
// them. Serves GET /status and the commandSequenceNumber wait of /ksql and /query.

export type CommandState = 'QUEUED' | 'PARSING' | 'EXECUTING' | 'RUNNING' | 'TERMINATED' | 'SUCCESS' | 'ERROR';

export interface CommandStatus {
  status: CommandState;
  message: string;
  queryId: string | null;
}

interface Waiter {
  seq: number;
  resolve: (ok: boolean) => void;
  timer: NodeJS.Timeout;
}

export class CommandStore {
  private readonly statuses = new Map<string, CommandStatus>();
  private lastApplied = -1;
  private nextSeq = 0;
  private waiters: Waiter[] = [];

  /** Reserves the next sequence number: the command's offset in the (in-memory) command log. */
  enqueue(commandId: string): number {
    const seq = this.nextSeq++;
    this.statuses.set(commandId, { status: 'QUEUED', message: 'Statement written to command topic', queryId: null });
    return seq;
  }

  /** Records the command's final outcome and releases requests waiting for its sequence number. */
  complete(commandId: string, seq: number, status: CommandStatus): void {
    this.statuses.set(commandId, status);
    if (seq > this.lastApplied) this.lastApplied = seq;
    const ready = this.waiters.filter((w) => w.seq <= this.lastApplied);
    this.waiters = this.waiters.filter((w) => w.seq > this.lastApplied);
    for (const w of ready) {
      clearTimeout(w.timer);
      w.resolve(true);
    }
  }

  get(commandId: string): CommandStatus | undefined {
    return this.statuses.get(commandId);
  }

  all(): Record<string, CommandState> {
    return Object.fromEntries([...this.statuses].map(([id, s]) => [id, s.status]));
  }

  get lastSequence(): number {
    return this.lastApplied;
  }

  /** Resolves true once command `seq` is applied, false after `timeoutMs` (the caller answers 503 50301). */
  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (seq <= this.lastApplied) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w: Waiter = {
        seq,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  /** Releases every waiter (server shutdown) so no request hangs. */
  close(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters = [];
  }
}
