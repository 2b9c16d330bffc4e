// WHERE and HAVING as ksqlDB types them: the condition must be BOOLEAN ("Type error in WHERE
// expression: Should evaluate to boolean but is … instead."), and any other type error inside it
// is reported as "Error in WHERE expression: …".
import { PlanError } from '../errors.js';
import { typeToString, type SqlType } from '../types/sql-types.js';

export function isCondition(t: SqlType): boolean {
  return t.kind === 'BOOLEAN' || t.kind === 'NULL';
}

export function notBoolean(clause: string, text: string, t: SqlType): PlanError {
  return new PlanError(
    `Type error in ${clause} expression: Should evaluate to boolean but is ${text} (${typeToString(t)}) instead.`,
  );
}

/** Runs the check of a WHERE/HAVING condition, naming the clause in its type errors as ksqlDB does. */
export function inCondition<T>(clause: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof PlanError) || err.message.startsWith(`Type error in ${clause}`)) throw err;
    throw new PlanError(`Error in ${clause} expression: ${err.message}`, { cause: err });
  }
}
