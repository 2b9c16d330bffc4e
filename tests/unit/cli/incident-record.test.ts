// INCIDENTS records as `ziem alerts --incidents` reads them: decoding, open or closed by the quiet
// period, merged sessions superseding their parts, and the printed line.
import { describe, expect, it } from 'vitest';
import {
  currentIncidents,
  decodeIncident,
  formatIncident,
  INCIDENT_QUIET_MS,
} from '../../../cli/alerts/incident-record.js';

const row = (o: Record<string, unknown>): string =>
  JSON.stringify({
    INCIDENT_KIND: 'SSH_BRUTE_FORCE',
    ATTACKER: '10.77.0.7',
    VICTIM: '10.77.0.5',
    INCIDENT_ID: 'a',
    FIRST_SEEN: 1_000,
    LAST_SEEN: 61_000,
    WINDOWS: 2,
    ALERTS: 2,
    MAX_SCORE: 10,
    LAST_REASON: '10 SSH sessions to port 22 in 5 min',
    ...o,
  });

describe('incident records', () => {
  it('decode with their state: open until the quiet period has passed since the last alert', () => {
    expect(decodeIncident(row({}), 61_000 + INCIDENT_QUIET_MS)?.state).toBe('open');
    expect(decodeIncident(row({}), 61_001 + INCIDENT_QUIET_MS)).toMatchObject({
      kind: 'SSH_BRUTE_FORCE',
      attacker: '10.77.0.7',
      victim: '10.77.0.5',
      alerts: 2,
      state: 'closed',
    });
    for (const bad of [null, '', 'not json', '[]', '{"INCIDENT_KIND":"X"}'])
      expect(decodeIncident(bad, 0)).toBeUndefined();
  });

  it('keep the last update of each incident, and of merged sessions only the merged one', () => {
    const now = 0;
    const updates = [
      row({ INCIDENT_ID: 'a', ALERTS: 1, LAST_SEEN: 11_000 }),
      row({ INCIDENT_ID: 'a', ALERTS: 2, LAST_SEEN: 61_000 }),
      row({ INCIDENT_ID: 'b', FIRST_SEEN: 400_000, LAST_SEEN: 410_000, ALERTS: 1 }),
      // an alert between a and b joined them: one session over both
      row({ INCIDENT_ID: 'c', FIRST_SEEN: 1_000, LAST_SEEN: 410_000, ALERTS: 4 }),
      row({ INCIDENT_ID: 'd', INCIDENT_KIND: 'PORT_SCAN', FIRST_SEEN: 5_000, LAST_SEEN: 15_000, ALERTS: 1 }),
    ].map((v) => decodeIncident(v, now)!);
    expect(currentIncidents(updates).map((i) => [i.id, i.alerts])).toEqual([
      ['c', 4],
      ['d', 1],
    ]);
  });

  it('print one line: kind, attacker → victim, state, span, counts and the last reason', () => {
    const line = formatIncident(decodeIncident(row({}), 0)!);
    expect(line).toContain('SSH_BRUTE_FORCE  10.77.0.7 → 10.77.0.5  open');
    expect(line).toContain('2 alert(s) in 2 window(s) max score 10  10 SSH sessions');
  });
});
