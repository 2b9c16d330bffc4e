// FLOWS, HOST_ACTIVITY, HOST_WINDOWS and PACKETS computed by the embedded engine from tshark-shaped
// packets: exact per-window counts, the internal/external split by the configured pattern, and the
// FEATURES vector the model scores.
import { describe, expect, it } from 'vitest';
import { feed, latest, loadPipeline, rows, type Row } from '../../fixtures/pipeline/pipeline-engine.js';
import { connection, EXTERNAL, HOSTS, icmp, portScan, T0, udp } from '../../fixtures/pipeline/traffic.js';

const byFlow = (r: Row): string => `${String(r['SRC_IP'])}>${String(r['DST_IP'])}@${String(r['WINDOW_START'])}`;

describe('PACKETS', () => {
  it('flattens EK fields into typed columns, nulls for absent layers', () => {
    const p = loadPipeline();
    feed(p, [udp(T0, HOSTS.client, HOSTS.db, 41000, 53, 30), icmp(T0 + 1, HOSTS.client, EXTERNAL, 8)]);
    const [dns, ping] = rows(p, 'PACKETS');
    expect(dns).toMatchObject({
      TS: T0,
      SRC: HOSTS.client,
      DST: HOSTS.db,
      PROTO: 17,
      FRAME_LEN: 72,
      SRC_PORT: 41000,
      DST_PORT: 53,
      TCP_SYN: null,
      ICMP_TYPE: null,
      SRC_INTERNAL: true,
      DST_INTERNAL: true,
    });
    expect(ping).toMatchObject({
      PROTO: 1,
      ICMP_TYPE: 8,
      ICMP_CODE: 0,
      SRC_PORT: null,
      DST_PORT: null,
      DST_INTERNAL: false,
    });
    expect(p.driver.read('PACKETS').map((r) => r.timestamp)).toEqual([T0, T0 + 1]);
  });
});

describe('FLOWS', () => {
  it('counts packets, bytes, ports and flags per direction and 10 s window', () => {
    const p = loadPipeline();
    // two HTTP connections in window 1, one in window 2
    feed(p, [
      ...connection(T0 + 1_000, HOSTS.client, HOSTS.web, 40001, 80, 2),
      ...connection(T0 + 2_000, HOSTS.client, HOSTS.web, 40002, 8080, 1),
      ...connection(T0 + 12_000, HOSTS.client, HOSTS.web, 40003, 80, 1),
    ]);
    const flows = latest(p, 'FLOWS', byFlow);
    expect(flows.get(`${HOSTS.client}>${HOSTS.web}@${T0}`)).toEqual({
      SRC_IP: HOSTS.client,
      DST_IP: HOSTS.web,
      WINDOW_START: T0,
      WINDOW_END: T0 + 10_000,
      // client side of a connection: SYN, ACK, n requests (174 bytes), ACK, FIN, ACK: 5 + n packets
      PACKETS: 7 + 6,
      BYTES: 10 * 54 + 3 * 174,
      DST_PORTS: 2,
      SYNS: 2,
      SYN_ACKS: 0,
      ACKS: 13 - 2,
      RSTS: 0,
      FINS: 2,
      FIRST_SEEN: T0 + 1_000,
      LAST_SEEN: T0 + 2_000 + 8,
      SRC_INTERNAL: true,
      DST_INTERNAL: true,
    });
    expect(flows.get(`${HOSTS.web}>${HOSTS.client}@${T0}`)).toMatchObject({
      PACKETS: 3 + 2 + (3 + 1),
      SYNS: 0,
      SYN_ACKS: 2,
      FINS: 2,
      DST_PORTS: 2,
    });
    expect(flows.get(`${HOSTS.client}>${HOSTS.web}@${T0 + 10_000}`)).toMatchObject({
      PACKETS: 6,
      SYNS: 1,
      DST_PORTS: 1,
    });
    // one update per packet, every one carrying the window in its value
    expect(rows(p, 'FLOWS').filter((r) => r['SRC_IP'] === HOSTS.client).length).toBe(19);
  });

  it('marks hosts outside the configured pattern external', () => {
    const p = loadPipeline({ defines: { internal_hosts: '10.77.%' } });
    feed(p, [
      ...connection(T0, EXTERNAL, '10.77.5.9', 40000, 443),
      ...connection(T0 + 100, HOSTS.client, '10.78.0.1', 40001, 443),
    ]);
    const flows = latest(p, 'FLOWS', byFlow);
    expect(flows.get(`${EXTERNAL}>10.77.5.9@${T0}`)).toMatchObject({ SRC_INTERNAL: false, DST_INTERNAL: true });
    expect(flows.get(`${HOSTS.client}>10.78.0.1@${T0}`)).toMatchObject({ SRC_INTERNAL: true, DST_INTERNAL: false });
  });
});

describe('HOST_ACTIVITY', () => {
  const scan = (): ReturnType<typeof loadPipeline> => {
    const p = loadPipeline();
    feed(p, [
      ...portScan(T0, 200, [22, 80]),
      udp(T0 + 5_000, HOSTS.attacker, HOSTS.db, 5353, 53, 30),
      icmp(T0 + 6_000, HOSTS.attacker, HOSTS.client, 8),
    ]);
    return p;
  };

  it('counts distinct hosts and ports, flags and ratios per source window', () => {
    const a = latest(scan(), 'HOST_ACTIVITY', (r) => `${String(r['SRC_IP'])}@${String(r['WINDOW_START'])}`).get(
      `${HOSTS.attacker}@${T0}`,
    )!;
    // 200 SYNs + 2 RSTs (open ports) + 1 UDP + 1 ICMP
    expect(a).toMatchObject({
      PACKETS: 204,
      DST_HOSTS: 3,
      DST_PORTS: 201,
      SYNS: 200,
      ICMP_ECHOS: 1,
      SRC_INTERNAL: true,
    });
    expect(a['SYN_RATIO']).toBeCloseTo(200 / 204, 9);
    expect(a['RST_RATIO']).toBeCloseTo(2 / 204, 9);
    expect(a['SYN_ACK_RATIO']).toBe(0);
  });

  it('FEATURES is the documented 11-value vector', () => {
    const a = latest(scan(), 'HOST_ACTIVITY', (r) => `${String(r['SRC_IP'])}@${String(r['WINDOW_START'])}`).get(
      `${HOSTS.attacker}@${T0}`,
    )!;
    const bytes = 202 * 54 + 72 + 98;
    const expected = [204, bytes, 3, 201, 200 / 204, 0, 2 / 204, 0, 0, 1 / 204, bytes / 204];
    const f = a['FEATURES'] as number[];
    expect(f).toHaveLength(11);
    f.forEach((v, i) => expect(v, `FEATURES[${i + 1}]`).toBeCloseTo(expected[i]!, 9));
  });

  it('HOST_WINDOWS emits one final row per host once the window closes', () => {
    const p = scan();
    expect(rows(p, 'HOST_WINDOWS')).toEqual([]);
    // a packet 2 s past the window end (the grace) closes it
    feed(p, [udp(T0 + 12_001, HOSTS.client, HOSTS.db, 41000, 53, 30)]);
    const final = rows(p, 'HOST_WINDOWS');
    // the client's packet opens the next window, still open
    expect(final.map((r) => r['SRC_IP']).sort()).toEqual([HOSTS.web, HOSTS.attacker]);
    const attacker = final.find((r) => r['SRC_IP'] === HOSTS.attacker)!;
    expect(attacker['PACKETS']).toBe(204);
    expect((attacker['FEATURES'] as number[])[3]).toBe(201);
  });
});
