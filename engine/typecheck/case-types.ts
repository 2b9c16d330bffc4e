// The type of a CASE expression by ksqlDB's rules: every WHEN of a searched CASE is BOOLEAN, every
// THEN and the ELSE share one type (NULL branches take it), and a CASE of NULL branches only has
// no type; each refusal in ksqlDB's words.
import { PlanError } from '../errors.js';
import { typeToString, typesEqual, type SqlType } from '../types/sql-types.js';

export interface CaseBranch {
  /** `WHEN <when> THEN <then>` as printed, for the messages. */
  text: string;
  whenText: string;
  /** Undefined for a simple CASE (its WHENs are values compared with the operand). */
  whenType?: SqlType;
  thenType: SqlType;
}

export function caseType(branches: readonly CaseBranch[], elseType: SqlType | undefined): SqlType {
  let previous: SqlType | undefined;
  for (const b of branches) {
    if (b.whenType && b.whenType.kind !== 'BOOLEAN' && b.whenType.kind !== 'NULL')
      throw new PlanError(
        `WHEN operand type should be boolean.\nType for '${b.whenText}' is ${typeToString(b.whenType)}`,
      );
    if (b.thenType.kind === 'NULL') continue;
    if (previous && !typesEqual(previous, b.thenType))
      throw new PlanError(
        `Invalid Case expression. Type for all 'THEN' clauses should be the same.\nTHEN expression '${b.text}' has type: ${typeToString(b.thenType)}.\nPrevious THEN expression(s) type: ${typeToString(previous)}.`,
      );
    previous ??= b.thenType;
  }
  const other = elseType && elseType.kind !== 'NULL' ? elseType : undefined;
  if (previous && other && !typesEqual(previous, other))
    throw new PlanError(
      `Invalid Case expression. Type for the default clause should be the same as for 'THEN' clauses.\nTHEN type: ${typeToString(previous)}.\nDEFAULT type: ${typeToString(other)}.`,
    );
  const type = previous ?? other;
  if (!type) throw new PlanError('Invalid Case expression. All case branches have NULL type');
  return type;
}
