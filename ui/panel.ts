// The side panel: one host (peers, ports, bytes, alerts, incidents, first and last seen) or one
// group node (its sources, and the button that expands it). Renders HTML strings from escaped text.
import type { GroupNode } from './aggregate.js';
import { bytes, count, esc, score, time } from './format.js';
import type { HostDetail } from './types.js';

export function hostPanel(h: HostDetail, internal: boolean): string {
  const peers = h.peers
    .slice(0, 200)
    .map(
      (p) =>
        `<tr class="peer" data-ip="${esc(p.ip)}"><td>${p.direction === 'out' ? '→' : '←'}</td><td class="ip">${esc(p.ip)}</td><td>${count(p.packets)}</td><td>${bytes(p.bytes)}</td><td>${count(p.ports)}</td><td>${time(p.lastSeen)}</td></tr>`,
    )
    .join('');
  const alerts = h.alerts
    .map(
      (a) =>
        `<li><b>${esc(a.kind)}</b> ${esc(a.src)} → ${esc(a.dst ?? '*')} <span class="muted">${time(a.windowStart)} ${score(a.score)} ${esc(a.reason ?? '')}</span></li>`,
    )
    .join('');
  const incidents = h.incidents
    .map(
      (i) =>
        `<li><b>${esc(i.kind)}</b> (${esc(i.role)}) ${esc(i.attacker)} → ${esc(i.victim ?? '*')} <span class="muted">since ${time(i.firstSeen)} ${score(i.maxScore)}</span></li>`,
    )
    .join('');
  return `
    <h2 id="panel-title">${esc(h.ip)}${h.name ? ` <span class="muted">${esc(h.name)}</span>` : ''}</h2>
    <p class="muted">${internal ? 'internal' : 'external'} host</p>
    <dl>
      <dt>first seen</dt><dd>${time(h.firstSeen)}</dd>
      <dt>last seen</dt><dd>${time(h.lastSeen)}</dd>
      <dt>sent</dt><dd>${count(h.packetsOut)} packets, ${bytes(h.bytesOut)}</dd>
      <dt>received</dt><dd>${count(h.packetsIn)} packets, ${bytes(h.bytesIn)}</dd>
    </dl>
    <h3>Peers (${count(h.peers.length)})</h3>
    <table class="peers"><thead><tr><th></th><th>ip</th><th>packets</th><th>bytes</th><th>ports</th><th>last seen</th></tr></thead>
    <tbody>${peers}</tbody></table>
    ${h.peers.length > 200 ? `<p class="muted">and ${count(h.peers.length - 200)} more</p>` : ''}
    <h3>Alerts (${count(h.alerts.length)})</h3><ul class="alerts">${alerts || '<li class="muted">none</li>'}</ul>
    <h3>Incidents (${count(h.incidents.length)})</h3><ul class="incidents">${incidents || '<li class="muted">none</li>'}</ul>`;
}

export function groupPanel(g: GroupNode): string {
  const sample = g.members
    .slice(0, 100)
    .map((m) => `<li class="ip">${esc(m)}</li>`)
    .join('');
  return `
    <h2 id="panel-title">${count(g.members.length)} sources → ${esc(g.victim)}</h2>
    <p class="muted">external hosts whose only peer is ${esc(g.victim)}, drawn as one node</p>
    <dl><dt>packets</dt><dd>${count(g.packets)}</dd><dt>bytes</dt><dd>${bytes(g.bytes)}</dd></dl>
    <button id="expand" data-victim="${esc(g.victim)}">expand into ${count(g.members.length)} nodes</button>
    <h3>Sources</h3><ul class="members">${sample}</ul>
    ${g.members.length > 100 ? `<p class="muted">and ${count(g.members.length - 100)} more</p>` : ''}`;
}
