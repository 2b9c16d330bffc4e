// The /inserts-stream line splitter: lines across chunk boundaries, the last line without a
// newline, a line over the limit stops the split naming its number, and a long line arriving in
// many small chunks is joined once.
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../engine/server/line-splitter.js';

function split(chunks: string[], max = 1024): { lines: string[]; tooLong: number | undefined } {
  const lines: string[] = [];
  let tooLong: number | undefined;
  const s = new LineSplitter(
    max,
    (l) => lines.push(l),
    (n) => (tooLong = n),
  );
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, tooLong };
}

describe('LineSplitter', () => {
  it('joins lines across chunks and keeps the last line without a newline', () => {
    expect(split(['{"a"', ':1}\n{"b":', '2}\n', '{"c":3}']).lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(split(['x\n\ny\n']).lines).toEqual(['x', '', 'y', '']);
  });

  it('stops at the first line over the limit, counting bytes of multi-byte characters', () => {
    const r = split(['ok\n', 'é'.repeat(6), '\nnever\n'], 10);
    expect(r.lines).toEqual(['ok']);
    expect(r.tooLong).toBe(2);
  });

  it('reads a 20 MB line in 64 KB chunks', () => {
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = Array.from({ length: 320 }, () => chunk);
    const r = split([...chunks, '\n'], 32 * 1024 * 1024);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]!.length).toBe(320 * 64 * 1024);
  });
});
