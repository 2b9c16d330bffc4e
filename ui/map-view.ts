// The map itself: a graphology graph drawn by sigma (WebGL). Updates are diffs: nodes and edges that
// stay keep their position, new ones are placed by layout.ts, gone ones leave (and come back where
// they were). Colours say internal, external, group, attacker, victim; a selection (a host, an
// incident) dims everything else.
import Graph from 'graphology';
import Sigma from 'sigma';
import type { Attributes } from 'graphology-types';
import type { View } from './aggregate.js';
import { Placer, type Point } from './layout.js';

export type WidthBy = 'packets' | 'bytes';

export const COLORS = {
  internal: '#3b78c4',
  external: '#8d96a0',
  group: '#9b59b6',
  attacker: '#d62728',
  victim: '#ff8c1a',
  edge: '#c3c9d0',
  edgeHot: '#d62728',
  dim: '#eceff2',
};

export interface Marks {
  attackers: ReadonlySet<string>;
  victims: ReadonlySet<string>;
}

/** New nodes in one update from which placement stops searching for free spots. */
const QUICK_PLACEMENT = 5_000;

const nodeSize = (traffic: number): number => 3 + 2.2 * Math.log10(1 + traffic);
const edgeSize = (v: number): number => 0.5 + 0.8 * Math.log10(1 + v);

export class MapView {
  readonly graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: true });
  readonly renderer: Sigma;
  private readonly placer = new Placer(10);
  private widthBy: WidthBy = 'packets';
  private marks: Marks = { attackers: new Set(), victims: new Set() };
  private selected: Set<string> | null = null;
  private framed = false;
  /** Where nodes that left the view were: they come back there. */
  private readonly gone = new Map<string, Point>();

  constructor(container: HTMLElement, onClick: (node: string | null) => void) {
    this.renderer = new Sigma(this.graph, container, {
      defaultEdgeType: 'arrow',
      labelRenderedSizeThreshold: 6,
      labelDensity: 1,
      labelGridCellSize: 60,
      zIndex: true,
      nodeReducer: (node, a) => this.nodeLook(node, a),
      edgeReducer: (edge, a) => this.edgeLook(edge, a),
    });
    this.renderer.on('clickNode', ({ node }) => onClick(node));
    this.renderer.on('clickStage', () => onClick(null));
  }

  /** Brings the graph to `view`: adds, updates and drops nodes and edges; positions of kept nodes stay. */
  update(view: View): void {
    const g = this.graph;
    const want = new Set<string>();
    for (const h of view.hosts) want.add(h.ip);
    for (const gr of view.groups) want.add(gr.id);
    g.forEachNode((n, a) => {
      if (want.has(n)) return;
      this.gone.set(n, { x: a['x'] as number, y: a['y'] as number });
      g.dropNode(n);
    });
    const wantEdges = new Set(view.edges.map((e) => e.id));
    g.forEachEdge((e) => {
      if (!wantEdges.has(e)) g.dropEdge(e);
    });
    const neighbours = new Map<string, string[]>();
    for (const e of view.edges) {
      (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
      (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
    }
    let added = 0;
    for (const h of view.hosts) if (!g.hasNode(h.ip)) added++;
    // many thousand new nodes at once (a first load of a big graph): no free-spot search
    const quick = added > QUICK_PLACEMENT;
    const place = (id: string, outer: boolean): Point => {
      // a host back in view (play-back, a window change) returns where it was
      const before = this.gone.get(id);
      if (before) return before;
      const placed = (neighbours.get(id) ?? []).filter((p) => g.hasNode(p));
      if (placed.length === 0) return this.placer.onSpiral(outer);
      return this.placer.nearPeers(
        placed.slice(0, 20).map((p) => g.getNodeAttributes(p) as unknown as Point),
        quick,
      );
    };
    // internal hosts first (they anchor the picture), then by traffic: big talkers before their leaves
    const hosts = [...view.hosts].sort(
      (a, b) => Number(b.internal) - Number(a.internal) || b.packets - a.packets || a.ip.localeCompare(b.ip),
    );
    for (const h of hosts) {
      const attrs = {
        label: h.name ? `${h.ip} (${h.name})` : h.ip,
        size: nodeSize(h.packets),
        kind: h.internal ? 'internal' : 'external',
        packets: h.packets,
        bytes: h.bytes,
      };
      if (g.hasNode(h.ip)) g.mergeNodeAttributes(h.ip, attrs);
      else g.addNode(h.ip, { ...attrs, ...place(h.ip, !h.internal) });
    }
    for (const gr of view.groups) {
      const attrs = {
        label: `${gr.members.length.toLocaleString('en-US')} sources → ${gr.victim}`,
        size: nodeSize(gr.packets) + 3,
        kind: 'group',
        packets: gr.packets,
        bytes: gr.bytes,
        members: gr.members.length,
        forceLabel: true,
      };
      if (g.hasNode(gr.id)) g.mergeNodeAttributes(gr.id, attrs);
      else g.addNode(gr.id, { ...attrs, ...place(gr.id, true) });
    }
    for (const e of view.edges) {
      const attrs = { packets: e.packets, bytes: e.bytes, ports: e.ports, size: edgeSize(e[this.widthBy]) };
      if (g.hasEdge(e.id)) g.mergeEdgeAttributes(e.id, attrs);
      else g.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
    }
    if (!this.framed && g.order > 0) {
      // the frame is fixed once: later nodes appear where they belong instead of rescaling everything
      this.framed = true;
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      g.forEachNode((_n, a) => {
        minX = Math.min(minX, a['x'] as number);
        maxX = Math.max(maxX, a['x'] as number);
        minY = Math.min(minY, a['y'] as number);
        maxY = Math.max(maxY, a['y'] as number);
      });
      const pad = 20;
      this.renderer.setCustomBBox({ x: [minX - pad, maxX + pad], y: [minY - pad, maxY + pad] });
    }
    // small maps label everything; large ones only what is big enough on screen
    this.renderer.setSetting('labelRenderedSizeThreshold', g.order < 1000 ? 0 : 6);
    this.renderer.refresh();
  }

  setWidthBy(w: WidthBy): void {
    this.widthBy = w;
    this.graph.updateEachEdgeAttributes((_e, a) => ({ ...a, size: edgeSize(a[w] as number) }));
  }

  setMarks(m: Marks): void {
    this.marks = m;
    this.renderer.refresh({ skipIndexation: true });
  }

  /** Hosts to bring forward (null: nothing selected). */
  select(ids: Iterable<string> | null): void {
    this.selected = ids ? new Set([...ids].filter((i) => this.graph.hasNode(i))) : null;
    this.renderer.refresh({ skipIndexation: true });
  }

  focus(id: string): void {
    const d = this.renderer.getNodeDisplayData(id);
    if (d) void this.renderer.getCamera().animate({ x: d.x, y: d.y, ratio: 0.4 }, { duration: 400 });
  }

  /** Where a node is drawn, in CSS pixels of the map's container (tests click there). */
  viewportPosition(id: string): Point | undefined {
    const d = this.renderer.getNodeDisplayData(id);
    return d ? this.renderer.framedGraphToViewport(d) : undefined;
  }

  private markOf(node: string): string | undefined {
    if (this.marks.attackers.has(node)) return COLORS.attacker;
    if (this.marks.victims.has(node)) return COLORS.victim;
    return undefined;
  }

  private nodeLook(node: string, a: Attributes): Attributes {
    const base = COLORS[a['kind'] as 'internal' | 'external' | 'group'] ?? COLORS.external;
    const mark = this.markOf(node);
    const out: Attributes = { ...a, color: mark ?? base };
    if (mark) out['zIndex'] = 2;
    if (this.selected) {
      if (this.selected.has(node)) {
        out['highlighted'] = true;
        out['forceLabel'] = true;
        out['zIndex'] = 3;
      } else {
        out['color'] = COLORS.dim;
        out['label'] = null;
        out['zIndex'] = 0;
      }
    }
    return out;
  }

  private edgeLook(edge: string, a: Attributes): Attributes {
    const [s, t] = this.graph.extremities(edge);
    const hot =
      (this.marks.attackers.has(s) || this.marks.attackers.has(t)) &&
      (this.marks.victims.has(s) || this.marks.victims.has(t));
    const out: Attributes = { ...a, color: hot ? COLORS.edgeHot : COLORS.edge };
    if (this.selected && !this.selected.has(s) && !this.selected.has(t)) out['hidden'] = true;
    return out;
  }
}
