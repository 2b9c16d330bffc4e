// The errors of `ziem connectors …`: a connector or task that FAILED (with traces), an unknown
// connector name, and the redaction of resolved secrets out of any error before it leaves: main.ts
// prints messages and, with --verbose, the cause chain, and knows nothing of placeholder values.
import { ConnectError, ZiemError, type ZiemErrorOptions } from '../../core/errors/ziem-error.js';
import { redact } from '../../core/secret.js';
import { renderFailures, type FailedInstance } from './readiness.js';

/** A connector, or one of its tasks, reported FAILED; the message carries every trace. */
export class ConnectorFailedError extends ZiemError {
  readonly connector: string;
  readonly failures: readonly FailedInstance[];
  constructor(connector: string, failures: readonly FailedInstance[], o: ZiemErrorOptions = {}) {
    super('CONNECTOR_FAILED', `connector ${connector} is not running:\n${renderFailures(connector, failures)}`, {
      hint: `fix the cause in the trace, then \`ziem connectors apply\` (config change) or \`ziem connectors restart ${connector}\``,
      ...o,
    });
    this.connector = connector;
    this.failures = failures;
  }
}

/** Connect answered 404 for a named connector. */
export function notFound(name: string, url: string, cause: unknown): ZiemError {
  return new ZiemError('CONNECTOR_NOT_FOUND', `no connector named ${name} on Kafka Connect at ${url}`, {
    hint: '`ziem connectors status` lists the deployed connectors',
    cause,
  });
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ConnectError && err.status === 404;
}

function mentions(err: unknown, secrets: readonly string[]): boolean {
  for (let e: unknown = err; e !== undefined; e = e instanceof Error ? e.cause : undefined) {
    const text = e instanceof Error ? `${e.message}\n${(e as { hint?: string }).hint ?? ''}` : String(e);
    if (secrets.some((s) => s.length > 0 && text.includes(s))) return true;
  }
  return false;
}

/** A plain copy of a cause chain with secrets masked: verbose output prints every cause. */
function redactedChain(err: unknown, secrets: readonly string[]): Error | undefined {
  if (err === undefined) return undefined;
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(redact(msg, secrets), {
    cause: redactedChain(err instanceof Error ? err.cause : undefined, secrets),
  });
}

/**
 * Returns the error itself when no secret appears anywhere in it; else an equivalent error (same
 * class for ConnectError, same code, retriable and hint) whose message and causes are masked.
 */
export function withSecretsRedacted(err: unknown, secrets: readonly string[]): unknown {
  if (!mentions(err, secrets)) return err;
  const message = redact(err instanceof Error ? err.message : String(err), secrets);
  const z = err instanceof ZiemError ? err : undefined;
  const o: ZiemErrorOptions = {
    retriable: z?.retriable ?? false,
    cause: redactedChain(err instanceof Error ? err.cause : undefined, secrets),
    ...(z?.hint !== undefined ? { hint: redact(z.hint, secrets) } : {}),
  };
  if (err instanceof ConnectError) return new ConnectError(err.status, message, o);
  return new ZiemError(z?.code ?? 'CONNECTOR', message, o);
}
