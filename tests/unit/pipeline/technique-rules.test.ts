// The technique rules of ksql/V000011–V000018 on the embedded engine, from the wire shape of each
// technique: the alert kind, attacker and victim; and benign traffic that shares one trait with an
// attack raising nothing. Then INCIDENTS: the alerts of one attack, one incident that grows.
import { describe, expect, it } from 'vitest';
import { feed, loadPipeline, rows, type EkLine, type Pipeline } from '../../fixtures/pipeline/pipeline-engine.js';
import { connection, HOSTS, icmp, merge, normalTraffic, portScan, T0 } from '../../fixtures/pipeline/traffic.js';
import {
  arpSweep,
  busyUdpService,
  busyWebServer,
  dnsReplies,
  flagScan,
  ftpFailures,
  manyConnections,
  manyServersAnswering,
  protocolScan,
  reflection,
  spoofedFlood,
  sshSessions,
  udpScan,
  volumetricFlood,
} from '../../fixtures/pipeline/technique-traffic.js';

function run(...lists: EkLine[][]): Pipeline {
  const p = loadPipeline();
  feed(p, merge(...lists));
  return p;
}

const alerts = (p: Pipeline): Array<[string, string, string | null]> =>
  rows(p, 'ALERTS').map((a) => [String(a['KIND']), String(a['SRC']), (a['DST'] as string | null) ?? null]);

describe('technique rules', () => {
  it.each([
    ['FIN', { fin: true }],
    ['NULL', {}],
    ['XMAS', { fin: true, psh: true, urg: true }],
    ['ACK', { ack: true }],
    ['Maimon', { fin: true, ack: true }],
  ])('a %s scan raises STEALTH_SCAN naming the scanner and the target', (_, probe) => {
    const p = run(normalTraffic(T0, 20), flagScan(T0 + 1000, probe));
    expect(alerts(p)).toEqual([['STEALTH_SCAN', HOSTS.attacker, HOSTS.web]]);
  });

  it.each([
    ['a TCP SYN-ACK reflection', {}],
    ['an NTP amplification', { udpPort: 123 }],
    ['a DNS amplification', { udpPort: 53 }],
  ])('%s is one REFLECTION_FLOOD against the victim, its source the count of reflectors', (_, vector) => {
    const a = alerts(run(normalTraffic(T0, 20), reflection(T0 + 1000, HOSTS.web, vector)));
    expect(a).toHaveLength(1);
    expect(a[0]![0]).toBe('REFLECTION_FLOOD');
    expect(a[0]![1]).toMatch(/^\d+ sources$/);
    expect(Number(a[0]![1].split(' ')[0])).toBeGreaterThanOrEqual(300);
    expect(a[0]![2]).toBe(HOSTS.web);
  });

  it.each([
    ['a client connecting to 400 servers', {}],
    ['a resolver querying 400 name servers', { udpPort: 53 }],
  ])('%s gets as many answers as it asked for: no REFLECTION_FLOOD', (_, o) => {
    // (400 servers SYNed in 2 s is a sweep to HOST_SWEEP's eyes: only the reflection rule is asked here)
    const p = run(manyServersAnswering(T0, HOSTS.db, o));
    expect(rows(p, 'HOST_REFLECTIONS').length).toBeGreaterThan(0);
    expect(alerts(p).filter(([kind]) => kind === 'REFLECTION_FLOOD')).toEqual([]);
  });

  it('a UDP scan answered by a few port unreachables raises UDP_SCAN', () => {
    expect(alerts(run(udpScan(T0)))).toEqual([['UDP_SCAN', HOSTS.attacker, HOSTS.db]]);
  });

  it('an IP protocol scan raises PROTOCOL_SCAN', () => {
    expect(alerts(run(protocolScan(T0)))).toEqual([['PROTOCOL_SCAN', HOSTS.attacker, HOSTS.web]]);
  });

  it('an ARP sweep (absent hosts never see a packet) raises HOST_SWEEP', () => {
    expect(alerts(run(arpSweep(T0)))).toEqual([['HOST_SWEEP', HOSTS.attacker, null]]);
  });

  it('a spoofed SYN flood is one SYN_FLOOD against the victim, its source the count of sources', () => {
    const a = alerts(run(spoofedFlood(T0)));
    expect(a).toHaveLength(1);
    expect(a[0]![0]).toBe('SYN_FLOOD');
    expect(a[0]![1]).toMatch(/^\d+ sources$/);
    expect(Number(a[0]![1].split(' ')[0])).toBeGreaterThan(900);
    expect(a[0]![2]).toBe(HOSTS.web);
  });

  it('SSH guessing on a non-standard port, fast or slow (10 in two minutes), raises SSH_BRUTE_FORCE', () => {
    const fast = alerts(run(sshSessions(T0, 30, 500)));
    expect(new Set(fast.map((x) => x.join(' ')))).toEqual(new Set([`SSH_BRUTE_FORCE ${HOSTS.attacker} ${HOSTS.db}`]));
    const slow = alerts(run(sshSessions(T0, 10, 12_000)));
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.every(([k, s, d]) => k === 'SSH_BRUTE_FORCE' && s === HOSTS.attacker && d === HOSTS.db)).toBe(true);
  });

  it('a few SSH sessions to one server raise nothing', () => {
    expect(alerts(run(sshSessions(T0, 4, 20_000)))).toEqual([]);
  });

  it('failed FTP logins (530) on any port raise FTP_BRUTE_FORCE for the client', () => {
    const a = alerts(run(ftpFailures(T0, 30)));
    expect(a.length).toBeGreaterThan(0);
    expect(a.every(([k, s, d]) => k === 'FTP_BRUTE_FORCE' && s === HOSTS.attacker && d === HOSTS.db)).toBe(true);
    expect(alerts(run(ftpFailures(T0, 3)))).toEqual([]);
  });

  it('a browser opening many connections and a resolver answering many client ports raise nothing', () => {
    const p = run(normalTraffic(T0, 60), manyConnections(T0 + 2000), dnsReplies(T0 + 5000));
    expect(alerts(p)).toEqual([]);
    expect(p.engine.log.entries).toEqual([]);
  });
});

describe('slow port scans (V000018)', () => {
  it('a scan waiting 12 s between probes (nmap -T1 is slower still) raises PORT_SCAN in its 5-minute window', () => {
    // 20 ports in 4 minutes: 2 to 3 per 10 s window, never V000006's 100
    const p = run(portScan(T0, 20, [22], 240_000));
    const a = rows(p, 'ALERTS');
    expect(a.map((x) => [x['KIND'], x['SRC'], x['DST']])).toEqual([['PORT_SCAN', HOSTS.attacker, HOSTS.web]]);
    expect(a[0]!['REASON']).toBe('15 destination ports in 5 min with 15 SYNs and 0 ACKs');
  });

  it('a client using 20 services of one server, every connection completed, raises nothing', () => {
    const sessions = Array.from({ length: 20 }, (_, i) =>
      connection(T0 + i * 5_000, HOSTS.client, HOSTS.db, 40_000 + i, 3000 + i * 7),
    );
    expect(alerts(run(...sessions))).toEqual([]);
  });
});

describe('volumetric floods (V000017)', () => {
  it.each([
    [
      'a UDP flood to random ports',
      'UDP_FLOOD',
      { kind: 'udp' as const },
      /UDP datagrams in 10 s to \d+ port\(s\) from about \d+ source\(s\), 0 answered/,
    ],
    ['an ACK flood', 'TCP_FLOOD', { kind: 'tcp' as const }, /TCP ACK segments in 10 s to 1 port\(s\)/],
    ['a PSH-ACK flood', 'TCP_FLOOD', { kind: 'tcp' as const, flags: { psh: true, ack: true } }, /TCP PSH-ACK segments/],
    ['a FIN flood', 'TCP_FLOOD', { kind: 'tcp' as const, flags: { fin: true } }, /TCP FIN segments/],
    ['a GRE flood', 'IP_FLOOD', { kind: 'ip' as const }, /IP protocol 47 packets in 10 s from about/],
  ])('%s from spoofed sources is one %s against the victim, its source the count of sources', (_, kind, o, reason) => {
    const p = run(normalTraffic(T0, 20), volumetricFlood(T0 + 1000, HOSTS.web, o));
    const a = alerts(p);
    expect(a).toHaveLength(1);
    expect(a[0]![0]).toBe(kind);
    expect(a[0]![1]).toMatch(/^\d+ sources$/);
    // at the crossing: 1000 packets from as many sources (an estimate, never more than the packets)
    expect(Number(a[0]![1].split(' ')[0])).toBeGreaterThan(900);
    expect(a[0]![2]).toBe(HOSTS.web);
    expect(String(rows(p, 'ALERTS')[0]!['REASON'])).toMatch(new RegExp(`^1000 ${reason.source.replace(/^\^/, '')}`));
  });

  it('a ping flood from one host is an ICMP_FLOOD naming it, though the victim answers every request', () => {
    const flood = volumetricFlood(T0, HOSTS.web, { kind: 'icmp', sources: 1, packets: 1500 });
    const replies = flood.map((l) => icmp(Number(l.timestamp) + 1, HOSTS.web, HOSTS.attacker, 0));
    expect(alerts(run(flood, replies))).toEqual([['ICMP_FLOOD', HOSTS.attacker, HOSTS.web]]);
  });

  it('a flood the victim answers in kind, or from one source, or below the threshold, raises nothing', () => {
    // a service answering its clients: as many answers as packets
    expect(alerts(run(volumetricFlood(T0, HOSTS.web, { kind: 'udp', answers: 3000 })))).toEqual([]);
    // one sender's stream to one host is a conversation
    expect(alerts(run(volumetricFlood(T0, HOSTS.web, { kind: 'udp', sources: 1 })))).toEqual([]);
    // 900 packets in 10 s
    expect(alerts(run(volumetricFlood(T0, HOSTS.web, { kind: 'tcp', packets: 900 })))).toEqual([]);
    expect(alerts(run(volumetricFlood(T0, HOSTS.web, { kind: 'icmp', sources: 1, packets: 900 })))).toEqual([]);
  });

  it('a busy DNS server and a busy web server with hundreds of clients raise nothing', () => {
    const p = run(normalTraffic(T0, 20), busyUdpService(T0 + 1000, HOSTS.db), busyWebServer(T0 + 1000, HOSTS.web));
    // counted (received and answered), never a flood
    expect(rows(p, 'FLOOD_EVENTS').length).toBeGreaterThan(8000);
    expect(rows(p, 'HOST_FLOODS')).toEqual([]);
    expect(alerts(p)).toEqual([]);
  });

  it('hosts announcing themselves to a multicast group or the broadcast address raise nothing', () => {
    // LLMNR-like queries from 2,000 hosts to 224.0.0.252:5355, and as many to 255.255.255.255
    const group = volumetricFlood(T0, '224.0.0.252', { kind: 'udp' });
    const broadcast = volumetricFlood(T0, '255.255.255.255', { kind: 'udp' });
    // and mDNS announcements from 400 hosts' port 5353 to 224.0.0.251 are no reflection either
    const mdns = reflection(T0, '224.0.0.251', { udpPort: 5353 });
    expect(alerts(run(group, broadcast, mdns))).toEqual([]);
  });

  it('the floods other rules name are not named twice: SYN floods and reflections', () => {
    expect(alerts(run(spoofedFlood(T0))).map(([k]) => k)).toEqual(['SYN_FLOOD']);
    expect(alerts(run(reflection(T0, HOSTS.web, { udpPort: 123 }))).map(([k]) => k)).toEqual(['REFLECTION_FLOOD']);
    expect(alerts(run(reflection(T0, HOSTS.web, {}))).map(([k]) => k)).toEqual(['REFLECTION_FLOOD']);
  });
});

describe('INCIDENTS', () => {
  it('a flood from many sources is one incident, though the count of sources changes from window to window', () => {
    const p = run(
      volumetricFlood(T0, HOSTS.web, { kind: 'udp', sources: 300 }),
      volumetricFlood(T0 + 10_000, HOSTS.web, { kind: 'udp', sources: 600 }),
    );
    const raised = alerts(p);
    expect(raised.map(([k, , d]) => `${k} ${d}`)).toEqual([`UDP_FLOOD ${HOSTS.web}`, `UDP_FLOOD ${HOSTS.web}`]);
    expect(new Set(raised.map(([, s]) => s)).size).toBe(2);
    const incidents = new Map(rows(p, 'INCIDENTS').map((r) => [String(r['INCIDENT_ID']), r]));
    expect(incidents.size).toBe(1);
    expect([...incidents.values()][0]).toMatchObject({
      INCIDENT_KIND: 'UDP_FLOOD',
      ATTACKER: raised[1]![1],
      VICTIM: HOSTS.web,
      ALERTS: 2,
      WINDOWS: 2,
    });
  });

  it('groups the alerts of one attack into one incident that grows', () => {
    const p = run(sshSessions(T0, 40, 6000));
    const raised = alerts(p);
    expect(raised.length).toBeGreaterThan(1);
    const incidents = new Map(rows(p, 'INCIDENTS').map((r) => [String(r['INCIDENT_ID']), r]));
    expect(incidents.size).toBe(1);
    const [inc] = [...incidents.values()];
    expect(inc).toMatchObject({
      INCIDENT_KIND: 'SSH_BRUTE_FORCE',
      ATTACKER: HOSTS.attacker,
      VICTIM: HOSTS.db,
      ALERTS: raised.length,
    });
    expect(Number(inc!['LAST_SEEN'])).toBeGreaterThan(Number(inc!['FIRST_SEEN']));
  });
});
