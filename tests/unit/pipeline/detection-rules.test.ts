// The pipeline's rules on the embedded engine: each attack fixture raises exactly its own alert
// kind, once per window, while normal traffic raises none; thresholds follow `--define`; a
// replay of the same packets raises nothing new. A port scan is seen by two rules: V000006 (ports
// in 10 s) and V000018 (ports in 5 minutes, for slow scans), each once per window.
import { describe, expect, it } from 'vitest';
import { feed, loadPipeline, rows, type Pipeline } from '../../fixtures/pipeline/pipeline-engine.js';
import {
  bruteForce,
  HOSTS,
  merge,
  normalTraffic,
  pingSweep,
  portScan,
  synFlood,
  T0,
} from '../../fixtures/pipeline/traffic.js';

function run(lines: Parameters<typeof feed>[1], defines: Record<string, string> = {}): Pipeline {
  const p = loadPipeline({ defines });
  feed(p, lines);
  return p;
}

const kinds = (p: Pipeline): string[] => rows(p, 'ALERTS').map((a) => String(a['KIND']));
/** V000006's alerts: the 10 s windows. */
const tenSecond = (p: Pipeline): Record<string, unknown>[] =>
  rows(p, 'ALERTS').filter((a) => Number(a['WINDOW_END']) - Number(a['WINDOW_START']) === 10_000);
const FIVE_MIN = 300_000;

describe('detection rules', () => {
  it('normal traffic (60 s, internal and external peers) raises no alert', () => {
    const p = run(normalTraffic(T0, 60));
    expect(rows(p, 'FLOWS').length).toBeGreaterThan(100);
    expect(rows(p, 'ALERTS')).toEqual([]);
    expect(p.engine.log.entries).toEqual([]);
  });

  it('a 1,000-port SYN scan raises one PORT_SCAN per rule for the scanner and the target', () => {
    const p = run(merge(normalTraffic(T0, 30), portScan(T0 + 12_000)));
    const alerts = rows(p, 'ALERTS');
    const slowWindow = Math.floor((T0 + 12_000) / FIVE_MIN) * FIVE_MIN;
    expect(alerts).toEqual([
      {
        KIND: 'PORT_SCAN',
        SRC: HOSTS.attacker,
        DST: HOSTS.web,
        WINDOW_START: slowWindow,
        WINDOW_END: slowWindow + FIVE_MIN,
        SCORE: 15,
        REASON: '15 destination ports in 5 min with 15 SYNs and 0 ACKs',
        ATTACK_CLASS: null,
        CLASS_PROBABILITY: null,
      },
      {
        KIND: 'PORT_SCAN',
        SRC: HOSTS.attacker,
        DST: HOSTS.web,
        WINDOW_START: T0 + 10_000,
        WINDOW_END: T0 + 20_000,
        SCORE: 100,
        REASON: '100 destination ports in 10 s with 100 SYNs and 0 ACKs',
        ATTACK_CLASS: null,
        CLASS_PROBABILITY: null,
      },
    ]);
  });

  it('a scan split over two windows raises one alert per window', () => {
    const p = run(portScan(T0 + 9_000, 1000, [22, 80, 443], 2_000));
    expect(tenSecond(p).map((a) => [a['KIND'], a['WINDOW_START']])).toEqual([
      ['PORT_SCAN', T0],
      ['PORT_SCAN', T0 + 10_000],
    ]);
  });

  it('a SYN flood answered by the victim raises exactly one SYN_FLOOD', () => {
    const p = run(merge(normalTraffic(T0, 30), synFlood(T0 + 15_000, 2_000, 2_000)));
    const alerts = rows(p, 'ALERTS');
    expect(kinds(p)).toEqual(['SYN_FLOOD']);
    expect(alerts[0]).toMatchObject({ SRC: HOSTS.attacker, DST: HOSTS.web, WINDOW_START: T0 + 10_000, SCORE: 300 });
  });

  it('40 SSH password guesses raise one SSH_BRUTE_FORCE in the 60 s window', () => {
    const p = run(merge(normalTraffic(T0, 60), bruteForce(T0 + 20_000)));
    expect(rows(p, 'ALERTS')).toEqual([
      expect.objectContaining({
        KIND: 'SSH_BRUTE_FORCE',
        SRC: HOSTS.attacker,
        DST: HOSTS.db,
        WINDOW_START: T0,
        WINDOW_END: T0 + 60_000,
        SCORE: 30,
      }),
    ]);
  });

  it('guesses against FTP raise FTP_BRUTE_FORCE', () => {
    expect(kinds(run(bruteForce(T0, 40, 3000, 21)))).toEqual(['FTP_BRUTE_FORCE']);
  });

  it('a ping sweep of the /24 raises one HOST_SWEEP without a destination', () => {
    const p = run(merge(normalTraffic(T0, 30), pingSweep(T0 + 21_000)));
    expect(rows(p, 'ALERTS')).toEqual([
      expect.objectContaining({
        KIND: 'HOST_SWEEP',
        SRC: HOSTS.attacker,
        DST: null,
        WINDOW_START: T0 + 20_000,
        SCORE: 20,
      }),
    ]);
  });

  it('every attack in one capture raises each kind once', () => {
    const p = run(
      merge(
        normalTraffic(T0, 120),
        portScan(T0 + 12_000),
        synFlood(T0 + 31_000),
        bruteForce(T0 + 62_000),
        pingSweep(T0 + 95_000),
      ),
    );
    expect(kinds(p).sort()).toEqual(['HOST_SWEEP', 'PORT_SCAN', 'PORT_SCAN', 'SSH_BRUTE_FORCE', 'SYN_FLOOD']);
    // each detection came from the dedup stage: more candidates than alerts, no record skipped
    expect(rows(p, 'ALERT_CANDIDATES').length).toBeGreaterThan(4);
    expect(p.engine.log.entries).toEqual([]);
  });

  it("thresholds come from --define, overriding the files' defaults", () => {
    // 60 ports stay below the default 100 but cross 50 (and the 5-minute rule's 15 unless raised)
    expect(kinds(run(portScan(T0, 60), { slowscan_min_ports: '100' }))).toEqual([]);
    const p = run(portScan(T0, 60), { portscan_min_ports: '50', slowscan_min_ports: '100' });
    expect(rows(p, 'ALERTS')).toEqual([expect.objectContaining({ KIND: 'PORT_SCAN', SCORE: 50 })]);
    expect(rows(run(portScan(T0, 60), { slowscan_min_ports: '40' }), 'ALERTS')).toEqual([
      expect.objectContaining({ KIND: 'PORT_SCAN', SCORE: 40, REASON: expect.stringMatching(/in 5 min/) }),
    ]);
    expect(kinds(run(bruteForce(T0, 12), { bruteforce_min_attempts: '10' }))).toEqual(['SSH_BRUTE_FORCE']);
  });

  it('replaying the same packets raises no second alert', () => {
    const lines = portScan(T0);
    const p = run(lines);
    expect(kinds(p)).toEqual(['PORT_SCAN', 'PORT_SCAN']);
    feed(p, lines);
    expect(kinds(p)).toEqual(['PORT_SCAN', 'PORT_SCAN']);
  });
});
