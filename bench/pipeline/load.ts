// The pipeline benchmark's packet source: writes normal traffic to the capture topic at a paced rate
// (due 100 times a second against the wall clock, each packet stamped with the time it fell due,
// sent in requests of what is due with at most 4 in flight), and port-scan bursts on demand; counts
// what it actually sent, so a rate the generator itself cannot reach is reported as such and not
// blamed on the pipeline.
import type { Producer } from 'kafkajs';
import { NormalTraffic, portScanBurst, type EkLine } from './packets.js';

/** Something that makes the next packet stamped with a given time (packets.ts). */
export interface PacketSource {
  next(ts: number): EkLine;
}

/** `packets` packets spread over one minute of event time ending now, written as fast as the broker
 *  takes them (requests of 1,000). */
export async function writeAtOnce(
  producer: Producer,
  topic: string,
  traffic: PacketSource,
  packets: number,
  onRequest: (i: number) => void = () => undefined,
): Promise<void> {
  const eventStart = Date.now() - 60_000;
  for (let i = 0; i < packets; i += 1_000) {
    const n = Math.min(1_000, packets - i);
    const messages = Array.from({ length: n }, (_, k) => {
      const l = traffic.next(eventStart + Math.floor(((i + k) * 60_000) / packets));
      return { key: null, value: JSON.stringify(l), timestamp: l.timestamp };
    });
    await producer.send({ topic, acks: 1, messages });
    onRequest(i);
  }
}

const TICKS_PER_S = 100;
const MAX_IN_FLIGHT = 4;
// about 600 bytes a packet: requests stay under the broker's 1 MB message.max.bytes
const MAX_REQUEST = 1_000;

export class PacedLoad {
  private sent = 0;
  private inFlight = 0;
  private readonly queue: EkLine[] = [];
  private failed: unknown;
  private stopped = false;
  private done: Promise<void> | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly traffic: NormalTraffic,
  ) {}

  get packetsSent(): number {
    return this.sent;
  }

  /** Sends what is due as one request whenever fewer than MAX_IN_FLIGHT are outstanding, so the
   *  request size follows the broker's latency and nothing due is dropped. */
  private flush(): void {
    if (this.queue.length === 0 || this.inFlight >= MAX_IN_FLIGHT) return;
    const lines = this.queue.splice(0, MAX_REQUEST);
    this.inFlight++;
    this.producer
      .send({
        topic: this.topic,
        acks: 1,
        messages: lines.map((l) => ({ key: null, value: JSON.stringify(l), timestamp: l.timestamp })),
      })
      .then(() => void (this.sent += lines.length))
      .catch((err: unknown) => void (this.failed ??= err))
      .finally(() => {
        this.inFlight--;
        this.flush();
      });
  }

  /** Starts sending `pps` packets a second until stop(). */
  start(pps: number): void {
    this.stopped = false;
    this.done = (async () => {
      const t0 = Date.now();
      let due = 0;
      for (let tick = 0; !this.stopped; tick++) {
        if (this.failed) throw this.failed;
        const target = Math.round(((tick + 1) * pps) / TICKS_PER_S);
        const now = Date.now();
        // a generator that falls behind queues at most a second of packets, then drops (and says so)
        for (; due < target; due++) if (this.queue.length < pps) this.queue.push(this.traffic.next(now));
        this.flush();
        const wait = t0 + ((tick + 1) * 1000) / TICKS_PER_S - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    this.queue.length = 0;
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** One port-scan burst, sent now; resolves with its send time once acknowledged. */
  async burst(attacker: string, ports: number): Promise<number> {
    const at = Date.now();
    const lines = portScanBurst(at, attacker, ports);
    await this.producer.send({
      topic: this.topic,
      acks: 1,
      messages: lines.map((l) => ({ key: null, value: JSON.stringify(l), timestamp: l.timestamp })),
    });
    return at;
  }
}
