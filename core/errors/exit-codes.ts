// The single mapping from errors to process exit codes (conventions: 0 success, 2 usage or
// config, 1 everything else). cli/main.ts is the only caller.
import { ConfigError, UsageError, ZiemError } from './ziem-error.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) return EXIT_USAGE;
  if (err instanceof ZiemError && err.code === 'USAGE') return EXIT_USAGE;
  return EXIT_FAILURE;
}

/** The lines printed on stderr for an error: message, hint, and with verbose the cause chain. */
export function describeError(err: unknown, verbose: boolean): string[] {
  const lines: string[] = [];
  if (err instanceof ZiemError) {
    lines.push(`error: ${err.message}`);
    if (err.hint) lines.push(`hint: ${err.hint}`);
  } else if (err instanceof Error) {
    lines.push(`error: ${err.message}`);
    lines.push('hint: this is a bug in ziem; please report it with the command you ran and its --verbose output');
  } else {
    lines.push(`error: ${String(err)}`);
  }
  if (verbose) {
    let cause = err instanceof Error ? err.cause : undefined;
    while (cause !== undefined) {
      lines.push(`caused by: ${cause instanceof Error ? cause.message : String(cause)}`);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    if (err instanceof Error && err.stack && !(err instanceof ZiemError)) lines.push(err.stack);
  }
  return lines;
}
