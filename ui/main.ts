// The network map's page: wires the controls, the map (map-view.ts), the side panel and the live
// lists to the server's API. Data flow: /api/graph → aggregate → map; /api/events → lists and marks.
import { downloadAsPNG } from '@sigma/export-image';
import { fetchHost, fetchMap, followEvents } from './api.js';
import { aggregate, groupId, type View } from './aggregate.js';
import { count } from './format.js';
import { alertItems, incidentItems } from './lists.js';
import { MapView, type WidthBy } from './map-view.js';
import { groupPanel, hostPanel } from './panel.js';
import { Playback } from './playback.js';
import { markStep, stopMarks } from './timing.js';
import { WINDOW_NAMES, type Alert, type FeedEvent, type Incident, type MapData, type WindowName } from './types.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const REFRESH_MS = 10_000;

/** ?group=N sets the group threshold (0: never group), ?window= the time window. */
const params = new URLSearchParams(location.search);
const groupParam = params.get('group');
const windowParam = params.get('window');

const state = {
  window: ((WINDOW_NAMES as readonly string[]).includes(windowParam ?? '') ? windowParam : 'all') as WindowName,
  minGroup: groupParam === null ? 10 : Number(groupParam) > 0 ? Number(groupParam) : Infinity,
  expanded: new Set<string>(),
  data: undefined as MapData | undefined,
  view: undefined as View | undefined,
  alerts: [] as Alert[],
  incidents: new Map<string, Incident>(),
  loads: 0,
  /** ms from navigation to the first frame with the map's data drawn (the benchmark reads it) */
  firstRenderMs: undefined as number | undefined,
};

// the first answer is asked for before the renderer is made: its WebGL set-up (shader compiles) then
// overlaps the server's query instead of delaying it
let firstAnswer: ReturnType<typeof fetchMap> | undefined = fetchMap(state.window, undefined, '');

const map = new MapView($('map'), (node) => void (node ? openNode(node) : closePanel()));
const playback = new Playback(
  $('playback'),
  $('play'),
  $('playback-at'),
  () => state.window,
  () => void load(),
);

function marks(): { attackers: Set<string>; victims: Set<string> } {
  const attackers = new Set<string>();
  const victims = new Set<string>();
  const mark = (src: string, dst: string | null): void => {
    if (dst) victims.add(dst);
    // a distributed attack's source is a count ("312 sources"): its one-peer sources are the group
    if (IPV4.test(src)) attackers.add(state.view?.groupOf.get(src) ?? src);
    else if (dst) attackers.add(groupId(dst));
  };
  for (const a of state.alerts) mark(a.src, a.dst);
  for (const i of state.incidents.values()) mark(i.attacker, i.victim);
  return { attackers, victims };
}

function render(): void {
  if (!state.data) return;
  state.view = aggregate(state.data, state.minGroup, state.expanded);
  map.update(state.view, marks());
  markStep('drawn');
  const grouped = state.view.groupOf.size;
  const s = $('status');
  s.dataset['hosts'] = String(state.data.hosts.length);
  s.dataset['nodes'] = String(map.graph.order);
  s.dataset['groups'] = String(state.view.groups.length);
  s.dataset['grouped'] = String(grouped);
  s.dataset['edges'] = String(state.data.edges.length);
  s.textContent =
    `${count(state.data.hosts.length)} hosts, ${count(state.data.edges.length)} flows` +
    (grouped ? ` · ${count(grouped)} drawn as ${count(state.view.groups.length)} group node(s)` : '');
}

/** Loads are numbered: a slow answer for a window the slider has left is dropped. */
let loadSeq = 0;
/** The last answer drawn: an identical one is not drawn again. */
let lastBody = '';
let loading = 0;
async function load(): Promise<void> {
  const seq = ++loadSeq;
  loading++;
  try {
    const answer = firstAnswer ?? fetchMap(state.window, playback.at, lastBody);
    firstAnswer = undefined;
    const { data, body } = await answer;
    if (seq !== loadSeq) return;
    if (data) {
      lastBody = body;
      state.data = data;
      render();
      playback.show(data);
    }
    if (state.firstRenderMs === undefined)
      requestAnimationFrame(() => {
        state.firstRenderMs ??= performance.now();
        stopMarks();
      });
    state.loads++;
    $('error').textContent = '';
  } catch (err) {
    $('error').textContent = `map: ${(err as Error).message}`;
  } finally {
    loading--;
  }
}

/** The periodic reload waits for one in flight (a big graph's answer can take seconds to read). */
const reload = (): void => void (loading === 0 ? load() : undefined);

function closePanel(): void {
  $('panel').hidden = true;
  map.select(null);
}

async function openNode(node: string): Promise<void> {
  const panel = $('panel');
  const body = $('panel-body');
  panel.hidden = false;
  panel.dataset['node'] = node;
  const group = state.view?.groups.find((g) => g.id === node);
  if (group) {
    body.innerHTML = groupPanel(group);
    map.select([node, group.victim]);
    $('expand').onclick = () => {
      state.expanded.add(group.victim);
      render();
      closePanel();
    };
    return;
  }
  body.innerHTML = '<p class="muted">loading…</p>';
  try {
    const h = await fetchHost(node);
    if (panel.dataset['node'] !== node) return;
    body.innerHTML = hostPanel(h, state.data?.hosts.find((x) => x.ip === node)?.internal ?? false);
    map.select([node, ...h.peers.map((p) => state.view?.groupOf.get(p.ip) ?? p.ip)]);
    for (const row of body.querySelectorAll<HTMLElement>('tr.peer'))
      row.onclick = () => void selectIp(row.dataset['ip'] ?? '');
  } catch (err) {
    body.innerHTML = `<p class="error">${(err as Error).message}</p>`;
  }
}

/** Search and peer clicks: a grouped host's group is expanded first, then the host selected. */
async function selectIp(ip: string): Promise<void> {
  const q = ip.trim();
  if (!q) return;
  const group = state.view?.groupOf.get(q);
  if (group) {
    state.expanded.add(group.slice('group:'.length));
    render();
  }
  let id: string | undefined = map.graph.hasNode(q) ? q : undefined;
  if (!id) map.graph.forEachNode((n, a) => void (!id && String(a['label'] ?? '').includes(q) ? (id = n) : 0));
  if (!id) {
    $('error').textContent = `${q} is not on the map (window ${state.window})`;
    return;
  }
  $('error').textContent = '';
  map.focus(id);
  await openNode(id);
}

function selectPair(attacker: string, victim: string): void {
  const ids = [attacker, victim, state.view?.groupOf.get(attacker) ?? '', groupId(victim)].filter(Boolean);
  map.select(ids);
  if (victim && map.graph.hasNode(victim)) map.focus(victim);
}

function renderLists(): void {
  $('incidents').innerHTML = incidentItems([...state.incidents.values()]);
  $('incident-count').textContent = String(state.incidents.size);
  $('alerts').innerHTML = alertItems(state.alerts);
  $('alert-count').textContent = String(state.alerts.length);
  for (const li of document.querySelectorAll<HTMLElement>('#incidents li[data-attacker], #alerts li[data-attacker]'))
    li.onclick = () => selectPair(li.dataset['attacker'] ?? '', li.dataset['victim'] ?? '');
}

let refreshSoon: ReturnType<typeof setTimeout> | undefined;
function onEvent(e: FeedEvent): void {
  if (e.type === 'snapshot') {
    state.alerts = e.alerts;
    state.incidents = new Map(e.incidents.map((i) => [i.id, i]));
  } else if (e.type === 'alert') state.alerts.push(e.alert);
  else state.incidents.set(e.incident.id, e.incident);
  renderLists();
  map.setMarks(marks());
  // an attack brings hosts the map has not drawn yet: fetch soon rather than at the next tick
  if (e.type !== 'snapshot' && !refreshSoon)
    refreshSoon = setTimeout(() => ((refreshSoon = undefined), void load()), 1_500);
}

$<HTMLSelectElement>('window').value = state.window;
if (Number.isFinite(state.minGroup)) $<HTMLInputElement>('min-group').value = String(state.minGroup);
$<HTMLSelectElement>('window').onchange = (ev) => {
  state.window = (ev.target as HTMLSelectElement).value as WindowName;
  playback.reset();
  void load();
};
$<HTMLSelectElement>('width-by').onchange = (ev) => map.setWidthBy((ev.target as HTMLSelectElement).value as WidthBy);
$<HTMLInputElement>('min-group').onchange = (ev) => {
  state.minGroup = Math.max(2, Number((ev.target as HTMLInputElement).value) || 10);
  state.expanded.clear();
  render();
};
$<HTMLFormElement>('search').onsubmit = (ev) => {
  ev.preventDefault();
  void selectIp($<HTMLInputElement>('search-ip').value);
};
$('export').onclick = () =>
  void downloadAsPNG(map.renderer, { fileName: 'ziem-network-map', backgroundColor: '#ffffff' });
$('panel-close').onclick = closePanel;

followEvents(onEvent, (up) => ($('live').textContent = up ? 'live' : 'reconnecting…'));
void load();
setInterval(reload, REFRESH_MS);

// read by the browser tests: where a node is drawn, and how many loads have completed
Object.assign(window, {
  ziemMap: {
    loads: () => state.loads,
    firstRenderMs: () => state.firstRenderMs,
    viewportPosition: (id: string) => map.viewportPosition(id),
    hasNode: (id: string) => map.graph.hasNode(id),
  },
});
