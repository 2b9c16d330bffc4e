// Text read as TIMESTAMP, DATE and TIME as ksqlDB's SqlTimeTypes reads it (partial dates and
// timestamps, offsets, java.time's strict dates and SMART timestamps), through the parsers and
// through CAST and comparisons, where bad text is null and an error, never a wrong value.
import { describe, expect, it } from 'vitest';
import { parseDateText, parseTimeText, parseTimestampText } from '../../../engine/exec/functions/temporal-parse.js';
import { parseExpression } from '../../../engine/syntax/index.js';
import { compile, type CompileContext } from '../../../engine/exec/expression/compile.js';
import { makeScope } from '../../../engine/types/scope.js';
import { defaultRegistry } from '../../../engine/exec/default-registry.js';
import { T } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { PlanError, RecordError } from '../../../engine/errors.js';

describe('parseTimeText', () => {
  it('reads HH:mm with optional seconds and fractions, as milliseconds of the day', () => {
    expect(parseTimeText('00:01')).toBe(60_000);
    expect(parseTimeText('00:00:01')).toBe(1000);
    expect(parseTimeText('00:00:00.010')).toBe(10);
    expect(parseTimeText('23:59:59.999999999')).toBe(86_399_999);
    expect(parseTimeText(' 10:00 ')).toBe(36_000_000);
  });
  it('refuses other text, naming it', () => {
    for (const bad of ['foo', '10', '24:00', '10:60', '1:00', '10:00:00.', '10:00.5'])
      expect(() => parseTimeText(bad), bad).toThrow(RecordError);
    expect(() => parseTimeText('foo')).toThrow("Failed to parse time 'foo'");
  });
});

describe('parseDateText', () => {
  it('reads full and partial dates as days since the epoch', () => {
    expect(parseDateText('1970-01-10')).toBe(9);
    expect(parseDateText('1970-01')).toBe(0);
    expect(parseDateText('1971')).toBe(365);
    expect(parseDateText('1969-12-31')).toBe(-1);
    expect(parseDateText('2020-02-29')).toBe(18_321);
    expect(parseDateText('0001-01-01')).toBe(-719_162);
  });
  it('is strict: no day past the month, no short fields', () => {
    for (const bad of ['foo', '2021-02-29', '2020-13-01', '2020-1-1', '2020-01-01T00', ''])
      expect(() => parseDateText(bad), bad).toThrow(RecordError);
  });
});

describe('parseTimestampText', () => {
  it('fills the missing trailing parts with zeros', () => {
    expect(parseTimestampText('2017')).toBe(Date.UTC(2017, 0, 1));
    expect(parseTimestampText('2020-02')).toBe(Date.UTC(2020, 1, 1));
    expect(parseTimestampText('2020-01-02T')).toBe(Date.UTC(2020, 0, 2));
    expect(parseTimestampText('2020-01-02T10')).toBe(Date.UTC(2020, 0, 2, 10));
    expect(parseTimestampText('2019-03-17T10:00:00')).toBe(1_552_816_800_000);
    expect(parseTimestampText('2020-12-02T13:59:58.123Z')).toBe(Date.UTC(2020, 11, 2, 13, 59, 58, 123));
  });
  it('applies an offset', () => {
    expect(parseTimestampText('2017-11-13T23:59:58.999+0100')).toBe(1_510_613_998_999);
    expect(parseTimestampText('2017-11-13T23:59:58.999-0100')).toBe(1_510_621_198_999);
    expect(parseTimestampText('2019-03-17T03:00-0700')).toBe(1_552_816_800_000);
    expect(parseTimestampText('2019-03-17T03:00-07:00')).toBe(1_552_816_800_000);
  });
  it('resolves a day past the month to its last day, as java.time SMART does', () => {
    expect(parseTimestampText('2021-02-30T00:00:00.000')).toBe(Date.UTC(2021, 1, 28));
  });
  it('refuses malformed text and bad offsets', () => {
    for (const bad of ['abc', '2017-1-1', '2017-01-01T00:00:00.000+foo', '2020-01-01T25', '2020-01-01T10:00:00.1234'])
      expect(() => parseTimestampText(bad), bad).toThrow(RecordError);
  });
});

describe('CAST and comparisons with temporal text', () => {
  const errors: string[] = [];
  const ctx: CompileContext = { registry: defaultRegistry(), props: {}, onError: (e) => errors.push(String(e)) };
  const cols = [
    { name: 'S', type: T.STRING },
    { name: 'D', type: T.DATE },
    { name: 'TS', type: T.TIMESTAMP },
    { name: 'TI', type: T.TIME },
  ];
  const scope = makeScope(cols, ['K'], 'SELECT');
  const run = (sql: string, row: Value[]): Value => compile(parseExpression(sql), scope, ctx).eval(row);

  it('CAST of text to TIME, DATE and TIMESTAMP gives the stored number', () => {
    expect(run("CAST('00:00:05' AS TIME)", [null, null, null, null])).toBe(5000);
    expect(run('CAST(S AS TIME)', ['00:01', null, null, null])).toBe(60_000);
    expect(run('CAST(S AS DATE)', ['1970-01', null, null, null])).toBe(0);
    expect(run('CAST(S AS TIMESTAMP)', ['1970-01-01T00:00:01', null, null, null])).toBe(1000);
  });
  it('CAST of text that is no such value is null with an error, never NaN or the text', () => {
    errors.length = 0;
    expect(run('CAST(S AS DATE)', ['foo', null, null, null])).toBeNull();
    expect(run('CAST(S AS TIME)', ['foo', null, null, null])).toBeNull();
    expect(run('CAST(S AS TIMESTAMP)', ['foo', null, null, null])).toBeNull();
    expect(errors.length).toBe(3);
    expect(errors[0]).toContain("Failed to parse date 'foo'");
  });
  it('compares a DATE with a TIMESTAMP as its midnight', () => {
    const day10 = 10 * 86_400_000;
    expect(run('D > TS', [null, 10, 300, null])).toBe(true);
    expect(run('D > TS', [null, 10, day10, null])).toBe(false);
    expect(run('D >= TS', [null, 10, day10, null])).toBe(true);
    expect(run('D < TS', [null, 10, day10 + 5, null])).toBe(true);
    expect(run('TS BETWEEN D AND D', [null, 10, day10, null])).toBe(true);
  });
  it('still refuses a TIME with a TIMESTAMP', () => {
    expect(() => compile(parseExpression('TI > TS'), scope, ctx)).toThrow(PlanError);
  });
});
