// Where nodes go, without jumps: a node already on the map keeps its position; a new node settles
// near the peers already placed (their centre, at a small random distance), and one with no placed
// peer goes on a golden-angle spiral (internal hosts near the centre, others further out). Pure but
// for Math.random.

export interface Point {
  x: number;
  y: number;
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

export class Placer {
  private spiral = 0;
  constructor(private readonly spacing = 10) {}

  /** The next free point on the spiral, from the centre outwards. */
  onSpiral(outer: boolean): Point {
    const k = this.spiral++ + (outer ? 50 : 0);
    const r = this.spacing * Math.sqrt(k + 1);
    return { x: r * Math.cos(k * GOLDEN), y: r * Math.sin(k * GOLDEN) };
  }

  /** Near the peers' centre: further out when the centre already has many around it. */
  nearPeers(peers: readonly Point[], crowd: number): Point {
    const cx = peers.reduce((n, p) => n + p.x, 0) / peers.length;
    const cy = peers.reduce((n, p) => n + p.y, 0) / peers.length;
    const a = Math.random() * 2 * Math.PI;
    const r = this.spacing * (0.6 + 0.25 * Math.sqrt(crowd) * Math.sqrt(Math.random()));
    return { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
  }
}
