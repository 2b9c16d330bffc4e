// ISO-8601 text of the temporal types as java.time prints them: a TIMESTAMP with milliseconds
// (ksqlDB's format), a DATE as LocalDate, a TIME as LocalTime (seconds and fractions only when
// they are not zero).
const pad = (v: number, n = 2): string => String(v).padStart(n, '0');

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '');
}

export function formatLocalDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().substring(0, 10);
}

export function formatLocalTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const frac = ms % 1000;
  if (s === 0 && frac === 0) return `${pad(h)}:${pad(m)}`;
  return frac === 0 ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(h)}:${pad(m)}:${pad(s)}.${pad(frac, 3)}`;
}
