// The live lists beside the map: incidents (kind, attacker, victim, since, score, state) and the
// newest alerts. Each item carries the hosts it selects on the map.
import { esc, score, time } from './format.js';
import type { Alert, Incident } from './types.js';

export function incidentItems(incidents: readonly Incident[]): string {
  if (incidents.length === 0) return '<li class="muted">no incidents</li>';
  return [...incidents]
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .map(
      (i) =>
        `<li class="incident ${i.state}" data-attacker="${esc(i.attacker)}" data-victim="${esc(i.victim ?? '')}"><b>${esc(i.kind)}</b> ${esc(i.attacker)} → ${esc(i.victim ?? '*')}<br><span class="muted">since ${time(i.firstSeen)} · ${i.alerts} alert(s)${i.maxScore === null ? '' : ` · score ${score(i.maxScore)}`} · ${i.state}</span></li>`,
    )
    .join('');
}

export function alertItems(alerts: readonly Alert[], max = 100): string {
  if (alerts.length === 0) return '<li class="muted">no alerts</li>';
  return alerts
    .slice(-max)
    .reverse()
    .map(
      (a) =>
        `<li class="alert" data-attacker="${esc(a.src)}" data-victim="${esc(a.dst ?? '')}"><b>${esc(a.kind)}</b> ${esc(a.src)} → ${esc(a.dst ?? '*')}<br><span class="muted">${time(a.windowStart)}${a.score === null ? '' : ` · score ${score(a.score)}`}${a.reason ? ` · ${esc(a.reason)}` : ''}</span></li>`,
    )
    .join('');
}
