// The capture contract: the explicit tshark fields of every packet record, the capture filter
// that keeps the platform's own traffic (Kafka, Connect, Neo4j, ksqlDB, model server, UI) out, and
// the argument lists of dumpcap, tshark and kcat. Pure, so the contract is unit-tested.
import type { Config } from '../config/config.js';

/** tshark field names; EK output turns dots into underscores (ip.src → "ip_src"). */
export const CAPTURE_FIELDS = [
  'frame.len',
  'ip.src',
  'ip.dst',
  'ip.proto',
  'ip.len',
  'ip.ttl',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.len',
  'tcp.flags.syn',
  'tcp.flags.ack',
  'tcp.flags.reset',
  'tcp.flags.fin',
  'tcp.flags.push',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'icmp.type',
  'icmp.code',
  // the detection rules' extra fields (PACKETS' PROBER … FTP_REPLY, ksql/V000001__Packets.sql)
  'tcp.flags.urg',
  'arp.opcode',
  'arp.src.proto_ipv4',
  'arp.dst.proto_ipv4',
  'ssh.protocol',
  'ftp.response.code',
  // payload bytes where tshark has no dissector, cut at capture.snaplen: an SSH banner or an FTP
  // reply on a port that is not its own
  'data.data',
] as const;

function portOf(hostPort: string): number | undefined {
  const m = /:(\d{1,5})$/.exec(hostPort.trim());
  return m ? Number(m[1]) : undefined;
}

function urlPort(url: string): number | undefined {
  try {
    const u = new URL(url);
    return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  } catch {
    return undefined;
  }
}

/** Every TCP port the platform itself listens on, from config; the capture must never see these. */
export function platformPorts(c: Config): number[] {
  const ports = [
    c.kafka.port,
    c.kafka.controllerPort,
    ...c.kafka.bootstrap.split(',').map(portOf),
    c.connect.port,
    urlPort(c.connect.url),
    c.neo4j.boltPort,
    c.neo4j.httpPort,
    urlPort(c.ksql.url),
    c.modelServer.port,
    c.ui.port,
  ];
  return [...new Set(ports.filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
}

/** A BPF filter excluding the platform's ports, e.g. `not (tcp port 7474 or tcp port 7687)`. */
export function captureFilter(ports: readonly number[]): string {
  if (ports.length === 0) return '';
  return `not (${ports.map((p) => `tcp port ${p}`).join(' or ')})`;
}

export interface DumpcapOptions {
  iface: string;
  filter: string;
  snaplen: number;
  bufferMb: number;
}

/** dumpcap writes pcap into a FIFO: no temporary ring file grows while the agent runs for days. */
export function dumpcapArgs(o: DumpcapOptions, output: string): string[] {
  const args = ['-i', o.iface, '-s', String(o.snaplen), '-B', String(o.bufferMb), '-P', '-q', '-w', output];
  return o.filter ? [...args, '-f', o.filter] : args;
}

/** tshark reads a capture (a file, or '-' for stdin) and prints one EK line per packet. */
export function tsharkEkArgs(input: string): string[] {
  return [
    '-r',
    input,
    '-l',
    '-n',
    '-T',
    'ek',
    ...CAPTURE_FIELDS.flatMap((f) => ['-e', f]),
    // header fields only: reassembly and sequence analysis would only cost memory on a long run
    '-o',
    'tcp.desegment_tcp_streams:FALSE',
    '-o',
    'tcp.analyze_sequence_numbers:FALSE',
  ];
}

export interface KcatOptions {
  bootstrap: string;
  topic: string;
  lingerMs: number;
}

/**
 * kcat producing stdin lines; -v -v -v prints one "Message delivered" line per acknowledged record.
 * No compression: kafkajs (the embedded engine's Kafka driver) has no LZ4 codec, and a consumer
 * that meets an LZ4 batch stops; on loopback, compression buys nothing anyway.
 */
export function kcatProducerArgs(o: KcatOptions): string[] {
  return [
    '-P',
    '-b',
    o.bootstrap,
    '-t',
    o.topic,
    '-v',
    '-v',
    '-v',
    '-X',
    `linger.ms=${o.lingerMs}`,
    '-X',
    'queue.buffering.max.messages=1000000',
    '-X',
    'batch.num.messages=10000',
    '-X',
    'compression.codec=none',
  ];
}
