// The pipeline's joins on the embedded engine in memory: ALERTS_ENRICHED carries the victim's and
// the attacker's asset (V000020), every alert once, the unknown addresses' fields null; and
// KNOWN_BAD_HOST (V000021) fires on the first contact with a listed address, in either direction,
// once per pair however many packets and windows follow.
import { describe, expect, it } from 'vitest';
import { feed, loadPipeline, rows, type Pipeline } from '../../fixtures/pipeline/pipeline-engine.js';
import { HOSTS, merge, normalTraffic, pingSweep, portScan, T0, tcp } from '../../fixtures/pipeline/traffic.js';

function table(p: Pipeline, topic: string, key: string, value: Record<string, string>): void {
  p.driver.produce(topic, {
    key: Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    timestamp: 0,
    headers: [],
    partition: 0,
  });
}

const asset = (p: Pipeline, ip: string, name: string, criticality: string): void =>
  table(p, 'ziem-assets', ip, { NAME: name, OWNER: 'ops', CRITICALITY: criticality });

describe('alert enrichment with ASSETS', () => {
  it('names the victim and the attacker where the inventory has them, null elsewhere', () => {
    const p = loadPipeline();
    asset(p, HOSTS.web, 'web-1', 'high');
    asset(p, HOSTS.attacker, 'lab-laptop', 'low');
    feed(p, merge(normalTraffic(T0, 30), portScan(T0 + 12_000), pingSweep(T0 + 15_000)));
    const alerts = rows(p, 'ALERTS');
    const enriched = rows(p, 'ALERTS_ENRICHED');
    // the scan in its 10 s window (V000006) and its 5-minute window (V000018)
    expect(alerts.map((a) => a['KIND']).sort()).toEqual(['HOST_SWEEP', 'PORT_SCAN', 'PORT_SCAN']);
    expect(enriched).toHaveLength(alerts.length);
    const scan = enriched.find((a) => a['KIND'] === 'PORT_SCAN')!;
    expect(scan).toMatchObject({
      SRC: HOSTS.attacker,
      DST: HOSTS.web,
      VICTIM_NAME: 'web-1',
      VICTIM_OWNER: 'ops',
      VICTIM_CRITICALITY: 'high',
      ATTACKER_NAME: 'lab-laptop',
      ATTACKER_CRITICALITY: 'low',
    });
    expect(alerts.map((a) => a['REASON'])).toContain(scan['REASON']);
    // a sweep has no victim: the alert still comes through, its victim fields null
    const sweep = enriched.find((a) => a['KIND'] === 'HOST_SWEEP')!;
    expect(sweep).toMatchObject({ DST: null, VICTIM_NAME: null, ATTACKER_NAME: 'lab-laptop' });
    expect(p.engine.log.entries).toEqual([]);
  });

  it('every update of INCIDENTS comes through INCIDENTS_ENRICHED with both assets', () => {
    const p = loadPipeline();
    asset(p, HOSTS.web, 'web-1', 'high');
    asset(p, HOSTS.attacker, 'lab-laptop', 'low');
    feed(p, merge(portScan(T0 + 2_000), portScan(T0 + 12_000)));
    const incidents = rows(p, 'INCIDENTS');
    const enriched = rows(p, 'INCIDENTS_ENRICHED');
    expect(enriched.map((i) => i['INCIDENT_ID'])).toEqual(incidents.map((i) => i['INCIDENT_ID']));
    expect(enriched.at(-1)).toMatchObject({
      INCIDENT_KIND: 'PORT_SCAN',
      ATTACKER: HOSTS.attacker,
      VICTIM: HOSTS.web,
      LAST_SEEN: incidents.at(-1)!['LAST_SEEN'],
      VICTIM_NAME: 'web-1',
      VICTIM_CRITICALITY: 'high',
      ATTACKER_NAME: 'lab-laptop',
      ATTACKER_OWNER: 'ops',
    });
  });

  it('without an inventory every alert comes through unenriched', () => {
    const p = loadPipeline();
    feed(p, portScan(T0 + 12_000));
    const [a] = rows(p, 'ALERTS_ENRICHED');
    expect(a).toMatchObject({ KIND: 'PORT_SCAN', VICTIM_NAME: null, ATTACKER_NAME: null });
  });
});

describe('KNOWN_BAD_HOST', () => {
  const bad = '203.0.113.66';
  const listed = (p: Pipeline): void =>
    table(p, 'ziem-intel', bad, { INTEL_SOURCE: 'feodo', DESCRIPTION: 'botnet C2' });
  // a connection from the client to the listed address over 25 s (three windows), both directions
  const session = (t: number): ReturnType<typeof tcp>[] => {
    const out = [tcp(t, HOSTS.client, bad, 40000, 443, 'S'), tcp(t + 5, bad, HOSTS.client, 443, 40000, 'SA')];
    for (let i = 1; i <= 25; i++) {
      out.push(tcp(t + i * 1000, HOSTS.client, bad, 40000, 443, 'PA', 100));
      out.push(tcp(t + i * 1000 + 5, bad, HOSTS.client, 443, 40000, 'A'));
    }
    return out;
  };

  it('fires once on the first contact of a host with a listed address, whichever way and however long', () => {
    const p = loadPipeline();
    listed(p);
    feed(p, merge(normalTraffic(T0, 40), session(T0 + 3_000)));
    const alerts = rows(p, 'ALERTS').filter((a) => a['KIND'] === 'KNOWN_BAD_HOST');
    expect(alerts).toEqual([
      {
        KIND: 'KNOWN_BAD_HOST',
        SRC: bad,
        DST: HOSTS.client,
        WINDOW_START: T0,
        WINDOW_END: T0 + 10_000,
        SCORE: 1,
        REASON: `first contact ${HOSTS.client} → ${bad}: ${bad} is on the known-bad list (feodo: botnet C2)`,
        ATTACK_CLASS: null,
        CLASS_PROBABILITY: null,
      },
    ]);
  });

  it('a listed address that speaks first is named as the sender; another host is another pair', () => {
    const p = loadPipeline();
    table(p, 'ziem-intel', bad, {});
    feed(p, [
      tcp(T0 + 1_000, bad, HOSTS.web, 443, 50000, 'S'),
      tcp(T0 + 2_000, HOSTS.web, bad, 50000, 443, 'RA'),
      tcp(T0 + 12_000, HOSTS.db, bad, 40001, 443, 'S'),
      tcp(T0 + 22_000, bad, HOSTS.web, 443, 50001, 'S'),
    ]);
    const alerts = rows(p, 'ALERTS').filter((a) => a['KIND'] === 'KNOWN_BAD_HOST');
    expect(alerts.map((a) => [a['DST'], a['WINDOW_START'], a['REASON']])).toEqual([
      [HOSTS.web, T0, `first contact ${bad} → ${HOSTS.web}: ${bad} is on the known-bad list`],
      [HOSTS.db, T0 + 10_000, `first contact ${HOSTS.db} → ${bad}: ${bad} is on the known-bad list`],
    ]);
  });

  it('an empty list, or traffic with unlisted addresses only, raises nothing', () => {
    const p = loadPipeline();
    feed(p, session(T0));
    listed(p);
    feed(p, normalTraffic(T0 + 60_000, 30));
    expect(rows(p, 'ALERTS').filter((a) => a['KIND'] === 'KNOWN_BAD_HOST')).toEqual([]);
  });
});
