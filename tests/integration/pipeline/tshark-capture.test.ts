// The capture contract end to end into the pipeline: the real tshark 4.0 reads a pcap of known
// packets with the capture's own arguments (tsharkEkArgs), its EK lines go into the embedded engine
// unchanged, and PACKETS, FLOWS and the port-scan rule see exactly those packets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEkLine } from '../../../cli/sandbox/ek-lines.js';
import { tsharkEkArgs } from '../../../cli/sandbox/capture-fields.js';
import { feed, latest, loadPipeline, rows, type EkLine } from '../../fixtures/pipeline/pipeline-engine.js';
import { pcap, type PcapPacket } from '../../fixtures/pipeline/pcap-writer.js';
import { HOSTS, T0 } from '../../fixtures/pipeline/traffic.js';

let dir: string;

function tsharkLines(packets: readonly PcapPacket[]): EkLine[] {
  const file = join(dir, `capture-${packets.length}.pcap`);
  writeFileSync(file, pcap(packets));
  const out = execFileSync('tshark', tsharkEkArgs(file), {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .split('\n')
    .map(parseEkLine)
    .filter((p) => p !== undefined)
    .map((p) => JSON.parse(p.line) as EkLine);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ziem-pipeline-tshark-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tshark EK lines through the pipeline', () => {
  const handshake: PcapPacket[] = [
    { ts: T0 + 1000, src: HOSTS.client, dst: HOSTS.web, proto: 'tcp', sport: 40001, dport: 80, flags: 'S' },
    { ts: T0 + 1001, src: HOSTS.web, dst: HOSTS.client, proto: 'tcp', sport: 80, dport: 40001, flags: 'SA' },
    { ts: T0 + 1002, src: HOSTS.client, dst: HOSTS.web, proto: 'tcp', sport: 40001, dport: 80, flags: 'A' },
    {
      ts: T0 + 1003,
      src: HOSTS.client,
      dst: HOSTS.web,
      proto: 'tcp',
      sport: 40001,
      dport: 80,
      flags: 'PA',
      payload: 100,
    },
    { ts: T0 + 1500, src: HOSTS.client, dst: HOSTS.db, proto: 'udp', sport: 41000, dport: 53, payload: 30 },
    { ts: T0 + 1600, src: HOSTS.client, dst: '192.0.2.10', proto: 'icmp', icmpType: 8, payload: 56 },
  ];

  it('PACKETS reads every field tshark writes', () => {
    const lines = tsharkLines(handshake);
    expect(lines).toHaveLength(6);
    expect(lines[0]!.timestamp).toBe(String(T0 + 1000));
    const p = loadPipeline();
    feed(p, lines);
    const packets = rows(p, 'PACKETS');
    expect(packets[0]).toMatchObject({
      TS: T0 + 1000,
      SRC: HOSTS.client,
      DST: HOSTS.web,
      PROTO: 6,
      FRAME_LEN: 54,
      SRC_PORT: 40001,
      DST_PORT: 80,
      TCP_SYN: 1,
      TCP_ACK: 0,
      TCP_RST: 0,
      TCP_FIN: 0,
      TTL: 64,
    });
    expect(packets[1]).toMatchObject({ TCP_SYN: 1, TCP_ACK: 1 });
    expect(packets[3]).toMatchObject({ TCP_LEN: 100, TCP_PSH: 1, FRAME_LEN: 154 });
    expect(packets[4]).toMatchObject({ PROTO: 17, SRC_PORT: 41000, DST_PORT: 53, TCP_SYN: null, FRAME_LEN: 72 });
    expect(packets[5]).toMatchObject({
      PROTO: 1,
      ICMP_TYPE: 8,
      ICMP_CODE: 0,
      DST_PORT: null,
      SRC_INTERNAL: true,
      DST_INTERNAL: false,
    });
    expect(p.engine.log.entries).toEqual([]);
    const flow = latest(p, 'FLOWS', (r) => `${String(r['SRC_IP'])}>${String(r['DST_IP'])}`).get(
      `${HOSTS.client}>${HOSTS.web}`,
    );
    expect(flow).toMatchObject({ PACKETS: 3, BYTES: 54 * 2 + 154, SYNS: 1, ACKS: 2, DST_PORTS: 1, WINDOW_START: T0 });
  });

  it('a 1,000-port SYN scan decoded by tshark raises PORT_SCAN (the 10 s and the 5-minute rule)', () => {
    const scan: PcapPacket[] = [];
    for (let port = 1; port <= 1000; port++) {
      const ts = T0 + 20_000 + Math.floor(port * 1.5);
      scan.push({ ts, src: HOSTS.attacker, dst: HOSTS.web, proto: 'tcp', sport: 61000, dport: port, flags: 'S' });
      scan.push(
        port === 80 || port === 22
          ? { ts, src: HOSTS.web, dst: HOSTS.attacker, proto: 'tcp', sport: port, dport: 61000, flags: 'SA' }
          : { ts, src: HOSTS.web, dst: HOSTS.attacker, proto: 'tcp', sport: port, dport: 61000, flags: 'RA' },
      );
    }
    const p = loadPipeline();
    feed(p, tsharkLines(scan));
    // named by the 10 s rule (V000006) and the 5-minute one (V000018): the same scan, twice
    expect(rows(p, 'ALERTS').map((a) => [a['KIND'], a['SRC'], a['DST']])).toEqual([
      ['PORT_SCAN', HOSTS.attacker, HOSTS.web],
      ['PORT_SCAN', HOSTS.attacker, HOSTS.web],
    ]);
  });
});
