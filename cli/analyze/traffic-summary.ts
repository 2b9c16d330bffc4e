// What a capture held, counted from its EK lines as they stream by: packets, packets with an IPv4
// header, distinct hosts (addresses seen as source or destination) and distinct flows (protocol,
// addresses and ports). Fields are found by their EK key without decoding the whole line; a key
// occurs once in a line (a quote inside a JSON string is escaped, so `"ip_dst":["` is always a key),
// and tshark writes the fields in the order of its -e list, so each is looked for after the one
// before first, then before it: each line is scanned about once, whatever the order.

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

/** Reads EK fields of one line at a time, each search starting where the last value found ended. */
class FieldCursor {
  private line = '';
  private at = 0;

  reset(line: string): void {
    this.line = line;
    this.at = 0;
  }

  /** ekField(line, name) for the key `"name":["`. */
  value(key: string): string {
    const line = this.line;
    let found = line.indexOf(key, this.at);
    if (found < 0 && this.at > 0) found = line.lastIndexOf(key, this.at);
    if (found < 0) return '';
    const from = found + key.length;
    const end = line.indexOf('"', from);
    if (end < 0) return '';
    this.at = end;
    return line.slice(from, end);
  }
}

const IP_SRC = '"ip_src":["';
const IP_DST = '"ip_dst":["';
const IP_PROTO = '"ip_proto":["';
const TCP_SRCPORT = '"tcp_srcport":["';
const TCP_DSTPORT = '"tcp_dstport":["';
const UDP_SRCPORT = '"udp_srcport":["';
const UDP_DSTPORT = '"udp_dstport":["';

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
  private readonly cursor = new FieldCursor();

  add(line: string, timestampMs: number): void {
    this.packets++;
    if (this.first === undefined || timestampMs < this.first) this.first = timestampMs;
    if (this.last === undefined || timestampMs > this.last) this.last = timestampMs;
    const f = this.cursor;
    f.reset(line);
    const src = f.value(IP_SRC);
    if (src === '') return;
    const dst = f.value(IP_DST);
    const proto = f.value(IP_PROTO);
    this.ipPackets++;
    this.hosts.add(src);
    this.hosts.add(dst);
    // tshark's order: tcp_srcport, tcp_dstport, …, udp_srcport, udp_dstport
    const tcpSport = f.value(TCP_SRCPORT);
    const tcpDport = f.value(TCP_DSTPORT);
    const sport = tcpSport || f.value(UDP_SRCPORT);
    const dport = tcpDport || f.value(UDP_DSTPORT);
    this.flows.add(`${proto}|${src}|${sport}|${dst}|${dport}`);
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
