// Syntax tree, part 2: durations, windows, select items, relations (joins) and queries.
// Part of the contract re-exported by ast.ts: shapes may gain fields, never change or lose them.
import type { Expression } from './ast-expression.js';

/** Singular and plural spellings normalise to the plural (java.util.concurrent.TimeUnit names). */
export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

export interface Duration {
  value: number;
  unit: TimeUnit;
}

interface WindowBase {
  retention?: Duration;
  grace?: Duration;
}
export interface TumblingWindow extends WindowBase {
  kind: 'TumblingWindow';
  size: Duration;
}
export interface HoppingWindow extends WindowBase {
  kind: 'HoppingWindow';
  size: Duration;
  advance: Duration;
}
export interface SessionWindow extends WindowBase {
  kind: 'SessionWindow';
  gap: Duration;
}
export type WindowExpression = TumblingWindow | HoppingWindow | SessionWindow;

/** Helper for consumers: the milliseconds of a duration. */
export const TIME_UNIT_MS: Readonly<Record<TimeUnit, number>> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

export function durationMs(d: Duration): number {
  return d.value * TIME_UNIT_MS[d.unit];
}

export interface SelectSingle {
  kind: 'SelectSingle';
  expr: Expression;
  alias?: string;
}
/** `*` or `SRC.*`. */
export interface SelectAll {
  kind: 'SelectAll';
  source?: string;
}
/** `col->*`: every field of a struct. */
export interface SelectStructAll {
  kind: 'SelectStructAll';
  base: Expression;
}
export type SelectItem = SelectSingle | SelectAll | SelectStructAll;

export interface AliasedSource {
  kind: 'AliasedSource';
  name: string;
  alias?: string;
}
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
/** `WITHIN 10 SECONDS` or `WITHIN (1 SECOND, 2 SECONDS)`, with optional GRACE PERIOD. */
export interface JoinWithin {
  before: Duration;
  after: Duration;
  /** True when written as one duration (before = after). */
  symmetric: boolean;
  grace?: Duration;
}
export interface Join {
  kind: 'Join';
  left: Relation;
  right: AliasedSource;
  type: JoinType;
  within?: JoinWithin;
  on: Expression;
}
export type Relation = AliasedSource | Join;

export interface Query {
  kind: 'Query';
  select: SelectItem[];
  from: Relation;
  window?: WindowExpression;
  where?: Expression;
  groupBy?: Expression[];
  partitionBy?: Expression[];
  having?: Expression;
  /** EMIT CHANGES / EMIT FINAL; absent when not written. */
  refinement?: 'CHANGES' | 'FINAL';
  limit?: number;
}
