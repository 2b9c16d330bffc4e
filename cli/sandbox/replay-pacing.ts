// When each replayed packet is due: packet time relative to the first packet, divided by the
// speed, from the wall-clock start of the replay. `max` sends everything as fast as Kafka takes it.
// Pure; the replay loop sleeps until `dueAt`.

export type Pace = { kind: 'speed'; factor: number } | { kind: 'max' };

export function parsePace(o: { speed?: string; max?: boolean }): Pace {
  if (o.max && o.speed !== undefined) throw new RangeError('give either --speed or --max, not both');
  if (o.max) return { kind: 'max' };
  if (o.speed === undefined) return { kind: 'speed', factor: 1 };
  const f = Number(o.speed.replace(/x$/, ''));
  if (!Number.isFinite(f) || f <= 0 || f > 10_000)
    throw new RangeError(`--speed ${o.speed}: expected a number above 0 and at most 10000, like 2 or 0.5`);
  return { kind: 'speed', factor: f };
}

/** The wall-clock ms at which a packet stamped `packetMs` is due. */
export function dueAt(pace: Pace, startWallMs: number, firstPacketMs: number, packetMs: number): number {
  if (pace.kind === 'max') return startWallMs;
  // out-of-order stamps (merged captures) are sent at once rather than waited for backwards
  return startWallMs + Math.max(0, packetMs - firstPacketMs) / pace.factor;
}
