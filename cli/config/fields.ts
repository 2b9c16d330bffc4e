// The table of every configuration field: its path in ziem.yaml, its type and range, its default.
// Environment names derive from the path (kafka.port → ZIEM_KAFKA_PORT). Adding a setting means
// adding a row here and a property in config.ts's Config type.

export type FieldType =
  | { kind: 'port' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'string'; pattern?: RegExp; patternHint?: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'url' }
  | { kind: 'cidr' }
  | { kind: 'bool' };

export interface FieldSpec {
  path: string;
  type: FieldType;
  default: string | number | boolean | undefined;
  doc: string;
}

const port = { kind: 'port' } as const;
const int = (min: number, max: number): FieldType => ({ kind: 'int', min, max });
const str: FieldType = { kind: 'string' };

export const FIELDS: readonly FieldSpec[] = [
  { path: 'target', type: { kind: 'enum', values: ['local', 'compose', 'gcp'] }, default: 'local', doc: 'where the platform runs' },
  { path: 'stateDir', type: str, default: '.ziem', doc: 'data, logs, pids and generated secrets of a local deployment' },
  { path: 'bindHost', type: { kind: 'string', pattern: /^127\.\d+\.\d+\.\d+$|^localhost$/, patternHint: 'a loopback address' }, default: '127.0.0.1', doc: 'address local services listen on' },
  { path: 'kafka.port', type: port, default: 9092, doc: 'Kafka broker port' },
  { path: 'kafka.controllerPort', type: port, default: 9093, doc: 'KRaft controller port' },
  { path: 'kafka.heapMb', type: int(128, 16384), default: 512, doc: 'Kafka JVM heap' },
  { path: 'kafka.bootstrap', type: str, default: undefined, doc: 'bootstrap servers of an external Kafka (default: the local broker)' },
  { path: 'connect.port', type: port, default: 8083, doc: 'Kafka Connect REST port' },
  { path: 'connect.heapMb', type: int(128, 16384), default: 512, doc: 'Kafka Connect JVM heap' },
  { path: 'connect.url', type: { kind: 'url' }, default: undefined, doc: 'URL of an external Kafka Connect (default: the local worker)' },
  { path: 'neo4j.boltPort', type: port, default: 7687, doc: 'Neo4j Bolt port' },
  { path: 'neo4j.httpPort', type: port, default: 7474, doc: 'Neo4j HTTP port' },
  { path: 'neo4j.heapMb', type: int(128, 16384), default: 512, doc: 'Neo4j JVM heap' },
  { path: 'neo4j.pageCacheMb', type: int(16, 16384), default: 128, doc: 'Neo4j page cache' },
  { path: 'neo4j.user', type: str, default: 'neo4j', doc: 'Neo4j user' },
  { path: 'ksql.url', type: { kind: 'url' }, default: 'http://127.0.0.1:8088', doc: 'ksqlDB REST endpoint' },
  { path: 'ksql.user', type: str, default: undefined, doc: 'ksqlDB basic-auth user (password from ZIEM_KSQL_PASSWORD)' },
  { path: 'ksql.timeoutMs', type: int(100, 600_000), default: 30_000, doc: 'timeout of one ksqlDB request' },
  { path: 'modelServer.port', type: port, default: 8501, doc: 'model server port' },
  { path: 'ui.port', type: port, default: 8080, doc: 'network map UI port' },
  { path: 'sandbox.cidr', type: { kind: 'cidr' }, default: '10.77.0.0/24', doc: 'sandbox network' },
  { path: 'capture.topic', type: { kind: 'string', pattern: /^[A-Za-z0-9._-]{1,249}$/, patternHint: 'a Kafka topic name' }, default: 'network-traffic', doc: 'topic packets are written to' },
  { path: 'stack.startTimeoutMs', type: int(1_000, 3_600_000), default: 180_000, doc: 'how long `stack up` waits for a component to be healthy' },
  { path: 'stack.stopTimeoutMs', type: int(100, 600_000), default: 20_000, doc: 'how long `stack down` waits after SIGTERM before SIGKILL' },
];

/** kafka.port → ZIEM_KAFKA_PORT, modelServer.port → ZIEM_MODEL_SERVER_PORT. */
export function envNameFor(path: string): string {
  return 'ZIEM_' + path.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
