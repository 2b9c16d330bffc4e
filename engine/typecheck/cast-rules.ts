// Which CASTs ksqlDB allows, checked before anything runs: anything to STRING, STRING to every
// primitive, numbers among themselves, structured types to the same kind, TIMESTAMP to DATE and
// TIME, DATE to TIMESTAMP; a refusal in ksqlDB's words.
import { PlanError } from '../errors.js';
import { isNumeric, PRIMITIVE_KINDS as PRIMITIVE, typeToString, type SqlType } from '../types/sql-types.js';

export function checkCast(from: SqlType, to: SqlType, exprText: string, clause = ''): void {
  if (from.kind === 'NULL' || typeToString(from) === typeToString(to)) return;
  const ok =
    to.kind === 'STRING' ||
    (from.kind === 'STRING' && PRIMITIVE.has(to.kind)) ||
    (isNumeric(from) && isNumeric(to)) ||
    (from.kind === 'BOOLEAN' && to.kind === 'BOOLEAN') ||
    (from.kind === 'ARRAY' && to.kind === 'ARRAY') ||
    (from.kind === 'MAP' && to.kind === 'MAP') ||
    (from.kind === 'STRUCT' && to.kind === 'STRUCT') ||
    (from.kind === 'TIMESTAMP' && (to.kind === 'DATE' || to.kind === 'TIME')) ||
    (from.kind === 'DATE' && to.kind === 'TIMESTAMP');
  const where = clause === 'SELECT' ? 'Invalid Select: ' : '';
  if (!ok)
    throw new PlanError(`${where}Cast of ${typeToString(from)} to ${typeToString(to)} is not supported`, {
      hint: `in ${exprText}`,
    });
}
