// Connector statements (ksqldb-notes §1.6) sent synchronously to Kafka Connect: CREATE SOURCE|SINK
// CONNECTOR, DROP CONNECTOR, SHOW CONNECTORS and DESCRIBE CONNECTOR. They are not commands (no
// commandId, no sequence number); Connect's failures come back with its status × 100.
import { ConnectClient } from '../../cli/clients/connect-client.js';
import { ConnectError } from '../../cli/errors/ziem-error.js';
import type { CreateConnector, Describe, DropConnector, Literal, Show } from '../syntax/index.js';
import { warningEntity, type Entity } from './entities.js';
import { RestError } from './rest-error.js';

export type ConnectorStatement = CreateConnector | DropConnector | (Show & { target: 'CONNECTORS' }) | (Describe & { subject: 'CONNECTOR' });

const SECRET_KEY = /password|secret|token|credential|sasl\.jaas|key\.password|api\.key/i;

const literalText = (l: Literal): string => (l.kind === 'NullLiteral' ? '' : String(l.value));

export function isConnectorStatement(s: { kind: string; target?: string; subject?: string }): boolean {
  return s.kind === 'CreateConnector' || s.kind === 'DropConnector' || (s.kind === 'Show' && s.target === 'CONNECTORS') || (s.kind === 'Describe' && s.subject === 'CONNECTOR');
}

/** ksqlDB masks connector secrets in the statementText it echoes. */
export function maskedText(s: CreateConnector): string {
  const props = s.properties.map((p) => `'${p.name}'=${SECRET_KEY.test(p.name) ? "'*****'" : `'${literalText(p.value).replace(/'/g, "''")}'`}`);
  return `CREATE ${s.connectorType} CONNECTOR ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${s.name} WITH (${props.join(', ')});`;
}

function connectFailure(err: unknown, what: string): RestError {
  if (err instanceof ConnectError && err.status >= 400) {
    const msg = err.message.replace(/^Kafka Connect .* failed with HTTP \d+: /, '');
    return new RestError(err.status, err.status * 100, `Failed to ${what}: ${msg}`, { cause: err });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new RestError(500, 50000, `Failed to ${what}: ${reason}`, { cause: err, hint: 'check ksql.connect.url (ZIEM_CONNECT_URL) and that Kafka Connect is running' });
}

function taskState(status: { connector: { state: string }; tasks: Array<{ state: string }> } | undefined): string {
  if (!status) return 'UNKNOWN';
  const running = status.tasks.filter((t) => t.state === 'RUNNING').length;
  return `${status.connector.state} (${running}/${status.tasks.length} tasks RUNNING)`;
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
  const config: Record<string, string> = { ...Object.fromEntries(s.properties.map((p) => [p.name, literalText(p.value)])), name: s.name };
  try {
    const info = (await c.putConfig(s.name, config)) as { name: string; config: Record<string, string>; tasks: unknown[]; type?: string };
    return { '@type': 'connector_info', statementText: text, warnings: [], info: { name: info.name, config: info.config, tasks: info.tasks, type: connectorType(info.type ?? s.connectorType.toLowerCase()) } };
  } catch (err) {
    throw connectFailure(err, 'create connector');
  }
}

async function drop(c: ConnectClient, s: DropConnector): Promise<Entity> {
  try {
    await c.delete(s.name);
    return { '@type': 'drop_connector', statementText: s.text, warnings: [], connectorName: s.name };
  } catch (err) {
    if (s.ifExists && err instanceof ConnectError && err.status === 404) return warningEntity(s.text, `Connector ${s.name} does not exist.`);
    throw connectFailure(err, 'drop connector');
  }
}

async function list(c: ConnectClient, s: Show): Promise<Entity> {
  try {
    const all = await c.connectorsExpanded();
    const connectors = Object.entries(all).sort(([a], [b]) => a.localeCompare(b)).map(([name, x]) => ({
      name, type: connectorType(x.info?.type ?? x.status?.type), className: x.info?.config['connector.class'] ?? '', state: taskState(x.status),
    })).filter((x) => !s.connectorScope || x.type === s.connectorScope.toLowerCase());
    return { '@type': 'connector_list', statementText: s.text, warnings: [], connectors };
  } catch (err) {
    throw connectFailure(err, 'list connectors');
  }
}

async function describeConnector(c: ConnectClient, s: Describe): Promise<Entity> {
  const name = s.name ?? '';
  try {
    const [status, config] = await Promise.all([c.status(name), c.getConfig(name)]);
    return { '@type': 'connector_description', statementText: s.text, warnings: [], connectorClass: config['connector.class'] ?? '', status: { ...status, type: connectorType(status.type) }, sources: [], topics: [], errors: [] };
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
