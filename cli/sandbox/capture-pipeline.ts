// One run of the capture pipe: dumpcap (live packets, pcap on stdout) → tshark (EK lines) →
// EkLineFilter (index lines dropped, packets counted) → kcat (records to Kafka, deliveries
// counted). Stopping it drains in order, so every captured packet is delivered or counted failed.
// dumpcap and tshark meet at a FIFO: tshark refuses to read a socket, which is what Node's stdio
// pipes are.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dumpcapArgs,
  kcatProducerArgs,
  tsharkEkArgs,
  type DumpcapOptions,
  type KcatOptions,
} from './capture-fields.js';
import { DeliveryCounter, EkLineFilter } from './ek-lines.js';
import { SandboxError } from './errors.js';
import { holdsPacketSocket } from './packet-socket.js';

/** Longer than dumpcap's libpcap read timeout (250 ms), with room for a busy machine. */
const DRAIN_MS = 1_000;

export type PipelineOptions = DumpcapOptions & KcatOptions;

export interface PipelineCounts {
  packets: number;
  delivered: number;
  failed: number;
  droppedByKernel: number;
}

/** "Packets received/dropped on interface 'x': 100/3 (...)" from dumpcap's exit report. */
export function parseDumpcapDrops(stderr: string): number {
  const m = /Packets received\/dropped on interface .*?: (\d+)\/(\d+)/.exec(stderr);
  return m ? Number(m[2]) : 0;
}

export class CapturePipeline {
  readonly filter = new EkLineFilter();
  readonly deliveries = new DeliveryCounter();
  readonly exited: Promise<string>;
  private readonly procs: ChildProcess[];
  private dumpcapErr = '';
  private readonly fifoDir: string;
  private readyResolve: (() => void) | undefined;
  /** Resolves once dumpcap holds its packet socket on the interface. */
  readonly ready: Promise<void>;

  constructor(
    o: PipelineOptions,
    private readonly log: (line: string) => void,
  ) {
    this.ready = new Promise((r) => (this.readyResolve = r));
    this.fifoDir = mkdtempSync(join(tmpdir(), 'ziem-capture-'));
    const fifo = join(this.fifoDir, 'packets.pcap');
    const mk = spawnSync('mkfifo', ['-m', '600', fifo]);
    if (mk.status !== 0)
      throw new SandboxError('CAPTURE_START', `mkfifo ${fifo} failed: ${mk.stderr?.toString().trim()}`);
    const dumpcap = spawn('dumpcap', dumpcapArgs(o, fifo), { stdio: ['ignore', 'ignore', 'pipe'] });
    const tshark = spawn('tshark', tsharkEkArgs(fifo), { stdio: ['ignore', 'pipe', 'pipe'] });
    const kcat = spawn('kcat', kcatProducerArgs(o), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.procs = [dumpcap, tshark, kcat];
    dumpcap.stderr.on('data', (d: Buffer) => (this.dumpcapErr += d.toString()));
    void this.waitForSocket(dumpcap);
    tshark.stderr.on('data', (d: Buffer) => this.logLines('tshark', d));
    kcat.stderr.on('data', (d: Buffer) => this.deliveries.feed(d.toString()));
    kcat.stdin.on('error', () => undefined); // kcat dying is reported by its exit, not EPIPE
    tshark.stdout.pipe(this.filter).pipe(kcat.stdin);
    this.exited = this.watch(['dumpcap', 'tshark', 'kcat']);
  }

  private async waitForSocket(dumpcap: ChildProcess): Promise<void> {
    while (dumpcap.exitCode === null && dumpcap.signalCode === null) {
      if (dumpcap.pid !== undefined && holdsPacketSocket(dumpcap.pid)) {
        // libpcap attaches the BPF filter just after opening the socket and flushes what arrived
        // before it: give it that moment, or the first packets of a test could vanish
        await new Promise((r) => setTimeout(r, 250));
        this.readyResolve?.();
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private logLines(who: string, d: Buffer): void {
    for (const l of d.toString().split('\n'))
      if (l.trim() && !/Running as user|could be dangerous/.test(l)) this.log(`${who}: ${l.trim()}`);
  }

  /** Resolves with a description of the first process to exit. */
  private watch(names: string[]): Promise<string> {
    return new Promise((resolve) => {
      this.procs.forEach((p, i) => {
        p.on('error', (e) => resolve(`${names[i]} could not start: ${e.message}`));
        p.on('exit', (code, sig) => resolve(`${names[i]} exited (${sig ?? `code ${code}`})`));
      });
    });
  }

  counts(): PipelineCounts {
    return {
      packets: this.filter.packets,
      delivered: this.deliveries.delivered,
      failed: this.deliveries.failed,
      droppedByKernel: parseDumpcapDrops(this.dumpcapErr),
    };
  }

  pids(): number[] {
    return this.procs.map((p) => p.pid).filter((p): p is number => p !== undefined);
  }

  /** Drains: dumpcap stops first, the others end on EOF; anything still alive at the deadline is killed. */
  async stop(timeoutMs: number): Promise<void> {
    const [dumpcap] = this.procs;
    // dumpcap does not read what still sits in the kernel's capture ring when it is signalled;
    // libpcap hands packets over within its read timeout, so wait that long first
    if (dumpcap && dumpcap.exitCode === null) await new Promise((r) => setTimeout(r, DRAIN_MS));
    dumpcap?.kill('SIGTERM');
    const allExited = Promise.all(
      this.procs.map((p) =>
        p.exitCode !== null || p.signalCode !== null ? undefined : new Promise((r) => p.once('exit', r)),
      ),
    );
    const timer = new Promise((r) => setTimeout(r, timeoutMs));
    await Promise.race([allExited, timer]);
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await allExited;
    rmSync(this.fifoDir, { recursive: true, force: true });
  }

  /** Kills every process at once (after one of them died: nothing left to drain). */
  async kill(): Promise<void> {
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await this.stop(2_000);
  }
}
