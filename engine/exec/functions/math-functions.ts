// Numeric scalar functions with ksqlDB's overloads and result types: ABS/CEIL/FLOOR keep their
// argument's type, ROUND/TRUNC of a DOUBLE are BIGINT, trigonometry and logarithms are DOUBLE,
// GREATEST/LEAST take any number of one comparable type.
import { T, type SqlType } from '../../types/sql-types.js';
import type { Value } from '../../types/values.js';
import { RecordError } from '../../errors.js';
import { defineFunction, type FunctionDef } from './registry.js';
import { nullSafe, sig, type Impl, type Signature } from './signature.js';
import { compareValues } from './value-order.js';

const num1 = (f: (n: number) => number): Impl => nullSafe(1, (a) => f(a[0] as number));
const num2 = (f: (x: number, y: number) => number): Impl => nullSafe(2, (a) => f(a[0] as number, a[1] as number));

/** `n` with its decimal point moved by `places` and rounded by `round`, then moved back;
 *  through the number's text so that 1.005 is exactly 1.005 (BigDecimal.valueOf). */
export function atPlaces(n: number, places: number, round: (x: number) => number): number {
  if (!Number.isFinite(n)) return n;
  const shifted = round(Number(`${n}e${places}`));
  const back = Number(`${shifted}e${-places}`);
  return Object.is(back, -0) ? 0 : back;
}

/** Java's Math.round / ksqlDB's HALF_UP for positives and HALF_DOWN for negatives: halves up. */
const halfUp = (x: number): number => Math.floor(x + 0.5);

function decimalOfPrecision(precision: number, scale: number): SqlType {
  return T.decimal(Math.max(precision, 1), scale);
}

/** DECIMAL(p, s) → DECIMAL(p - s, 0): ROUND and TRUNC without decimal places. */
const wholeDecimal = (a: SqlType[]): SqlType => {
  const d = a[0]!;
  return d.kind === 'DECIMAL' ? decimalOfPrecision(d.precision - d.scale, 0) : d;
};
const firstType = (a: SqlType[]): SqlType => a[0]!;

/** ABS, CEIL, FLOOR and SIGN-like: one overload per numeric type, the same type back. */
function perNumericType(f: (n: number) => number, decimalType: (a: SqlType[]) => SqlType): Signature[] {
  return [
    sig(['INT val'], 'INT', num1(f)),
    sig(['BIGINT val'], 'BIGINT', num1(f)),
    sig(['DOUBLE val'], 'DOUBLE', num1(f)),
    sig(['DECIMAL val'], 'DECIMAL', num1(f), { returnType: decimalType }),
  ];
}

/** DOUBLE-valued functions of one number (INT and BIGINT widen to DOUBLE). */
function doubleOf(name: string, description: string, f: (n: number) => number): FunctionDef {
  return defineFunction(name, 'MATHEMATICAL', description, [sig(['DOUBLE value'], 'DOUBLE', num1(f))]);
}

function round(): FunctionDef {
  return defineFunction(
    'Round',
    'MATHEMATICAL',
    'Round a value to the number of decimal places as specified by scale to the right of the decimal point. Numbers equidistant to the nearest value are rounded up (in the positive direction).',
    [
      sig(['BIGINT val'], 'BIGINT', (a) => a[0] ?? null),
      sig(['INT val'], 'BIGINT', (a) => a[0] ?? null),
      sig(['DOUBLE val'], 'BIGINT', num1(halfUp)),
      sig(
        ['DOUBLE val', 'INT decimalPlaces'],
        'DOUBLE',
        num2((n, p) => atPlaces(n, p, halfUp)),
      ),
      sig(['DECIMAL val'], 'DECIMAL', num1(halfUp), { returnType: wholeDecimal }),
      sig(
        ['DECIMAL val', 'INT decimalPlaces'],
        'DECIMAL',
        num2((n, p) => atPlaces(n, p, halfUp)),
        {
          returnType: firstType,
        },
      ),
    ],
  );
}

function trunc(): FunctionDef {
  return defineFunction(
    'trunc',
    'MATHEMATICAL',
    'Truncates a value to the number of decimal places as specified by scale to the right of the decimal point. If scale is negative then value is truncated to the right of the decimal point.',
    [
      sig(['BIGINT val'], 'BIGINT', (a) => a[0] ?? null),
      sig(['INT val'], 'BIGINT', (a) => a[0] ?? null),
      sig(['DOUBLE val'], 'BIGINT', num1(Math.trunc)),
      sig(
        ['DOUBLE val', 'INT decimalPlaces'],
        'DOUBLE',
        num2((n, p) => atPlaces(n, p, Math.trunc)),
      ),
      sig(['DECIMAL val'], 'DECIMAL', num1(Math.trunc), { returnType: wholeDecimal }),
      sig(
        ['DECIMAL val', 'INT decimalPlaces'],
        'DECIMAL',
        num2((n, p) => atPlaces(n, p, Math.trunc)),
        {
          returnType: firstType,
        },
      ),
    ],
  );
}

/** The widest decimal of the arguments (GREATEST/LEAST over decimals of mixed precision). */
function widestDecimal(args: SqlType[]): SqlType {
  let whole = 0;
  let scale = 0;
  for (const t of args) {
    if (t.kind !== 'DECIMAL') continue;
    whole = Math.max(whole, t.precision - t.scale);
    scale = Math.max(scale, t.scale);
  }
  return decimalOfPrecision(Math.min(whole + scale, 38), scale);
}

function extreme(name: string, sign: 1 | -1, what: string): FunctionDef {
  const call: Impl = (a) => {
    let best: Value = null;
    for (const x of a) if (x !== null && (best === null || compareValues(x, best) * sign > 0)) best = x;
    return best;
  };
  const over = (t: string): Signature => sig([`${t} val`, `${t}... vals`], t, call);
  return defineFunction(
    name,
    'MATHEMATICAL',
    `Returns the ${what} value from a variable number of comparable columns, ignoring nulls.`,
    [
      over('INT'),
      over('BIGINT'),
      over('DOUBLE'),
      sig(['DECIMAL val', 'DECIMAL... vals'], 'DECIMAL', call, { returnType: widestDecimal }),
      over('STRING'),
      over('BYTES'),
      over('DATE'),
      over('TIME'),
      over('TIMESTAMP'),
    ],
  );
}

const EARTH_RADIUS = { KM: 6371, MI: 3959 };
/** java.lang.Math.toRadians' factor. */
const DEGREES_TO_RADIANS = 0.017453292519943295;

function geoDistance(a: Value[]): Value {
  const [lat1, lon1, lat2, lon2] = a as Array<number | null>;
  const unitArg = a[4];
  if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) return null;
  checkCoordinates(lat1, lon1, lat2, lon2);
  const unit = unitArg == null ? 'KM' : unitOf(unitArg as string);
  const rad = (d: number): number => d * DEGREES_TO_RADIANS;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * Math.asin(Math.sqrt(h)) * EARTH_RADIUS[unit];
}

function checkCoordinates(lat1: number, lon1: number, lat2: number, lon2: number): void {
  const badLat = (x: number): boolean => x < -90 || x > 90;
  const badLon = (x: number): boolean => x < -180 || x > 180;
  if (badLat(lat1) || badLat(lat2))
    throw new RecordError(
      'valid latitude values for GEO_DISTANCE function are in the range of -90 to 90 decimal degrees',
    );
  if (badLon(lon1) || badLon(lon2))
    throw new RecordError(
      'valid longitude values for GEO_DISTANCE function are in the range of -180 to +180 decimal degrees',
    );
}

function unitOf(u: string): 'KM' | 'MI' {
  const s = u.toLowerCase();
  if (s === 'km' || s === 'kilometers' || s === 'kilometres' || s === 'kms') return 'KM';
  if (s === 'mi' || s === 'mile' || s === 'miles') return 'MI';
  throw new RecordError(`GEO_DISTANCE function does not recognise the distance unit: ${u}. Valid values: KM, MI`);
}

function log(): FunctionDef {
  return defineFunction('log', 'MATHEMATICAL', 'Returns the logarithm of a value: base 10, or of the given base.', [
    sig(['DOUBLE value'], 'DOUBLE', num1(Math.log10)),
    sig(
      ['DOUBLE base', 'DOUBLE value'],
      'DOUBLE',
      num2((b, v) => logOf(b, v)),
    ),
  ]);
}

/** Java's Math.log(v) / Math.log(b), with its NaN and infinity results. */
function logOf(base: number, value: number): number {
  if (base <= 0 || base === 1 || value < 0) return NaN;
  return Math.log(value) / Math.log(base);
}

function sign(n: number): number {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

export const MATH_FUNCTIONS: FunctionDef[] = [
  defineFunction(
    'abs',
    'MATHEMATICAL',
    'Returns the absolute value of its argument.',
    perNumericType(Math.abs, firstType),
  ),
  defineFunction(
    'ceil',
    'MATHEMATICAL',
    'Returns the smallest integer value that is greater than or equal to its argument.',
    perNumericType(Math.ceil, (a) => decimalOfPrecision((a[0] as { precision: number }).precision, 0)),
  ),
  defineFunction(
    'floor',
    'MATHEMATICAL',
    'Returns the largest integer value that is less than or equal to its argument.',
    perNumericType(Math.floor, (a) => decimalOfPrecision((a[0] as { precision: number }).precision, 0)),
  ),
  round(),
  trunc(),
  defineFunction('sign', 'MATHEMATICAL', 'The sign of a numeric value as an INTEGER: -1, 0 or 1.', [
    sig(['INT value'], 'INT', num1(sign)),
    sig(['BIGINT value'], 'INT', num1(sign)),
    sig(['DOUBLE value'], 'INT', num1(sign)),
    sig(['DECIMAL value'], 'INT', num1(sign)),
  ]),
  doubleOf('sqrt', 'Returns the square root of its argument.', Math.sqrt),
  doubleOf('cbrt', 'Returns the cube root of its argument.', Math.cbrt),
  doubleOf('exp', 'Returns e raised to the power of its argument.', Math.exp),
  doubleOf('ln', 'Returns the natural logarithm of its argument.', Math.log),
  log(),
  defineFunction('power', 'MATHEMATICAL', 'Returns the base raised to the exponent.', [
    sig(['DOUBLE base', 'DOUBLE exponent'], 'DOUBLE', num2(Math.pow)),
  ]),
  doubleOf('acos', 'Returns the inverse (arc) cosine of its argument, in radians.', Math.acos),
  doubleOf('asin', 'Returns the inverse (arc) sine of its argument, in radians.', Math.asin),
  doubleOf('atan', 'Returns the inverse (arc) tangent of its argument, in radians.', Math.atan),
  defineFunction('atan2', 'MATHEMATICAL', 'Returns the inverse (arc) tangent of y / x, in radians.', [
    sig(['DOUBLE y', 'DOUBLE x'], 'DOUBLE', num2(Math.atan2)),
  ]),
  doubleOf('cos', 'Returns the cosine of its argument (in radians).', Math.cos),
  doubleOf('cosh', 'Returns the hyperbolic cosine of its argument.', Math.cosh),
  doubleOf('cot', 'Returns the cotangent of its argument (in radians).', (n) => 1 / Math.tan(n)),
  doubleOf('sin', 'Returns the sine of its argument (in radians).', Math.sin),
  doubleOf('sinh', 'Returns the hyperbolic sine of its argument.', Math.sinh),
  doubleOf('tan', 'Returns the tangent of its argument (in radians).', Math.tan),
  doubleOf('tanh', 'Returns the hyperbolic tangent of its argument.', Math.tanh),
  doubleOf('degrees', 'Converts radians to degrees.', (n) => (n * 180) / Math.PI),
  doubleOf('radians', 'Converts degrees to radians.', (n) => (n * Math.PI) / 180),
  defineFunction('pi', 'MATHEMATICAL', 'Returns an approximate value of pi.', [sig([], 'DOUBLE', () => Math.PI)]),
  defineFunction('random', 'MATHEMATICAL', 'Returns a random DOUBLE between 0.0 and 1.0.', [
    sig([], 'DOUBLE', () => Math.random()),
  ]),
  extreme('greatest', 1, 'highest'),
  extreme('least', -1, 'lowest'),
  defineFunction(
    'geo_distance',
    'MATHEMATICAL',
    'The great-circle distance between two lat-long points, both specified in decimal degrees. An optional final parameter specifies km (the default) or miles.',
    [
      sig(['DOUBLE lat1', 'DOUBLE lon1', 'DOUBLE lat2', 'DOUBLE lon2'], 'DOUBLE', geoDistance),
      sig(['DOUBLE lat1', 'DOUBLE lon1', 'DOUBLE lat2', 'DOUBLE lon2', 'STRING units'], 'DOUBLE', geoDistance),
    ],
  ),
];
