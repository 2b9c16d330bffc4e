// What planning needs to know about expressions, functions and formats without depending on how
// they execute: the port through which plan/ asks, implemented by exec/plan-services.ts (the
// expression compiler, the function registry and the serdes) and handed in by the runtime.
import type { Expression } from '../syntax/index.js';
import type { Scope } from '../types/scope.js';
import type { SqlType } from '../types/sql-types.js';
import type { Value } from '../types/values.js';
import type { NullableRepresentation } from './catalog.js';

export interface SerdeCheck {
  format: string;
  columns: ReadonlyArray<{ name: string; type: SqlType }>;
  isKey: boolean;
  wrapSingle: boolean;
  delimiter: string;
  nullable?: NullableRepresentation | undefined;
}

export interface AggregateSignature {
  /** The aggregate's result type. */
  type: SqlType;
  /** Whether a row can be taken back out (required over a TABLE source). */
  undoable: boolean;
  /** How many leading arguments are columns; the rest are literals. */
  columnArgs: number;
  /** The intermediate state is an ARRAY, MAP or STRUCT (DELIMITED cannot store it). */
  complexState: boolean;
}

/** The columns a registered schema declares (schema inference of a CREATE without them). */
export interface InferredColumns {
  columns: Array<{ name: string; type: SqlType }>;
  /** The schema is not a record of fields: its one column is the whole key or value. */
  anonymous: boolean;
}

export interface PlanServices {
  /** The SQL type of `e` over `scope`; a PlanError names the expression when it does not type. */
  typeOf(e: Expression, scope: Scope): SqlType;
  /** Checks that `e` is a condition (WHERE, HAVING): BOOLEAN, or a PlanError in ksqlDB's words. */
  checkCondition(e: Expression, scope: Scope): void;
  isAggregate(name: string): boolean;
  /** EXPLODE, CUBE_EXPLODE…: functions that turn one row into many. */
  isTableFunction(name: string): boolean;
  isFunction(name: string): boolean;
  /** The aggregate's signature for these arguments (`literals`: each constant argument's value;
   *  `argTexts`: the arguments as written, for ksqlDB's "must be a literal constant" message). */
  aggregateSignature(
    name: string,
    args: SqlType[],
    literals: Array<Value | undefined>,
    star: boolean,
    argTexts?: string[],
  ): AggregateSignature;
  /** Checks that a format can carry these columns, or a PlanError naming why not. */
  checkSerde(o: SerdeCheck): void;
  /** The columns of the schema registered for the topic's key or value in `format` (by `schemaId`
   *  when given, else the subject's latest; PROTOBUF: of the message `fullName` names, else the
   *  first); undefined when the registry holds none. */
  inferColumns?(
    format: string,
    topic: string,
    isKey: boolean,
    schemaId: number | undefined,
    fullName?: string,
  ): InferredColumns | undefined;
  /** The remote functions (ANOMALY_SCORE) that `tree` calls; empty when none are configured. */
  remoteFunctionsIn(tree: unknown): string[];
}
