// Connector statements (ksqldb-notes §1.6) sent synchronously to Kafka Connect: CREATE SOURCE|SINK
// CONNECTOR, DROP CONNECTOR, SHOW CONNECTORS and DESCRIBE CONNECTOR. They are not commands (no
// commandId, no sequence number); Connect's failures come back with its status × 100. A CREATE is
// first validated by the plugin (as ksqlDB does): a config with errors fails naming each field.
import { ConnectClient, type ConfigInfos } from '../../core/connect/connect-client.js';
import { ConnectError } from '../../core/errors/ziem-error.js';
import type { CreateConnector, Describe, DropConnector, Literal, Show } from '../syntax/index.js';
import { warningEntity, type Entity } from './entities.js';
import { RestError } from './rest-error.js';

export type ConnectorStatement =
  CreateConnector | DropConnector | (Show & { target: 'CONNECTORS' }) | (Describe & { subject: 'CONNECTOR' });

const SECRET_KEY = /password|secret|token|credential|sasl\.jaas|key\.password|api\.key/i;

const literalText = (l: Literal): string => (l.kind === 'NullLiteral' ? '' : String(l.value));

export function isConnectorStatement(s: { kind: string; target?: string; subject?: string }): boolean {
  return (
    s.kind === 'CreateConnector' ||
    s.kind === 'DropConnector' ||
    (s.kind === 'Show' && s.target === 'CONNECTORS') ||
    (s.kind === 'Describe' && s.subject === 'CONNECTOR')
  );
}

/** ksqlDB masks connector secrets in the statementText it echoes. */
export function maskedText(s: CreateConnector): string {
  const props = s.properties.map(
    (p) => `'${p.name}'=${SECRET_KEY.test(p.name) ? "'*****'" : `'${literalText(p.value).replace(/'/g, "''")}'`}`,
  );
  return `CREATE ${s.connectorType} CONNECTOR ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${s.name} WITH (${props.join(', ')});`;
}

function connectFailure(err: unknown, what: string): RestError {
  if (err instanceof ConnectError && err.status >= 400) {
    const msg = err.message.replace(/^Kafka Connect .* failed with HTTP \d+: /, '');
    return new RestError(err.status, err.status * 100, `Failed to ${what}: ${msg}`, { cause: err });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new RestError(500, 50000, `Failed to ${what}: ${reason}`, {
    cause: err,
    hint: 'check ksql.connect.url (ZIEM_CONNECT_URL) and that Kafka Connect is running',
  });
}

function taskState(status: { connector: { state: string }; tasks: Array<{ state: string }> } | undefined): string {
  if (!status) return 'UNKNOWN';
  const running = status.tasks.filter((t) => t.state === 'RUNNING').length;
  return `${status.connector.state} (${running}/${status.tasks.length} tasks RUNNING)`;
}

/** The lines of a validation answer that carry errors: `<field> - <error>. <error>`, in Connect's order. */
export function validationErrors(infos: ConfigInfos): string[] {
  return infos.configs
    .filter((c) => c.value.errors.length > 0)
    .map((c) => `${c.value.name} - ${c.value.errors.join('. ')}`);
}

// Connect's validate endpoint answers an unknown plugin class with HTTP 500 wrapping its own
// BadRequestException: it is the statement's fault (400), as the same class given to create is.
const WRAPPED_BAD_REQUEST = /^(.*?: )?org\.apache\.kafka\.connect\.runtime\.rest\.errors\.BadRequestException: /;

function badRequestInside(err: unknown): unknown {
  if (!(err instanceof ConnectError) || err.status !== 500) return err;
  const msg = err.message.replace(/^Kafka Connect .* failed with HTTP \d+: /, '');
  if (!WRAPPED_BAD_REQUEST.test(msg)) return err;
  return new ConnectError(
    400,
    `Kafka Connect validation failed with HTTP 400: ${msg.replace(WRAPPED_BAD_REQUEST, '')}`,
    { cause: err },
  );
}

/** PUT /connector-plugins/<class>/config/validate before anything is created. */
async function validate(c: ConnectClient, config: Record<string, string>, text: string): Promise<void> {
  const className = config['connector.class'];
  const invalid = (lines: string[]): RestError =>
    new RestError(400, 40001, `Validation error: ${lines.join('\n')}`, { statementText: text });
  if (!className)
    throw invalid(['connector.class - Missing required configuration "connector.class" which has no default value.']);
  let infos: ConfigInfos;
  try {
    infos = await c.validate(className, config);
  } catch (err) {
    throw connectFailure(badRequestInside(err), 'create connector');
  }
  const lines = validationErrors(infos);
  // error_count counts what the lines show; a count without a line still must not pass
  if (infos.error_count > 0)
    throw invalid(lines.length > 0 ? lines : [`${infos.error_count} configuration error(s) reported by ${className}`]);
}

const connectorType = (t: string | undefined): string => (t === 'source' || t === 'sink' ? t : 'unknown');

async function create(c: ConnectClient, s: CreateConnector): Promise<Entity> {
  const text = maskedText(s);
  let existing: string[];
  try {
    existing = await c.connectors();
  } catch (err) {
    throw connectFailure(err, 'create connector');
  }
  if (existing.includes(s.name)) {
    if (s.ifNotExists) return warningEntity(text, `Connector ${s.name} already exists`);
    throw new RestError(409, 40900, `Connector ${s.name} already exists`);
  }
  const config: Record<string, string> = {
    ...Object.fromEntries(s.properties.map((p) => [p.name, literalText(p.value)])),
    name: s.name,
  };
  await validate(c, config, text);
  try {
    const info = (await c.putConfig(s.name, config)) as {
      name: string;
      config: Record<string, string>;
      tasks: unknown[];
      type?: string;
    };
    return {
      '@type': 'connector_info',
      statementText: text,
      warnings: [],
      info: {
        name: info.name,
        config: info.config,
        tasks: info.tasks,
        type: connectorType(info.type ?? s.connectorType.toLowerCase()),
      },
    };
  } catch (err) {
    throw connectFailure(err, 'create connector');
  }
}

async function drop(c: ConnectClient, s: DropConnector): Promise<Entity> {
  try {
    await c.delete(s.name);
    return { '@type': 'drop_connector', statementText: s.text, warnings: [], connectorName: s.name };
  } catch (err) {
    if (s.ifExists && err instanceof ConnectError && err.status === 404)
      return warningEntity(s.text, `Connector ${s.name} does not exist.`);
    throw connectFailure(err, 'drop connector');
  }
}

async function list(c: ConnectClient, s: Show): Promise<Entity> {
  try {
    const all = await c.connectorsExpanded();
    const connectors = Object.entries(all)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, x]) => ({
        name,
        type: connectorType(x.info?.type ?? x.status?.type),
        className: x.info?.config['connector.class'] ?? '',
        state: taskState(x.status),
      }))
      .filter((x) => !s.connectorScope || x.type === s.connectorScope.toLowerCase());
    return { '@type': 'connector_list', statementText: s.text, warnings: [], connectors };
  } catch (err) {
    throw connectFailure(err, 'list connectors');
  }
}

async function describeConnector(c: ConnectClient, s: Describe): Promise<Entity> {
  const name = s.name ?? '';
  try {
    const [status, config] = await Promise.all([c.status(name), c.getConfig(name)]);
    return {
      '@type': 'connector_description',
      statementText: s.text,
      warnings: [],
      connectorClass: config['connector.class'] ?? '',
      status: { ...status, type: connectorType(status.type) },
      sources: [],
      topics: [],
      errors: [],
    };
  } catch (err) {
    throw connectFailure(err, `describe connector ${name}`);
  }
}

export function runConnectorStatement(connectUrl: string, timeoutMs: number, s: ConnectorStatement): Promise<Entity> {
  const c = new ConnectClient({ baseUrl: connectUrl, timeoutMs });
  switch (s.kind) {
    case 'CreateConnector':
      return create(c, s);
    case 'DropConnector':
      return drop(c, s);
    case 'Show':
      return list(c, s);
    default:
      return describeConnector(c, s);
  }
}
