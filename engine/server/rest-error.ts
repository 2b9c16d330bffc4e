// The REST layer's error: an HTTP status, ksqlDB's numeric error code and, for statement errors,
// the failing statement. mapEngineError turns the engine's phase errors into ksqlDB's codes.
import { ZiemError, type ZiemErrorOptions } from '../../core/errors/ziem-error.js';
import { ParseError } from '../syntax/index.js';
import { NotSupportedError, PlanError } from '../errors.js';

export type ErrorType = 'generic_error' | 'statement_error';

export class RestError extends ZiemError {
  readonly httpStatus: number;
  readonly errorCode: number;
  readonly type: ErrorType;
  readonly statementText: string | undefined;

  constructor(
    httpStatus: number,
    errorCode: number,
    message: string,
    o: ZiemErrorOptions & { type?: ErrorType; statementText?: string } = {},
  ) {
    // ksqlDB: only 429 and the 503xx codes are worth retrying
    super('KSQL_REST', message, { retriable: httpStatus === 429 || httpStatus === 503, ...o });
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.type = o.type ?? (o.statementText !== undefined ? 'statement_error' : 'generic_error');
    this.statementText = o.statementText;
  }

  /** The JSON body ksqlDB sends for this error. */
  body(): Record<string, unknown> {
    const b: Record<string, unknown> = { '@type': this.type, error_code: this.errorCode, message: this.message };
    if (this.type === 'statement_error') {
      b['statementText'] = this.statementText ?? '';
      b['entities'] = [];
    }
    return b;
  }
}

export const badRequest = (message: string): RestError => new RestError(400, 40000, message);
export const notFound = (message: string): RestError => new RestError(404, 40400, message);
export const statementError = (message: string, statementText: string, code = 40001): RestError =>
  new RestError(400, code, message, { type: 'statement_error', statementText });

/** An engine failure while validating or running a statement: parse, plan and unsupported are the
 *  caller's problem (400 40001); anything else is ours (500 50000, still naming the statement). */
export function mapEngineError(err: unknown, statementText: string): RestError {
  if (err instanceof RestError) return err;
  // the parser bounds nesting; should a walk over the tree still run out of stack, the statement
  // is the caller's problem, not a server fault
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return new RestError(400, 40001, 'Statement nested too deeply to process (ksql.expression.max.depth)', {
      type: 'statement_error',
      statementText,
      cause: err,
    });
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ParseError || err instanceof PlanError || err instanceof NotSupportedError) {
    return new RestError(400, 40001, message, { type: 'statement_error', statementText, cause: err });
  }
  return new RestError(500, 50000, message, { type: 'statement_error', statementText, cause: err });
}
