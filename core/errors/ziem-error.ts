// The root of ziem's error family: every expected failure is a ZiemError with a stable code,
// a retriable flag, an optional hint and a cause. Boundary-specific subclasses live beside it;
// turning errors into exit codes happens only in cli/main.ts.

export interface ZiemErrorOptions {
  retriable?: boolean;
  hint?: string;
  cause?: unknown;
}

export class ZiemError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly hint: string | undefined;

  constructor(code: string, message: string, o: ZiemErrorOptions = {}) {
    super(message, { cause: o.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = o.retriable ?? false;
    this.hint = o.hint;
  }
}

/** Bad command line: the CLI prints usage. */
export class UsageError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('USAGE', message, o);
  }
}

/** One or more problems in ziem.yaml, the environment or flags; each problem names where. */
export class ConfigError extends ZiemError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[], o: ZiemErrorOptions = {}) {
    super('CONFIG', `invalid configuration:\n  ${problems.join('\n  ')}`, o);
    this.problems = problems;
  }
}

/** A required tool (java, mvn, tshark…) is missing or too old. */
export class PrerequisiteError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('PREREQUISITE', message, o);
  }
}

/** A local process or port problem: port taken, process died at start, stale pid. */
export class StackError extends ZiemError {
  constructor(code: string, message: string, o: ZiemErrorOptions = {}) {
    super(code, message, o);
  }
}

/** Something ziem waited for did not happen in time. */
export class TimeoutError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('TIMEOUT', message, { retriable: true, ...o });
  }
}

/** A check that should never fail did: this is a bug in ziem. */
export class InternalError extends ZiemError {
  constructor(message: string, o: ZiemErrorOptions = {}) {
    super('INTERNAL', message, {
      hint: 'this is a bug in ziem; please report it with the command you ran and its --verbose output',
      ...o,
    });
  }
}

/** Kafka Connect REST failure, carrying Connect's HTTP status. */
export class ConnectError extends ZiemError {
  readonly status: number;
  constructor(status: number, message: string, o: ZiemErrorOptions = {}) {
    super('CONNECT', message, o);
    this.status = status;
  }
}

/** ksqlDB REST failure, carrying ksqlDB's error code, the HTTP status and the statement. */
export class KsqlDbError extends ZiemError {
  readonly errorCode: number;
  readonly httpStatus: number;
  readonly statementText: string | undefined;
  constructor(
    errorCode: number,
    httpStatus: number,
    message: string,
    o: ZiemErrorOptions & { statementText?: string } = {},
  ) {
    super('KSQLDB', message, o);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
    this.statementText = o.statementText;
  }
}

/** Terraform failure, carrying its exit code and the tail of its stderr (the gcp target's wrapper).
 *  @public */
export class TerraformError extends ZiemError {
  readonly exitCode: number;
  readonly stderrTail: string;
  constructor(exitCode: number, stderrTail: string, message: string, o: ZiemErrorOptions = {}) {
    super('TERRAFORM', message, o);
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }
}

/** The retry helper gave up; `cause` is the last error. */
export class RetriesExhaustedError extends ZiemError {
  readonly attempts: number;
  constructor(attempts: number, cause: unknown) {
    const last = cause instanceof Error ? cause.message : String(cause);
    super('RETRIES_EXHAUSTED', `gave up after ${attempts} attempts: ${last}`, { cause });
    this.attempts = attempts;
  }
}
