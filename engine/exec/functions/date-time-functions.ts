// Date and time functions: formatting and parsing with java.time patterns (optionally in a time
// zone), epoch conversions, zone conversion and interval arithmetic on TIMESTAMP (epoch ms),
// DATE (epoch days) and TIME (ms of the day, wrapping at midnight) by a time-unit keyword.
import { TIME_UNIT_MS, type TimeUnit } from '../../syntax/index.js';
import type { Value } from '../../types/values.js';
import { formatMillis, parseMillis, zoneOffsetMinutes } from './java-time-format.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { sig, strict, type Impl, type Signature } from './signature.js';

const DAY_MS = 86_400_000;
const utc = (v: Value[], at: number): string => (v[at] as string | undefined) ?? 'UTC';

/** `f(value, pattern[, zone])` with a null in any argument giving null. */
function withZone(types: [string, string], returns: string, f: (v: Value[]) => Value, zoned = true): Signature[] {
  const [value, pattern] = types;
  const sigs = [sig([value, pattern], returns, strict(f))];
  if (zoned) sigs.push(sig([value, pattern, 'STRING timeZone'], returns, strict(f)));
  return sigs;
}

/** TimeUnit.toDays / toMillis: whole units, truncated toward zero. */
function inUnit(unit: string, interval: number, perUnitMs: number): number {
  return Math.trunc((interval * TIME_UNIT_MS[unit as TimeUnit]) / perUnitMs);
}

function shift(kind: 'TIMESTAMP' | 'DATE' | 'TIME', sign: 1 | -1): Impl {
  return (a) => {
    const [unit, interval, value] = a as [string, number | null, number | null];
    if (interval === null || value === null) return null;
    if (kind === 'DATE') return value + sign * inUnit(unit, interval, DAY_MS);
    const ms = sign * inUnit(unit, interval, 1);
    if (kind === 'TIMESTAMP') return value + ms;
    return (((value + ms) % DAY_MS) + DAY_MS) % DAY_MS;
  };
}

function intervalFunction(name: string, kind: 'TIMESTAMP' | 'DATE' | 'TIME', sign: 1 | -1): FunctionDef {
  const what = kind.toLowerCase();
  const col = kind === 'TIMESTAMP' ? 'timestamp' : kind === 'DATE' ? 'date' : 'time';
  return defineFunction(
    name,
    'DATE / TIME',
    `${sign > 0 ? 'Adds an interval to' : 'Subtracts an interval from'} a ${what}.`,
    [
      sig(['INTERVALUNIT unit', 'INT interval', `${kind} ${col}`], kind, shift(kind, sign)),
      sig(['INTERVALUNIT unit', 'BIGINT interval', `${kind} ${col}`], kind, shift(kind, sign)),
    ],
  );
}

/** The same instant's wall-clock time moved from one zone to another. */
function convertTz(a: Value[]): Value {
  const [ts, from, to] = a as [number, string, string];
  return ts + (zoneOffsetMinutes(to, ts) - zoneOffsetMinutes(from, ts)) * 60_000;
}

const formatTs = (v: Value[]): Value => formatMillis(v[0] as number, v[1] as string, utc(v, 2));
const parseTs = (v: Value[]): Value => parseMillis(v[0] as string, v[1] as string, utc(v, 2));
const formatDate = (v: Value[]): Value => formatMillis((v[0] as number) * DAY_MS, v[1] as string);
const parseDate = (v: Value[]): Value => Math.floor(parseMillis(v[0] as string, v[1] as string) / DAY_MS);
const formatTime = (v: Value[]): Value => formatMillis(v[0] as number, v[1] as string);
const parseTime = (v: Value[]): Value => {
  const ms = parseMillis(v[0] as string, v[1] as string);
  return ((ms % DAY_MS) + DAY_MS) % DAY_MS;
};

export const DATE_TIME_FUNCTIONS: FunctionDef[] = [
  defineFunction(
    'format_timestamp',
    'DATE / TIME',
    'Converts a TIMESTAMP into a string in the given format, optionally in a time zone.',
    withZone(['TIMESTAMP timestamp', 'STRING formatPattern'], 'STRING', formatTs),
  ),
  defineFunction(
    'parse_timestamp',
    'DATE / TIME',
    'Converts a string in the given format into a TIMESTAMP, optionally in a time zone.',
    withZone(['STRING formattedTimestamp', 'STRING formatPattern'], 'TIMESTAMP', parseTs),
  ),
  defineFunction(
    'timestamptostring',
    'DATE / TIME',
    'Converts a BIGINT millisecond timestamp into a string in the given format (deprecated: FORMAT_TIMESTAMP).',
    withZone(['BIGINT epochMilli', 'STRING formatPattern'], 'STRING', formatTs),
  ),
  defineFunction(
    'stringtotimestamp',
    'DATE / TIME',
    'Converts a string in the given format into BIGINT epoch milliseconds (deprecated: PARSE_TIMESTAMP).',
    withZone(['STRING formattedTimestamp', 'STRING formatPattern'], 'BIGINT', parseTs),
  ),
  defineFunction(
    'format_date',
    'DATE / TIME',
    'Converts a DATE into a string in the given format.',
    withZone(['DATE date', 'STRING formatPattern'], 'STRING', formatDate, false),
  ),
  defineFunction(
    'parse_date',
    'DATE / TIME',
    'Converts a string in the given format into a DATE.',
    withZone(['STRING formattedDate', 'STRING formatPattern'], 'DATE', parseDate, false),
  ),
  defineFunction(
    'datetostring',
    'DATE / TIME',
    'Converts days since epoch into a string in the given format (deprecated: FORMAT_DATE).',
    withZone(['INT epochDays', 'STRING formatPattern'], 'STRING', formatDate, false),
  ),
  defineFunction(
    'stringtodate',
    'DATE / TIME',
    'Converts a string in the given format into days since epoch (deprecated: PARSE_DATE).',
    withZone(['STRING formattedDate', 'STRING formatPattern'], 'INT', parseDate, false),
  ),
  defineFunction(
    'format_time',
    'DATE / TIME',
    'Converts a TIME into a string in the given format.',
    withZone(['TIME time', 'STRING formatPattern'], 'STRING', formatTime, false),
  ),
  defineFunction(
    'parse_time',
    'DATE / TIME',
    'Converts a string in the given format into a TIME.',
    withZone(['STRING formattedTime', 'STRING formatPattern'], 'TIME', parseTime, false),
  ),
  defineFunction('from_days', 'DATE / TIME', 'Converts days since epoch into a DATE.', [
    sig(['INT days'], 'DATE', (a) => a[0] ?? null),
  ]),
  defineFunction('from_unixtime', 'DATE / TIME', 'Converts BIGINT epoch milliseconds into a TIMESTAMP.', [
    sig(['BIGINT epochMilli'], 'TIMESTAMP', (a) => a[0] ?? null),
  ]),
  defineFunction('unix_date', 'DATE / TIME', 'Days since epoch of a DATE, or of today.', [
    sig([], 'INT', () => Math.floor(Date.now() / DAY_MS)),
    sig(['DATE date'], 'INT', (a) => a[0] ?? null),
  ]),
  defineFunction('unix_timestamp', 'DATE / TIME', 'Epoch milliseconds of a TIMESTAMP, or of now.', [
    sig([], 'BIGINT', () => Date.now()),
    sig(['TIMESTAMP timestamp'], 'BIGINT', (a) => a[0] ?? null),
  ]),
  defineFunction('convert_tz', 'DATE / TIME', 'Converts a TIMESTAMP from one time zone to another.', [
    sig(['TIMESTAMP timestamp', 'STRING fromTimeZone', 'STRING toTimeZone'], 'TIMESTAMP', strict(convertTz)),
  ]),
  intervalFunction('timestampadd', 'TIMESTAMP', 1),
  intervalFunction('timestampsub', 'TIMESTAMP', -1),
  intervalFunction('dateadd', 'DATE', 1),
  intervalFunction('datesub', 'DATE', -1),
  intervalFunction('timeadd', 'TIME', 1),
  intervalFunction('timesub', 'TIME', -1),
];
