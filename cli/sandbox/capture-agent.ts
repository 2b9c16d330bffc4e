// The capture agent: keeps a CapturePipeline running on the sandbox interface, restarts it (with
// backoff) whenever tshark, dumpcap or kcat dies, and keeps the totals across restarts so that
// `capture status` can show loss: packets captured vs records delivered vs kernel drops.
import { SandboxError } from './errors.js';
import { retry } from '../../core/retry.js';
import { realSleep } from '../../core/clock.js';
import { CapturePipeline, type PipelineCounts, type PipelineOptions } from './capture-pipeline.js';

export interface AgentStats extends PipelineCounts {
  restarts: number;
  running: boolean;
  lastError: string | undefined;
}

const MAX_BACKOFF_MS = 10_000;
const START_TIMEOUT_MS = 15_000;

export class CaptureAgent {
  private current: CapturePipeline | undefined;
  /** the current pipeline once dumpcap has reported that it captures */
  private capturing: CapturePipeline | undefined;
  private done: PipelineCounts = { packets: 0, delivered: 0, failed: 0, droppedByKernel: 0 };
  private restarts = 0;
  private lastError: string | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly o: PipelineOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the pipeline; resolves once packets are being captured, or throws why not. */
  async start(): Promise<void> {
    const p = await this.launch();
    this.loop = this.supervise(p);
  }

  private async launch(): Promise<CapturePipeline> {
    const p = new CapturePipeline(this.o, this.log);
    this.current = p;
    const timeout = new Promise<string>((r) =>
      setTimeout(() => r(`dumpcap opened no packet socket within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS).unref(),
    );
    const first = await Promise.race([p.ready.then(() => undefined), p.exited, timeout]);
    if (first === undefined) {
      this.capturing = p;
      return p;
    }
    await p.kill();
    this.absorb(p);
    throw new SandboxError('CAPTURE_START', `capture on ${this.o.iface} did not start: ${first}`, {
      hint: 'check that the interface exists (`ziem sandbox up`) and that dumpcap, tshark and kcat are installed',
    });
  }

  private absorb(p: CapturePipeline): void {
    const c = p.counts();
    this.done = {
      packets: this.done.packets + c.packets,
      delivered: this.done.delivered + c.delivered,
      failed: this.done.failed + c.failed,
      droppedByKernel: this.done.droppedByKernel + c.droppedByKernel,
    };
    this.lastError = p.deliveries.lastError ?? this.lastError;
    if (this.current === p) this.current = undefined;
  }

  private async supervise(first: CapturePipeline): Promise<void> {
    let p: CapturePipeline | undefined = first;
    let backoff = 1_000;
    while (p && !this.stopping) {
      const startedAt = Date.now();
      const why = await p.exited;
      if (this.stopping) return;
      this.lastError = why;
      this.log(`capture: ${why}; restarting the pipeline`);
      await p.kill();
      this.absorb(p);
      // a pipeline that ran a minute was healthy: start the backoff over
      backoff = Date.now() - startedAt > 60_000 ? 1_000 : Math.min(backoff * 2, MAX_BACKOFF_MS);
      p = await this.relaunch(backoff);
    }
  }

  private async relaunch(delayMs: number): Promise<CapturePipeline | undefined> {
    const stopped = Symbol('stopped');
    await realSleep(delayMs);
    return retry(
      async (_n, bail) => {
        if (this.stopping) bail(stopped);
        this.restarts++;
        try {
          return await this.launch();
        } catch (e) {
          this.lastError = e instanceof Error ? e.message : String(e);
          throw new SandboxError('CAPTURE_RESTART', this.lastError, { retriable: true, cause: e });
        }
      },
      // one local pipeline, no herd of clients to spread: the delay doubles without jitter
      {
        retries: Infinity,
        initialDelayMs: Math.min(delayMs * 2, MAX_BACKOFF_MS),
        maxDelayMs: MAX_BACKOFF_MS,
        multiplier: 2,
        sleep: realSleep,
        random: () => 1,
      },
    ).catch((err: unknown) => {
      if (err === stopped) return undefined;
      throw err;
    });
  }

  stats(): AgentStats {
    const c = this.current?.counts() ?? { packets: 0, delivered: 0, failed: 0, droppedByKernel: 0 };
    return {
      packets: this.done.packets + c.packets,
      delivered: this.done.delivered + c.delivered,
      failed: this.done.failed + c.failed,
      droppedByKernel: this.done.droppedByKernel + c.droppedByKernel,
      restarts: this.restarts,
      running: this.current !== undefined && this.capturing === this.current && !this.stopping,
      lastError: this.lastError,
    };
  }

  /** The pids of the running tools (for tests that kill tshark to see the restart). */
  pids(): number[] {
    return this.current?.pids() ?? [];
  }

  /** Drains the pipeline and returns the final totals. */
  async stop(timeoutMs: number): Promise<AgentStats> {
    this.stopping = true;
    const p = this.current;
    if (p) {
      await p.stop(timeoutMs);
      this.absorb(p);
    }
    await this.loop;
    return { ...this.stats(), running: false };
  }
}
