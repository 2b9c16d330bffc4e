// The error of a migration statement the server refused: it names file:line, the statement and
// the server's code and message, and keeps the statement for the ERROR reason recorded.
import { KsqlDbError, ZiemError } from '../../core/errors/ziem-error.js';
import type { PreparedStatement } from './prepare-file.js';

/** A statement the server refused: names file:line, the statement and the server's code and message. */
export class StatementFailure extends ZiemError {
  readonly statement: PreparedStatement;
  /** The statements of the file before the failed one (all of them ran). */
  readonly before: readonly PreparedStatement[];
  constructor(statement: PreparedStatement, cause: unknown, before: readonly PreparedStatement[] = []) {
    const code = cause instanceof KsqlDbError ? ` (ksqlDB ${cause.errorCode})` : '';
    const msg = cause instanceof Error ? cause.message : String(cause);
    super('MIGRATION_FAILED', `${statement.where}: statement failed${code}: ${msg}\n  statement: ${statement.text}`, {
      cause,
      hint: 'fix the file and run `ziem ksql apply` again: the version is marked ERROR and will be retried',
    });
    this.statement = statement;
    this.before = before;
  }
}
