// Text read as a TIMESTAMP, DATE or TIME the way ksqlDB's SqlTimeTypes reads it (CAST, implicit
// argument casts, comparisons with a string): a TIME is java.time's ISO local time (HH:mm, :ss and
// up to nine fraction digits optional); a DATE an ISO local date whose missing month and day are
// the first (`2020`, `2020-05`); a TIMESTAMP `yyyy-MM-dd'T'HH:mm:ss.SSS` whose trailing time parts
// may be left out, with an optional offset (`+0200`, `-07:00`) or a trailing `Z`, in UTC otherwise.
// Text outside those forms is a RecordError (the value is null and the processing log says why).
import { RecordError } from '../../errors.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
// the full timestamp pattern, once its parts have been completed
const FULL_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;
const OFFSET = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;
const TIME_PATTERN = 'HH:mm:ss.SSS';

function fail(what: string, text: string, why: string): never {
  throw new RecordError(`Failed to parse ${what} '${text}': ${why}`);
}

const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function monthLength(y: number, m: number): number {
  if (m === 2) return leap(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Days since the epoch of a proleptic Gregorian date (valid fields). */
function epochDay(y: number, m: number, d: number): number {
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 as they are
  at.setUTCFullYear(y, m - 1, d);
  return Math.round(at.getTime() / DAY_MS);
}

/** ksqlDB's completion of a partial date: `2020` → `2020-01-01`, `2020-05` → `2020-05-01`. */
function completeDate(text: string): string {
  // Java's split drops trailing empty parts ("2020-" has one part)
  const parts = text.split('-');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1) return `${text}-01-01`;
  if (parts.length === 2) return `${text}-01`;
  return text;
}

/** A DATE as days since the epoch (LocalDate.parse: strict, so 2021-02-29 is refused). */
export function parseDateText(text: string): number {
  const s = text.trim();
  const m = ISO_DATE.exec(completeDate(s));
  if (!m) return fail('date', text, 'expected yyyy-MM-dd (month and day optional)');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12) return fail('date', text, `month ${m[2]} is not 01-12`);
  if (d < 1 || d > monthLength(y, mo)) return fail('date', text, `day ${m[3]} is not in that month`);
  return epochDay(y, mo, d);
}

/** A TIME as milliseconds of the day (LocalTime.parse; fractions below a millisecond dropped). */
export function parseTimeText(text: string): number {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return fail('time', text, 'expected HH:mm, HH:mm:ss or HH:mm:ss.SSS');
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return fail('time', text, 'a field is out of range');
  const ms = Number((m[4] ?? '').padEnd(3, '0').substring(0, 3));
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** The zone offset in milliseconds of `+hh`, `+hhmm`, `+hh:mm` (and seconds), as ZoneOffset.of. */
function offsetMillis(zone: string, text: string): number {
  const m = OFFSET.exec(zone);
  if (!m || (m[2]!.length === 1 && m[3] !== undefined))
    return fail('timestamp', text, `timezone '${zone}' is not an offset such as +0200`);
  const h = Number(m[2]);
  const mi = Number(m[3] ?? 0);
  const s = Number(m[4] ?? 0);
  if (h > 18 || mi > 59 || s > 59 || (h === 18 && (mi > 0 || s > 0)))
    return fail('timestamp', text, `timezone '${zone}' is out of range`);
  return (m[1] === '-' ? -1 : 1) * ((h * 60 + mi) * 60 + s) * 1000;
}

/** Fills the time's missing trailing parts from the pattern, digits as zeros (ksqlDB's rule). */
function completeTime(time: string): string {
  if (time.length >= TIME_PATTERN.length) return time;
  return time + TIME_PATTERN.substring(time.length).replace(/[a-zA-Z]/g, '0');
}

/** A TIMESTAMP as milliseconds since the epoch (PartialStringToTimestampParser's reading). */
export function parseTimestampText(text: string): number {
  const s = text.trim();
  let date: string;
  let time: string;
  let zone = '';
  const t = s.indexOf('T');
  if (t >= 0) {
    date = s.substring(0, t);
    const rest = s.substring(t + 1);
    const plus = rest.indexOf('+');
    const minus = rest.indexOf('-');
    const at = plus >= 0 ? plus : minus;
    if (at >= 0) zone = rest.substring(at);
    time = completeTime(rest.substring(0, rest.length - zone.length).replace(/Z$/, ''));
  } else {
    date = completeDate(s);
    time = completeTime('');
  }
  const m = FULL_TIMESTAMP.exec(`${date}T${time}`);
  if (!m)
    return fail('timestamp', text, "expected yyyy-MM-dd'T'HH:mm:ss.SSS (trailing parts optional, then a timezone)");
  const [y, mo, d, h, mi, sec, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return fail('timestamp', text, 'month or day out of range');
  if (h > 24 || mi > 59 || sec > 59 || (h === 24 && (mi > 0 || sec > 0 || ms > 0)))
    return fail('timestamp', text, 'hour, minute or second out of range');
  // java.time's SMART resolution: a day past the month's end is its last day, 24:00 the next midnight
  const day = epochDay(y, mo, Math.min(d, monthLength(y, mo)));
  const millis = day * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  return zone === '' ? millis : millis - offsetMillis(zone, text);
}
