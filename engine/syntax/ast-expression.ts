// Syntax tree, part 1: source positions, SQL types and expressions (`kind`-tagged unions).
// Part of the contract re-exported by ast.ts: shapes may gain fields, never change or lose them.
import type { TimeUnit } from './ast-query.js';

/** Position in the parsed text: line and column both 1-based, as in ksqlDB's "line 1:8". */
export interface Loc {
  line: number;
  column: number;
}

/** INT/INTEGER normalise to INTEGER, VARCHAR to STRING (ksqlDB's SqlBaseType names). */
export type PrimitiveTypeName =
  'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'BYTES' | 'TIMESTAMP' | 'DATE' | 'TIME';

export interface PrimitiveType {
  kind: 'PrimitiveType';
  name: PrimitiveTypeName;
}
export interface DecimalType {
  kind: 'DecimalType';
  precision: number;
  scale: number;
}
export interface ArrayType {
  kind: 'ArrayType';
  element: SqlType;
}
export interface MapType {
  kind: 'MapType';
  key: SqlType;
  value: SqlType;
}
export interface StructTypeField {
  name: string;
  type: SqlType;
}
export interface StructType {
  kind: 'StructType';
  fields: StructTypeField[];
}
/** A name registered with CREATE TYPE; resolved by the planner. */
export interface CustomType {
  kind: 'CustomType';
  name: string;
}
export type SqlType = PrimitiveType | DecimalType | ArrayType | MapType | StructType | CustomType;

interface ExprBase {
  /** Where the expression starts in the statement text; absent on synthesised nodes. */
  loc?: Loc;
}

/** Fits in a signed 32-bit integer (ksqlDB IntegerLiteral). Negative literals are folded. */
export interface IntegerLiteral extends ExprBase {
  kind: 'IntegerLiteral';
  value: number;
}
/** Outside INT range but within BIGINT; `value` holds the exact decimal digits (may start with '-'). */
export interface BigIntLiteral extends ExprBase {
  kind: 'BigIntLiteral';
  value: string;
}
/** `1.5` is a DECIMAL in ksqlDB; `value` is the source text, so precision and scale are exact. */
export interface DecimalLiteral extends ExprBase {
  kind: 'DecimalLiteral';
  value: string;
}
/** A literal with an exponent (`1.5e0`) is a DOUBLE. */
export interface DoubleLiteral extends ExprBase {
  kind: 'DoubleLiteral';
  value: number;
}
export interface StringLiteral extends ExprBase {
  kind: 'StringLiteral';
  value: string;
}
export interface BooleanLiteral extends ExprBase {
  kind: 'BooleanLiteral';
  value: boolean;
}
export interface NullLiteral extends ExprBase {
  kind: 'NullLiteral';
}

/** A column, optionally qualified by a source name or alias (`I1.FOO`). Includes ROWTIME,
 *  WINDOWSTART and other pseudo columns: the planner decides what a name means. */
export interface ColumnRef extends ExprBase {
  kind: 'ColumnRef';
  source?: string;
  name: string;
}
/** A lambda parameter used inside the lambda body (`x => x + 1`). */
export interface LambdaVariable extends ExprBase {
  kind: 'LambdaVariable';
  name: string;
}
/** Struct field access `base->field`. */
export interface Dereference extends ExprBase {
  kind: 'Dereference';
  base: Expression;
  field: string;
}
/** Array index (1-based, negative from the end) or map lookup `base[index]`. */
export interface Subscript extends ExprBase {
  kind: 'Subscript';
  base: Expression;
  index: Expression;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export interface ArithmeticBinary extends ExprBase {
  kind: 'ArithmeticBinary';
  op: ArithmeticOp;
  left: Expression;
  right: Expression;
}
export interface ArithmeticUnary extends ExprBase {
  kind: 'ArithmeticUnary';
  op: '+' | '-';
  operand: Expression;
}

/** `!=` is normalised to `<>`. */
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'IS DISTINCT FROM' | 'IS NOT DISTINCT FROM';
export interface Comparison extends ExprBase {
  kind: 'Comparison';
  op: ComparisonOp;
  left: Expression;
  right: Expression;
}
export interface LogicalBinary extends ExprBase {
  kind: 'LogicalBinary';
  op: 'AND' | 'OR';
  left: Expression;
  right: Expression;
}
export interface Not extends ExprBase {
  kind: 'Not';
  operand: Expression;
}
export interface IsNull extends ExprBase {
  kind: 'IsNull';
  operand: Expression;
  negated: boolean;
}
export interface Like extends ExprBase {
  kind: 'Like';
  value: Expression;
  pattern: Expression;
  /** The single escape character of `ESCAPE '!'`. */
  escape?: string;
  negated: boolean;
}
export interface Between extends ExprBase {
  kind: 'Between';
  value: Expression;
  low: Expression;
  high: Expression;
  negated: boolean;
}
export interface InList extends ExprBase {
  kind: 'InList';
  value: Expression;
  list: Expression[];
  negated: boolean;
}

export interface WhenClause {
  when: Expression;
  then: Expression;
}
/** `CASE WHEN cond THEN v ... [ELSE e] END`. */
export interface SearchedCase extends ExprBase {
  kind: 'SearchedCase';
  whens: WhenClause[];
  else?: Expression;
}
/** `CASE operand WHEN value THEN v ... [ELSE e] END`. */
export interface SimpleCase extends ExprBase {
  kind: 'SimpleCase';
  operand: Expression;
  whens: WhenClause[];
  else?: Expression;
}
export interface Cast extends ExprBase {
  kind: 'Cast';
  expr: Expression;
  type: SqlType;
}

/** Scalar, aggregate or table function call. `COUNT(*)` has `star: true` and no args;
 *  `COUNT()` has `star: false` and no args. Names are upper-cased unless backticked. */
export interface FunctionCall extends ExprBase {
  kind: 'FunctionCall';
  name: string;
  args: Expression[];
  star: boolean;
}
/** `x => body` or `(x, y) => body`, only as a function argument. */
export interface Lambda extends ExprBase {
  kind: 'Lambda';
  params: string[];
  body: Expression;
}
/** A bare time unit as a function argument, e.g. TIMESTAMPADD(MINUTES, 5, ts). */
export interface IntervalUnitArg extends ExprBase {
  kind: 'IntervalUnitArg';
  unit: TimeUnit;
}

export interface ArrayConstructor extends ExprBase {
  kind: 'ArrayConstructor';
  items: Expression[];
}
export interface MapEntry {
  key: Expression;
  value: Expression;
}
export interface MapConstructor extends ExprBase {
  kind: 'MapConstructor';
  entries: MapEntry[];
}
export interface StructField {
  name: string;
  value: Expression;
}
export interface StructConstructor extends ExprBase {
  kind: 'StructConstructor';
  fields: StructField[];
}

export type Literal =
  IntegerLiteral | BigIntLiteral | DecimalLiteral | DoubleLiteral | StringLiteral | BooleanLiteral | NullLiteral;

/** Whether an expression is one of the literal kinds above (every one, and only they, end in "Literal"). */
export function isLiteral(e: { kind: string }): e is Literal {
  return e.kind.endsWith('Literal');
}

export type Expression =
  | Literal
  | ColumnRef
  | LambdaVariable
  | Dereference
  | Subscript
  | ArithmeticBinary
  | ArithmeticUnary
  | Comparison
  | LogicalBinary
  | Not
  | IsNull
  | Like
  | Between
  | InList
  | SearchedCase
  | SimpleCase
  | Cast
  | FunctionCall
  | Lambda
  | IntervalUnitArg
  | ArrayConstructor
  | MapConstructor
  | StructConstructor;
