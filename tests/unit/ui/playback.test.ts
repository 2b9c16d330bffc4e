// Play-back's arithmetic: how many windows of a length reach back over the graph's time span, and
// which slider step an absolute window end stands at.
import { describe, expect, it } from 'vitest';
import { SPAN_MS, stepOf, stepsIn } from '../../../ui/playback.js';

const MIN5 = SPAN_MS['5m']!;
const T = Date.UTC(2026, 0, 5, 10, 0, 0);

describe('play-back steps', () => {
  it('covers the span from the oldest window start to the newest window end', () => {
    expect(stepsIn(T - 600_000, T + 60_000, MIN5)).toBe(3);
    expect(stepsIn(T, T + 60_000, MIN5)).toBe(1);
    expect(stepsIn(T, T + MIN5, MIN5)).toBe(1);
    expect(stepsIn(T, T + MIN5 + 1, MIN5)).toBe(2);
    // "all" and an empty graph: nothing to step through
    expect(stepsIn(T, T + 10 * MIN5, undefined)).toBe(1);
    expect(stepsIn(null, null, MIN5)).toBe(1);
  });

  it('maps a window end back to its step, the newest being 0', () => {
    expect(stepOf(undefined, T, MIN5)).toBe(0);
    expect(stepOf(T, T, MIN5)).toBe(0);
    expect(stepOf(T - 2 * MIN5, T, MIN5)).toBe(-2);
    // new traffic moves the newest end on: the same window end is a step further back
    expect(stepOf(T - 2 * MIN5, T + MIN5, MIN5)).toBe(-3);
    expect(stepOf(T - MIN5, T, undefined)).toBe(0);
  });
});
