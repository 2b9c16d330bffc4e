// How numbers and times read on the page. Pure.

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = -1;
  do {
    v /= 1024;
    i++;
  } while (v >= 1024 && i < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export const count = (n: number): string => n.toLocaleString('en-US');

export const time = (ms: number | null): string =>
  ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';

export const score = (s: number | null): string => (s === null ? '' : Number.isInteger(s) ? String(s) : s.toFixed(3));

/** Text safe to put in HTML. */
export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
