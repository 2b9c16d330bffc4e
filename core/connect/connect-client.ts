// A thin client for Kafka Connect's REST API: one method per endpoint, each with a timeout, errors
// decoded into ConnectError. Which failures are worth retrying is a table, read by the retry helper:
// 409 during a rebalance and 5xx are retriable; 409 "already exists" and other 4xx are not.
import { ConnectError } from '../errors/ziem-error.js';

/** GET / — https://kafka.apache.org/documentation/#connect_rest */
export interface ConnectRoot {
  version: string;
  commit: string;
  kafka_cluster_id: string;
}

/** GET /connector-plugins — one entry per installed plugin class. */
export interface ConnectorPlugin {
  class: string;
  type: 'sink' | 'source' | string;
  version: string;
}

/** GET /connectors/{name}/status */
export interface ConnectorStatus {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: Array<{ id: number; state: string; worker_id: string; trace?: string }>;
  type?: string;
}

export interface ConnectClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const RETRIABLE_STATUS = new Set([409, 500, 502, 503, 504]);

/**
 * Message rules checked before the status table, first match wins. Connect answers 409 both for a
 * passing state (a rebalance, a stale config snapshot, no known leader: try again shortly) and for a
 * lasting one ("Connector x already exists"): only the message tells them apart.
 */
export const CONNECT_MESSAGE_RULES: ReadonlyArray<{ status: number; pattern: RegExp; retriable: boolean }> = [
  { status: 409, pattern: /already exists/i, retriable: false },
  { status: 409, pattern: /rebalance|stale configuration|conflicting operation|no known leader/i, retriable: true },
];

export function isRetriableConnectFailure(status: number, message: string): boolean {
  const rule = CONNECT_MESSAGE_RULES.find((r) => r.status === status && r.pattern.test(message));
  return rule ? rule.retriable : RETRIABLE_STATUS.has(status);
}

/** GET /connectors/{name} and the `info` part of GET /connectors?expand=info. */
export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: Array<{ connector: string; task: number }>;
  type?: string;
}

/** GET /connectors?expand=status&expand=info — one entry per connector, keyed by name. */
/**
 * PUT /connector-plugins/{class}/config/validate — Connect's ConfigInfos: every config key the plugin
 * defines (plus the worker's common ones) with the value given and the errors found; error_count
 * is their total. Validation creates nothing.
 */
export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: Array<{
    definition: { name: string };
    value: { name: string; value: string | null; errors: string[]; visible: boolean };
  }>;
}

export type ExpandedConnectors = Record<string, { status?: ConnectorStatus; info?: ConnectorInfo }>;

/** Body of a failed call → ConnectError; Connect answers {"error_code", "message"}. */
export function decodeConnectError(status: number, body: string, what: string): ConnectError {
  let message = body.trim();
  try {
    const j = JSON.parse(body) as { message?: string };
    if (j.message) message = j.message;
  } catch {
    // not JSON (e.g. a proxy page): keep the raw text
  }
  return new ConnectError(status, `Kafka Connect ${what} failed with HTTP ${status}: ${message || '(empty body)'}`, {
    retriable: isRetriableConnectFailure(status, message),
  });
}

export class ConnectClient {
  readonly #base: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(o: ConnectClientOptions) {
    this.#base = o.baseUrl.replace(/\/+$/, '');
    this.#fetch = o.fetch ?? fetch;
    this.#timeoutMs = o.timeoutMs ?? 10_000;
  }

  async #call<T>(method: string, path: string, what: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.#fetch(this.#base + path, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (cause) {
      throw new ConnectError(0, `Kafka Connect at ${this.#base} is not reachable (${what})`, {
        retriable: true,
        cause,
      });
    }
    const text = await res.text();
    if (!res.ok) throw decodeConnectError(res.status, text, what);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  root(): Promise<ConnectRoot> {
    return this.#call('GET', '/', 'GET /');
  }
  plugins(): Promise<ConnectorPlugin[]> {
    return this.#call('GET', '/connector-plugins', 'GET /connector-plugins');
  }
  connectors(): Promise<string[]> {
    return this.#call('GET', '/connectors', 'GET /connectors');
  }
  /** PUT /connectors/{name}/config: creates or updates, idempotently. */
  putConfig(name: string, config: Record<string, string>): Promise<unknown> {
    return this.#call(
      'PUT',
      `/connectors/${encodeURIComponent(name)}/config`,
      `PUT /connectors/${name}/config`,
      config,
    );
  }
  status(name: string): Promise<ConnectorStatus> {
    return this.#call('GET', `/connectors/${encodeURIComponent(name)}/status`, `GET /connectors/${name}/status`);
  }
  /** GET /connectors/{name}/config: the stored config, including the `name` key Connect adds. */
  getConfig(name: string): Promise<Record<string, string>> {
    return this.#call('GET', `/connectors/${encodeURIComponent(name)}/config`, `GET /connectors/${name}/config`);
  }
  /** GET /connectors?expand=status&expand=info: every connector's config and state in one call. */
  async connectorsExpanded(): Promise<ExpandedConnectors> {
    return (
      (await this.#call<ExpandedConnectors | undefined>(
        'GET',
        '/connectors?expand=status&expand=info',
        'GET /connectors?expand=status&expand=info',
      )) ?? {}
    );
  }
  /**
   * POST /connectors/{name}/restart?includeTasks&onlyFailed (Kafka 3.0+, KIP-745). Answers 202 with
   * the status, restarting instances marked RESTARTING, or 204 without a body when includeTasks and
   * onlyFailed are both false.
   */
  restart(name: string, o: { includeTasks: boolean; onlyFailed: boolean }): Promise<ConnectorStatus | undefined> {
    const q = `includeTasks=${o.includeTasks}&onlyFailed=${o.onlyFailed}`;
    return this.#call(
      'POST',
      `/connectors/${encodeURIComponent(name)}/restart?${q}`,
      `POST /connectors/${name}/restart`,
    );
  }
  /** Checks a config against the plugin's definition (`connector.class` in it must name the same class). */
  validate(className: string, config: Record<string, string>): Promise<ConfigInfos> {
    return this.#call(
      'PUT',
      `/connector-plugins/${encodeURIComponent(className)}/config/validate`,
      `PUT /connector-plugins/${className}/config/validate`,
      config,
    );
  }
  async delete(name: string): Promise<void> {
    await this.#call('DELETE', `/connectors/${encodeURIComponent(name)}`, `DELETE /connectors/${name}`);
  }
}
