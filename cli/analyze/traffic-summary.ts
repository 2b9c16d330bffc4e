// What a capture held, counted from its EK lines as they stream by: packets, packets with an IPv4
// header, distinct hosts (addresses seen as source or destination) and distinct flows (protocol,
// addresses and ports). Fields are found by their EK key without decoding the whole line.

/** Each field's search key, made once (a capture has a few fields and millions of lines). */
const KEYS = new Map<string, string>();

/** The first value of an EK field (`"ip_src":["10.0.0.1"]` → "10.0.0.1"), or '' when absent. Pure. */
export function ekField(line: string, name: string): string {
  let key = KEYS.get(name);
  if (key === undefined) KEYS.set(name, (key = `"${name}":["`));
  const at = line.indexOf(key);
  if (at < 0) return '';
  const from = at + key.length;
  const end = line.indexOf('"', from);
  return end < 0 ? '' : line.slice(from, end);
}

export interface TrafficCounts {
  packets: number;
  ipPackets: number;
  hosts: number;
  flows: number;
  firstPacketMs: number | undefined;
  lastPacketMs: number | undefined;
}

export class TrafficSummary {
  private packets = 0;
  private ipPackets = 0;
  private readonly hosts = new Set<string>();
  private readonly flows = new Set<string>();
  private first: number | undefined;
  private last: number | undefined;

  add(line: string, timestampMs: number): void {
    this.packets++;
    if (this.first === undefined || timestampMs < this.first) this.first = timestampMs;
    if (this.last === undefined || timestampMs > this.last) this.last = timestampMs;
    const src = ekField(line, 'ip_src');
    if (src === '') return;
    const dst = ekField(line, 'ip_dst');
    this.ipPackets++;
    this.hosts.add(src);
    this.hosts.add(dst);
    const sport = ekField(line, 'tcp_srcport') || ekField(line, 'udp_srcport');
    const dport = ekField(line, 'tcp_dstport') || ekField(line, 'udp_dstport');
    this.flows.add(`${ekField(line, 'ip_proto')}|${src}|${sport}|${dst}|${dport}`);
  }

  counts(): TrafficCounts {
    return {
      packets: this.packets,
      ipPackets: this.ipPackets,
      hosts: this.hosts.size,
      flows: this.flows.size,
      firstPacketMs: this.first,
      lastPacketMs: this.last,
    };
  }
}
