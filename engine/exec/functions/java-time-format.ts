// Formats and parses epoch milliseconds with java.time.DateTimeFormatter patterns (the subset
// ksqlDB users write: y M d H h m s S a E, quoted literals, X/Z offsets) in UTC or a named zone.
import { RecordError } from '../../errors.js';

type Tok = { lit: string } | { f: string; n: number };

const cache = new Map<string, Tok[]>();

export function tokenize(pattern: string): Tok[] {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const out: Tok[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = pattern.substring(i + 1, end < 0 ? pattern.length : end);
      out.push({ lit: text === '' ? "'" : text });
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      out.push({ f: c, n });
      i += n;
    } else {
      out.push({ lit: c });
      i++;
    }
  }
  cache.set(pattern, out);
  return out;
}

/** Offset of `zone` from UTC at `ms`, in minutes (UTC and Z are 0; ±HH:MM accepted). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  if (zone === 'UTC' || zone === 'Z' || zone === 'GMT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(ms));
    const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  } catch {
    throw new RecordError(`Unknown time-zone ID: ${zone}`);
  }
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** java.time's ZoneId.SHORT_IDS for the abbreviations text carries (PST parses as Los Angeles
 *  time, daylight saving included). */
const ZONE_ABBREVIATIONS: Record<string, string> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  BST: 'Europe/London',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  JST: 'Asia/Tokyo',
  IST: 'Asia/Kolkata',
  GMT: 'UTC',
  UTC: 'UTC',
};
const pad = (v: number, n: number): string => String(v).padStart(n, '0');

function field(t: { f: string; n: number }, d: Date, offset: number, zone: string, ms: number): string {
  switch (t.f) {
    case 'y':
    case 'u':
      return t.n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), t.n);
    case 'M':
      return t.n >= 4
        ? MONTHS[d.getUTCMonth()]!
        : t.n === 3
          ? MONTHS[d.getUTCMonth()]!.substring(0, 3)
          : pad(d.getUTCMonth() + 1, t.n);
    case 'd':
      return pad(d.getUTCDate(), t.n);
    case 'D':
      return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, t.n);
    case 'H':
      return pad(d.getUTCHours(), t.n);
    case 'h':
      return pad(d.getUTCHours() % 12 || 12, t.n);
    case 'm':
      return pad(d.getUTCMinutes(), t.n);
    case 's':
      return pad(d.getUTCSeconds(), t.n);
    case 'S':
      return pad(d.getUTCMilliseconds(), 3).padEnd(t.n, '0').substring(0, t.n);
    case 'a':
      return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'E':
      return t.n >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.substring(0, 3);
    case 'X':
    case 'x':
    case 'Z':
      return formatOffset(offset, t.f, t.n);
    case 'z':
      return zoneName(zone, ms, t.n >= 4);
    default:
      throw new RecordError(`Unsupported pattern letter '${t.f}' in timestamp format`);
  }
}

function formatOffset(min: number, f: string, n: number): string {
  if (min === 0 && f === 'X') return 'Z';
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  const hh = pad(Math.floor(a / 60), 2);
  const mm = pad(a % 60, 2);
  return n === 1 && f !== 'Z'
    ? `${sign}${hh}`
    : n === 3 || (f === 'Z' && n === 5)
      ? `${sign}${hh}:${mm}`
      : `${sign}${hh}${mm}`;
}

function zoneName(zone: string, ms: number, long: boolean): string {
  if (zone === 'UTC' || zone === 'Z') return long ? 'Coordinated Universal Time' : 'UTC';
  try {
    const name = (locale: string): string | undefined =>
      new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: long ? 'long' : 'short' })
        .formatToParts(new Date(ms))
        .find((p) => p.type === 'timeZoneName')?.value;
    // Java names European zones' times too (BST, CEST); en-US only has "GMT+1" for them
    const us = name('en-US');
    const gb = !long && us !== undefined && /^GMT[+-]/.test(us) ? name('en-GB') : undefined;
    return (gb !== undefined && !/^GMT[+-]/.test(gb) ? gb : us) ?? zone;
  } catch {
    return zone;
  }
}

export function formatMillis(ms: number, pattern: string, zone = 'UTC'): string {
  const offset = zoneOffsetMinutes(zone, ms);
  const d = new Date(ms + offset * 60_000);
  return tokenize(pattern)
    .map((t) => ('lit' in t ? t.lit : field(t, d, offset, zone, ms)))
    .join('');
}

/** Parses text with a pattern into epoch ms; missing date parts default to 1970-01-01. */
export function parseMillis(text: string, pattern: string, zone = 'UTC'): number {
  const p = {
    y: 1970,
    M: 1,
    d: 1,
    H: 0,
    m: 0,
    s: 0,
    S: 0,
    pm: false,
    h12: false,
    off: undefined as number | undefined,
    zone: undefined as string | undefined,
  };
  let i = 0;
  const bad = (): never => {
    throw new RecordError(`Text '${text}' could not be parsed with pattern '${pattern}'`);
  };
  for (const t of tokenize(pattern)) {
    if ('lit' in t) {
      if (!text.startsWith(t.lit, i)) bad();
      i += t.lit.length;
      continue;
    }
    if (t.f === 'a') {
      const ap = text.substring(i, i + 2).toUpperCase();
      if (ap !== 'AM' && ap !== 'PM') bad();
      p.pm = ap === 'PM';
      i += 2;
      continue;
    }
    if (t.f === 'M' && t.n >= 3) {
      const rest = text.substring(i).toLowerCase();
      const at = MONTHS.findIndex((m) => rest.startsWith((t.n === 3 ? m.substring(0, 3) : m).toLowerCase()));
      if (at < 0) return bad();
      p.M = at + 1;
      i += t.n === 3 ? 3 : MONTHS[at]!.length;
      continue;
    }
    if (t.f === 'E') {
      const rest = text.substring(i).toLowerCase();
      const day = DAYS.find((d) => rest.startsWith((t.n >= 4 ? d : d.substring(0, 3)).toLowerCase()));
      if (!day) return bad();
      i += t.n >= 4 ? day.length : 3;
      continue;
    }
    if (t.f === 'z' || t.f === 'V') {
      const m = /^[A-Za-z][A-Za-z0-9_/+-]*/.exec(text.substring(i));
      if (!m) return bad();
      p.zone = ZONE_ABBREVIATIONS[m[0].toUpperCase()] ?? m[0];
      i += m[0].length;
      continue;
    }
    if (t.f === 'X' || t.f === 'x' || t.f === 'Z') {
      const m = /^([Zz]|[+-]\d{2}:?(\d{2})?)/.exec(text.substring(i));
      if (!m) return bad();
      p.off = m[1]!.toUpperCase() === 'Z' ? 0 : zoneOffsetMinutes(m[1]!, 0);
      i += m[0].length;
      continue;
    }
    const width = t.n > 1 || t.f === 'S' ? t.n : undefined;
    const m = (width ? new RegExp(`^\\d{${width}}`) : /^\d+/).exec(text.substring(i));
    if (!m) return bad();
    i += m[0].length;
    const v = Number(m[0]);
    if (t.f === 'y' || t.f === 'u') p.y = t.n === 2 ? 2000 + v : v;
    else if (t.f === 'M') p.M = v;
    else if (t.f === 'd') p.d = v;
    else if (t.f === 'H') p.H = v;
    else if (t.f === 'h') {
      p.H = v % 12;
      p.h12 = true;
    } else if (t.f === 'm') p.m = v;
    else if (t.f === 's') p.s = v;
    else if (t.f === 'S') p.S = Math.round(v / 10 ** (m[0].length - 3));
    else bad();
  }
  // like java.time's parse(text, ParsePosition), text after the pattern is ignored
  const local = Date.UTC(p.y, p.M - 1, p.d, p.H + (p.h12 && p.pm ? 12 : 0), p.m, p.s, p.S);
  const off = p.off ?? zoneOffsetMinutes(p.zone ?? zone, local);
  return local - off * 60_000;
}
