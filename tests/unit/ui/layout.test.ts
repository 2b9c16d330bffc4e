// The map's placement (ui/layout.ts): new nodes settle near their peers without landing on a placed
// node, and spiral points never collide.
import { describe, expect, it } from 'vitest';
import { Placer, type Point } from '../../../ui/layout.js';

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

describe('Placer', () => {
  it('places a thousand leaves of one hub near it, none closer than the spacing to another', () => {
    const p = new Placer(10);
    const hub = p.onSpiral(false);
    const leaves = Array.from({ length: 1000 }, () => p.nearPeers([hub]));
    for (const l of leaves.slice(0, 5)) expect(dist(l, hub)).toBeLessThan(30);
    const all = [hub, ...leaves];
    let minGap = Infinity;
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) minGap = Math.min(minGap, dist(all[i]!, all[j]!));
    expect(minGap).toBeGreaterThanOrEqual(9);
    // a thousand leaves fit in a disc around the hub, not scattered across the plane
    expect(Math.max(...leaves.map((l) => dist(l, hub)))).toBeLessThan(10 * 30);
  });

  it('puts a node with peers at the peers’ centre, give or take a ring', () => {
    const p = new Placer(10);
    const a = p.take({ x: 0, y: 0 });
    const b = p.take({ x: 100, y: 0 });
    const c = p.nearPeers([a, b]);
    expect(dist(c, { x: 50, y: 0 })).toBeLessThan(20);
  });
});
