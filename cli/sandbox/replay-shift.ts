// The EK line of a replayed packet with its time replaced: tshark's EK lines start with
// {"timestamp":"<epoch ms>", and PACKETS takes TS from that field, so a time-shifted replay
// rewrites it as well as the record timestamp. Pure.

const PREFIX = '{"timestamp":"';

export function shiftLine(line: string, timestampMs: number): string {
  if (!line.startsWith(PREFIX)) return line;
  const end = line.indexOf('"', PREFIX.length);
  if (end < 0) return line;
  return `${PREFIX}${timestampMs}${line.slice(end)}`;
}
