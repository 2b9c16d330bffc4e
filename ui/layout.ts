// Where nodes go, without jumps: a node already on the map keeps its position; a new node settles
// near the peers already placed (around their centre, on the first free spot of a few tried at a
// growing distance), and one with no placed peer goes on a golden-angle spiral (internal hosts near
// the centre, others further out). Free means no placed node within one spacing (a grid hash).

export interface Point {
  x: number;
  y: number;
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));
/** Rings searched for a free spot before a node is allowed to overlap. */
const MAX_RINGS = 12;

export class Placer {
  private spiral = 0;
  private readonly grid = new Map<number, Point[]>();
  /** Per centre, the ring where the last free spot was found: a hub's thousandth leaf does not retry the full rings. */
  private readonly rings = new Map<number, number>();
  constructor(private readonly spacing = 10) {}

  /** A number per grid cell (number keys: string keys cost more than the search itself). */
  private key(cx: number, cy: number): number {
    return (cx + 2 ** 20) * 2 ** 21 + (cy + 2 ** 20);
  }

  private cell(x: number, y: number): number {
    return this.key(Math.floor(x / this.spacing), Math.floor(y / this.spacing));
  }

  /** Registers a point as taken (placed here or kept from before). */
  take(p: Point): Point {
    const k = this.cell(p.x, p.y);
    const list = this.grid.get(k);
    if (list) list.push(p);
    else this.grid.set(k, [p]);
    return p;
  }

  private free(x: number, y: number): boolean {
    const cx = Math.floor(x / this.spacing);
    const cy = Math.floor(y / this.spacing);
    const min2 = (this.spacing * 0.9) ** 2;
    for (let i = -1; i <= 1; i++)
      for (let j = -1; j <= 1; j++)
        for (const p of this.grid.get(this.key(cx + i, cy + j)) ?? [])
          if ((p.x - x) ** 2 + (p.y - y) ** 2 < min2) return false;
    return true;
  }

  /** The next free point on the spiral, from the centre outwards. */
  onSpiral(outer: boolean): Point {
    for (;;) {
      const k = this.spiral++ + (outer ? 30 : 0);
      const r = this.spacing * 1.6 * Math.sqrt(k + 1);
      const p = { x: r * Math.cos(k * GOLDEN), y: r * Math.sin(k * GOLDEN) };
      if (this.free(p.x, p.y) || this.spiral > 1e6) return this.take(p);
    }
  }

  /**
   * Near the peers' centre: the first free spot of rings tried further and further out. In a crowded
   * region it gives up after a few rings and overlaps instead (at tens of thousands of nodes a full
   * search would cost more than the picture gains). `quick`: no search at all, a random spot around
   * the centre (for a first load of many thousand nodes).
   */
  nearPeers(peers: readonly Point[], quick = false): Point {
    const cx = peers.reduce((n, p) => n + p.x, 0) / peers.length;
    const cy = peers.reduce((n, p) => n + p.y, 0) / peers.length;
    const start = Math.random() * 2 * Math.PI;
    if (quick) {
      const r = this.spacing * (1 + 3 * Math.sqrt(Math.random()));
      return { x: cx + r * Math.cos(start), y: cy + r * Math.sin(start) };
    }
    const key = this.cell(cx, cy);
    const first = this.rings.get(key) ?? 1;
    for (let ring = first; ring < first + MAX_RINGS; ring++) {
      const r = this.spacing * (1 + ring * 0.5);
      const tries = Math.min(6 + ring * 3, 24);
      for (let t = 0; t < tries; t++) {
        const a = tries < 24 ? start + (t / tries) * 2 * Math.PI : Math.random() * 2 * Math.PI;
        const x = cx + r * Math.cos(a);
        const y = cy + r * Math.sin(a);
        if (this.free(x, y)) {
          this.rings.set(key, ring);
          return this.take({ x, y });
        }
      }
    }
    // not registered: the grid keeps only free spots, so its cells stay small
    const r = this.spacing * (1 + (first + Math.random() * MAX_RINGS) * 0.5);
    return { x: cx + r * Math.cos(start), y: cy + r * Math.sin(start) };
  }
}
