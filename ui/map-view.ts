// The map itself: a graphology graph drawn by sigma (WebGL). Each update builds the graph anew and
// hands it to sigma whole; nodes that stay keep their position, new ones are placed by layout.ts,
// gone ones leave (and come back where they were). Colours say internal, external, group, attacker, victim; a selection (a host, an
// incident) dims everything else.
import Graph from 'graphology';
import Sigma from 'sigma';
import type { Attributes } from 'graphology-types';
import type { View } from './aggregate.js';
import { Placer, type Point } from './layout.js';
import { markStep } from './timing.js';

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
/** Edges from which they are drawn as plain lines. */
const PLAIN_EDGES_FROM = 20_000;

const nodeSize = (traffic: number): number => 3 + 2.2 * Math.log10(1 + traffic);
const edgeSize = (v: number): number => 0.5 + 0.8 * Math.log10(1 + v);

const newGraph = (): Graph => new Graph({ type: 'directed', multi: false, allowSelfLoops: true });

export class MapView {
  /** Rebuilt on each update and handed to sigma whole (setGraph): one indexation, no event per node. */
  graph = newGraph();
  readonly renderer: Sigma;
  private readonly placer = new Placer(10);
  private widthBy: WidthBy = 'packets';
  private marks: Marks = { attackers: new Set(), victims: new Set() };
  private selected: Set<string> | null = null;
  /** Edges between an attacker and a victim; edges touching the selection (computed on change, not per draw). */
  private hotEdges = new Set<string>();
  private selectedEdges = new Set<string>();
  private framed = false;
  /** Where nodes that left the view were: they come back there. */
  private readonly gone = new Map<string, Point>();

  constructor(container: HTMLElement, onClick: (node: string | null) => void) {
    this.renderer = new Sigma(this.graph, container, {
      // per edge only where it differs ('arrow' on small maps): a large map's edges carry no type
      defaultEdgeType: 'line',
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

  /**
   * Brings the map to `view` with `marks`: kept nodes keep their position, returning ones get theirs
   * back, new ones are placed. Sigma indexes and draws the new graph once (setGraph), marks and
   * selection included.
   */
  update(view: View, marks: Marks): void {
    const old = this.graph;
    const g = newGraph();
    const want = new Set<string>();
    for (const h of view.hosts) want.add(h.ip);
    for (const gr of view.groups) want.add(gr.id);
    old.forEachNode((n, a) => {
      if (!want.has(n)) this.gone.set(n, { x: a['x'] as number, y: a['y'] as number });
    });
    const neighbours = new Map<string, string[]>();
    for (const e of view.edges) {
      (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
      (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
    }
    let added = 0;
    for (const id of want) if (!old.hasNode(id)) added++;
    // many thousand new nodes at once (a first load of a big graph): no free-spot search
    const quick = added > QUICK_PLACEMENT;
    const position = (id: string): Point | undefined => {
      if (old.hasNode(id)) {
        const a = old.getNodeAttributes(id);
        return { x: a['x'] as number, y: a['y'] as number };
      }
      // a host back in view (play-back, a window change) returns where it was
      return this.gone.get(id);
    };
    // where each node of the new graph went, as they are placed (a new node settles near these)
    const placed = new Map<string, Point>();
    const place = (id: string, outer: boolean): Point => {
      const peers: Point[] = [];
      for (const p of neighbours.get(id) ?? []) {
        const at = placed.get(p);
        if (!at) continue;
        peers.push(at);
        if (peers.length === 20) break;
      }
      return peers.length === 0 ? this.placer.onSpiral(outer) : this.placer.nearPeers(peers, quick);
    };
    // nodes with a position first (new ones settle near them), then internal hosts (they anchor the
    // picture), then by traffic: big talkers before their leaves
    const nodes: Array<{
      id: string;
      attrs: Attributes;
      outer: boolean;
      at: Point | undefined;
      rank: number;
      packets: number;
    }> = [];
    const add = (id: string, outer: boolean, packets: number, attrs: Attributes): void => {
      const at = position(id);
      nodes.push({ id, attrs, outer, at, rank: at ? 0 : outer ? 2 : 1, packets });
    };
    for (const h of view.hosts)
      add(h.ip, !h.internal, h.packets, {
        label: h.name ? `${h.ip} (${h.name})` : h.ip,
        size: nodeSize(h.packets),
        kind: h.internal ? 'internal' : 'external',
      });
    for (const gr of view.groups)
      add(gr.id, true, gr.packets, {
        label: `${gr.members.length.toLocaleString('en-US')} sources → ${gr.victim}`,
        size: nodeSize(gr.packets) + 3,
        kind: 'group',
        forceLabel: true,
      });
    nodes.sort((a, b) => a.rank - b.rank || b.packets - a.packets);
    for (const n of nodes) {
      const at = n.at ?? place(n.id, n.outer);
      placed.set(n.id, at);
      n.attrs['x'] = at.x;
      n.attrs['y'] = at.y;
      g.addNode(n.id, n.attrs);
    }
    markStep('placed');
    // arrowheads cost a second draw per edge and cannot be told apart at tens of thousands of edges
    const arrows = view.edges.length <= PLAIN_EDGES_FROM;
    const by = this.widthBy;
    for (const e of view.edges) {
      const attrs: Attributes = { packets: e.packets, bytes: e.bytes, size: edgeSize(e[by]) };
      if (arrows) attrs['type'] = 'arrow';
      g.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
    }
    markStep('built');
    this.graph = g;
    this.frame();
    // small maps label everything; large ones only what is big enough on screen
    const threshold = g.order < 1000 ? 0 : 6;
    if (this.renderer.getSetting('labelRenderedSizeThreshold') !== threshold)
      this.renderer.setSetting('labelRenderedSizeThreshold', threshold);
    this.marks = marks;
    this.hotEdges = this.edgesOf(marks.attackers, (o) => marks.victims.has(o));
    if (this.selected) this.selectOnGraph(this.selected);
    this.renderer.setGraph(g);
  }

  /** The frame is fixed at the first non-empty update: later nodes appear where they belong instead of rescaling everything. */
  private frame(): void {
    const g = this.graph;
    if (this.framed || g.order === 0) return;
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

  /** The edges of `nodes` (on the map) whose other end passes `other`. */
  private edgesOf(nodes: Iterable<string>, other: (n: string) => boolean): Set<string> {
    const out = new Set<string>();
    for (const n of nodes)
      if (this.graph.hasNode(n))
        this.graph.forEachEdge(n, (e, _a, s, t) => {
          if (other(s === n ? t : s)) out.add(e);
        });
    return out;
  }

  setWidthBy(w: WidthBy): void {
    this.widthBy = w;
    this.graph.updateEachEdgeAttributes((_e, a) => ({ ...a, size: edgeSize(a[w] as number) }));
  }

  setMarks(m: Marks): void {
    const same = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
      a.size === b.size && [...a].every((x) => b.has(x));
    if (same(m.attackers, this.marks.attackers) && same(m.victims, this.marks.victims)) return;
    this.marks = m;
    this.hotEdges = this.edgesOf(m.attackers, (o) => m.victims.has(o));
    // not scheduled: focus() and viewportPosition() read display data that only a processed refresh normalises
    this.renderer.refresh({ skipIndexation: true });
  }

  /** Hosts to bring forward (null: nothing selected). */
  select(ids: Iterable<string> | null): void {
    this.selectOnGraph(ids);
    // not scheduled: focus() and viewportPosition() read display data that only a processed refresh normalises
    this.renderer.refresh({ skipIndexation: true });
  }

  /** The selection and its edges on the current graph, without a redraw. */
  private selectOnGraph(ids: Iterable<string> | null): void {
    this.selected = ids ? new Set([...ids].filter((i) => this.graph.hasNode(i))) : null;
    this.selectedEdges = this.selected ? this.edgesOf(this.selected, () => true) : new Set();
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

  // the reducers get sigma's own copy of the attributes: they set fields on it rather than copy it
  // again (tens of thousands of objects per draw)
  private nodeLook(node: string, a: Attributes): Attributes {
    const mark = this.markOf(node);
    a['color'] = mark ?? COLORS[a['kind'] as 'internal' | 'external' | 'group'] ?? COLORS.external;
    if (mark) a['zIndex'] = 2;
    if (this.selected) {
      if (this.selected.has(node)) {
        a['highlighted'] = true;
        a['forceLabel'] = true;
        a['zIndex'] = 3;
      } else {
        a['color'] = COLORS.dim;
        a['label'] = null;
        a['zIndex'] = 0;
      }
    }
    return a;
  }

  private edgeLook(edge: string, a: Attributes): Attributes {
    a['color'] = this.hotEdges.has(edge) ? COLORS.edgeHot : COLORS.edge;
    if (this.selected && !this.selectedEdges.has(edge)) a['hidden'] = true;
    return a;
  }
}
