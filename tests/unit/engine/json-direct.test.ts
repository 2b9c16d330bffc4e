// json-direct: a value a JSON reader takes straight from the writer's row must be exactly what it
// would read from the writer's bytes; everything else must be refused (NOT_DIRECT), and fields
// found only case-insensitively, missing, or of another type give no direct map at all.
import { describe, expect, it } from 'vitest';
import { jsonSerde } from '../../../engine/exec/serde/json-serde.js';
import { directValue, fieldMap, NOT_DIRECT, rowDirect } from '../../../engine/exec/serde/json-direct.js';
import { T, type SqlType } from '../../../engine/types/sql-types.js';
import type { Value } from '../../../engine/types/values.js';
import { UNPARSED } from '../../../engine/exec/serde/parsed-json.js';

const serde = (type: SqlType) =>
  jsonSerde({ format: 'JSON', columns: [{ name: 'A', type }], isKey: false, wrapSingle: true, delimiter: ',' });

const SAMPLES: Array<[SqlType, Value[]]> = [
  [T.STRING, ['', 'x', 'q"uote', 'é', null]],
  [T.BOOLEAN, [true, false, null]],
  [T.INTEGER, [0, -0, 7, -2147483648, 2147483647, null]],
  [T.BIGINT, [0, -0, 5, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 9007199254740993n, null]],
  [T.DOUBLE, [0, -0, 1.5, -2.25, 1e-7, 1e20, 2 ** 53, NaN, Infinity, -Infinity, null]],
  [T.array(T.DOUBLE), [[], [1.5, null, 3], [-0], [NaN], [1e300], null]],
  [T.array(T.STRING), [[], ['a', null], null]],
  [T.array(T.BOOLEAN), [[true, null], null]],
];

describe('json-direct', () => {
  it('gives what reading the bytes gives, or refuses', () => {
    let direct = 0;
    let refused = 0;
    for (const [type, values] of SAMPLES) {
      const s = serde(type);
      const m = fieldMap([{ name: 'A', type }], [{ name: 'A', type }]);
      expect(m).toBeDefined();
      for (const v of values) {
        const got = directValue(m!.kinds[0]!, v);
        if (got === NOT_DIRECT) {
          refused++;
          continue;
        }
        direct++;
        const read = s.deserialize(s.serialize([v]))[0];
        expect(Object.is(got, read) || JSON.stringify(got) === JSON.stringify(read)).toBe(true);
        if (typeof read === 'number') expect(Object.is(got, read)).toBe(true);
      }
    }
    expect(direct).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(8);
    expect(directValue(fieldMap([{ name: 'A', type: T.DOUBLE }], [{ name: 'A', type: T.DOUBLE }])!.kinds[0]!, -0)).toBe(
      NOT_DIRECT,
    );
  });

  it('maps fields only by exact name and the same simple type', () => {
    const w = [
      { name: 'B', type: T.BIGINT },
      { name: 'A', type: T.STRING },
    ];
    expect([...fieldMap([{ name: 'A', type: T.STRING }], w)!.at]).toEqual([1]);
    expect(fieldMap([{ name: 'a', type: T.STRING }], w)).toBeUndefined();
    expect(fieldMap([{ name: 'C', type: T.STRING }], w)).toBeUndefined();
    expect(fieldMap([{ name: 'B', type: T.INTEGER }], w)).toBeUndefined();
    expect(fieldMap([{ name: 'B', type: T.decimal(4, 2) }], [{ name: 'B', type: T.decimal(4, 2) }])).toBeUndefined();
  });

  it('tells once per row whether every directly readable value is taken as it is', () => {
    const w = [
      { name: 'S', type: T.STRING },
      { name: 'X', type: T.DOUBLE },
      { name: 'M', type: T.map(T.STRING, T.STRING) },
      { name: 'XS', type: T.array(T.DOUBLE) },
    ];
    // the row's first column is a key, the writer's fields start at 1
    expect(rowDirect(w, ['k', 'a', 1.5, { q: 'r' }, [2, null]], 1)).toBe(true);
    expect(rowDirect(w, ['k', null, null, null, null], 1)).toBe(true);
    // a map is never read directly: whatever it holds, it does not count
    expect(rowDirect(w, ['k', 'a', 1.5, { q: -0 }, []], 1)).toBe(true);
    expect(rowDirect(w, ['k', 'a', -0, null, []], 1)).toBe(false);
    expect(rowDirect(w, ['k', 'a', 1, null, [NaN]], 1)).toBe(false);
    expect(rowDirect(w, ['k', 7, 1, null, []], 1)).toBe(false);
  });
});

describe("a JSON writer's deferral check", () => {
  // flat (every column primitive), with an array (tested per column), and with a map (built)
  const layouts: SqlType[][] = [
    [T.STRING, T.INTEGER, T.BIGINT, T.DOUBLE, T.BOOLEAN],
    [T.STRING, T.array(T.DOUBLE), T.BIGINT],
    [T.STRING, T.map(T.STRING, T.INTEGER)],
    [T.DOUBLE],
  ];
  const samples = new Map(SAMPLES);
  const valuesOf = (t: SqlType): Value[] =>
    samples.get(t) ?? (t.kind === 'MAP' ? [{ a: 1 }, { b: 9007199254740993n }, null] : [null]);
  it('answers what canDefer and rowDirect answer, in one pass', () => {
    const answers = new Set<number>();
    for (const types of layouts) {
      const cols = types.map((type, i) => ({ name: `C${i}`, type }));
      const s = jsonSerde({ format: 'JSON', columns: cols, isKey: false, wrapSingle: true, delimiter: ',' });
      // each value of each column beside the first value of the others, after two key slots
      for (let i = 0; i < types.length; i++)
        for (const v of valuesOf(types[i]!)) {
          const row: Value[] = ['k1', 'k2', ...types.map((t, j) => (j === i ? v : valuesOf(t)[0]!))];
          const can = s.document!(row, 2) !== UNPARSED;
          const expected = !can ? 0 : s.fields && rowDirect(s.fields, row, 2) ? 2 : 1;
          expect(s.deferral!(row, 2)).toBe(expected);
          expect(s.canDefer!(row, 2)).toBe(can);
          answers.add(expected);
        }
    }
    expect([...answers].sort()).toEqual([0, 1, 2]);
  });
});
