// The engine's error classes by phase (conventions: DataFusion-style naming). ParseError lives
// with the parser in engine/syntax/; planning, execution and unsupported features live here.
import { ZiemError, type ZiemErrorOptions } from '../core/errors/ziem-error.js';

/** A statement is valid SQL but not a valid query: unknown column, type mismatch, bad GROUP BY. */
export class PlanError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('ENGINE_PLAN', message, o);
  }
}

/** A running query failed in a way that stops it (not a skipped record: those go to the processing log). */
export class ExecError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('ENGINE_EXEC', message, o);
  }
}

/** A construct ksqlDB supports that the embedded engine does not (yet): named, never approximated. */
export class NotSupportedError extends ZiemError {
  readonly feature: string;
  constructor(feature: string, message: string, o: ZiemErrorOptions = {}) {
    super('ENGINE_NOT_SUPPORTED', message, o);
    this.feature = feature;
  }
}

/** A single record could not be read or computed; the query skips it and logs the reason. */
export class RecordError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('ENGINE_RECORD', message, o);
  }
}
