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

/** Where the platform can run; cli/targets/ has one Target for each that is implemented. */
export const TARGET_NAMES = ['local', 'compose', 'gcp', 'external'] as const;

const port = { kind: 'port' } as const;
const int = (min: number, max: number): FieldType => ({ kind: 'int', min, max });
const str: FieldType = { kind: 'string' };
/** An image tag that names one release: never `latest`, always with a digit. */
const pinnedTag: FieldType = {
  kind: 'string',
  pattern: /^(?!latest$)(?=[^:@/]*\d)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  patternHint: 'a pinned image tag such as 7.7.1 (not latest)',
};

export const FIELDS: readonly FieldSpec[] = [
  {
    path: 'target',
    type: { kind: 'enum', values: TARGET_NAMES },
    default: 'local',
    doc: 'where the platform runs',
  },
  {
    path: 'stateDir',
    type: str,
    default: '.ziem',
    doc: 'data, logs, pids and generated secrets of a local deployment',
  },
  {
    path: 'bindHost',
    type: { kind: 'string', pattern: /^127\.\d+\.\d+\.\d+$|^localhost$/, patternHint: 'a loopback address' },
    default: '127.0.0.1',
    doc: 'address local services listen on',
  },
  { path: 'kafka.port', type: port, default: 9092, doc: 'Kafka broker port' },
  { path: 'kafka.controllerPort', type: port, default: 9093, doc: 'KRaft controller port' },
  { path: 'kafka.heapMb', type: int(128, 16384), default: 512, doc: 'Kafka JVM heap' },
  {
    path: 'kafka.bootstrap',
    type: str,
    default: undefined,
    doc: 'bootstrap servers of an external Kafka (default: the local broker)',
  },
  { path: 'connect.port', type: port, default: 8083, doc: 'Kafka Connect REST port' },
  { path: 'connect.heapMb', type: int(128, 16384), default: 512, doc: 'Kafka Connect JVM heap' },
  {
    path: 'connect.url',
    type: { kind: 'url' },
    default: undefined,
    doc: 'URL of an external Kafka Connect (default: the local worker)',
  },
  { path: 'neo4j.boltPort', type: port, default: 7687, doc: 'Neo4j Bolt port' },
  { path: 'neo4j.httpPort', type: port, default: 7474, doc: 'Neo4j HTTP port' },
  { path: 'neo4j.heapMb', type: int(128, 16384), default: 512, doc: 'Neo4j JVM heap' },
  { path: 'neo4j.pageCacheMb', type: int(16, 16384), default: 128, doc: 'Neo4j page cache' },
  { path: 'neo4j.user', type: str, default: 'neo4j', doc: 'Neo4j user' },
  {
    path: 'neo4j.url',
    type: {
      kind: 'string',
      pattern: /^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^/\s]+$/,
      patternHint: 'a bolt:// or neo4j:// URL',
    },
    default: undefined,
    doc: 'Bolt URL of Neo4j (default: the local server at bindHost:boltPort)',
  },
  { path: 'ksql.url', type: { kind: 'url' }, default: 'http://127.0.0.1:8088', doc: 'ksqlDB REST endpoint' },
  {
    path: 'ksql.user',
    type: str,
    default: undefined,
    doc: 'ksqlDB basic-auth user (password from ZIEM_KSQL_PASSWORD)',
  },
  { path: 'ksql.timeoutMs', type: int(100, 600_000), default: 30_000, doc: 'timeout of one ksqlDB request' },
  {
    path: 'ksql.caFile',
    type: str,
    default: undefined,
    doc: 'PEM file of the CA that signed the ksqlDB server certificate (https URLs)',
  },
  {
    path: 'ksql.serverCertFile',
    type: str,
    default: undefined,
    doc: 'PEM certificate chain `ziem ksql serve` presents: HTTPS with ALPN h2 and http/1.1 (ksqlDB: ssl.keystore.location); needs ksql.serverKeyFile',
  },
  {
    path: 'ksql.serverKeyFile',
    type: str,
    default: undefined,
    doc: 'PEM private key of ksql.serverCertFile (passphrase of an encrypted key from ZIEM_KSQL_SERVER_KEY_PASSWORD; ksqlDB: ssl.key.password)',
  },
  {
    path: 'ksql.migrationsDir',
    type: str,
    default: 'ksql',
    doc: 'directory of the V<version>__<name>.sql migration files',
  },
  {
    path: 'ksql.serviceId',
    type: { kind: 'string', pattern: /^[A-Za-z0-9._-]*$/, patternHint: 'a ksql.service.id' },
    default: 'default_',
    doc: "the server's ksql.service.id, which prefixes the migration metadata topics",
  },
  {
    path: 'ksql.commandTimeoutMs',
    type: int(1_000, 3_600_000),
    default: 120_000,
    doc: 'how long apply follows one command to SUCCESS or ERROR',
  },
  {
    path: 'ksql.lockTimeoutMs',
    type: int(0, 3_600_000),
    default: 60_000,
    doc: 'how long apply waits for another apply to release the lock',
  },
  {
    path: 'ksql.engineDriver',
    type: { kind: 'enum', values: ['memory', 'kafka'] },
    default: 'memory',
    doc: "topics of `ziem ksql serve`'s embedded engine: in memory, or in Kafka at kafka.bootstrap (persistent queries, command topic)",
  },
  {
    path: 'ksql.heapMb',
    type: int(256, 16384),
    default: 1024,
    doc: "ksqlDB server JVM heap (compose target's cp-ksqldb-server)",
  },
  // limits of `ziem ksql serve` (engine/server/server-limits.ts); over one, a request gets a 4xx
  {
    path: 'ksql.maxRequestBytes',
    type: int(1_024, 1_073_741_824),
    default: 16_777_216,
    doc: 'largest request body `ziem ksql serve` reads (/ksql, /query, /query-stream); larger gets 413',
  },
  {
    path: 'ksql.maxStatements',
    type: int(1, 100_000),
    default: 1_000,
    doc: 'most statements in one /ksql request to `ziem ksql serve`; more gets 400',
  },
  {
    path: 'ksql.maxVariableExpansionBytes',
    type: int(0, 268_435_456),
    default: 1_048_576,
    doc: 'most bytes ${var} substitution (DEFINE, sessionVariables) may add to one request; more gets 400',
  },
  {
    path: 'ksql.maxExpressionDepth',
    type: int(16, 500),
    default: 256,
    doc: 'deepest expression (and request JSON) nesting `ziem ksql serve` accepts; deeper gets 400',
  },
  {
    path: 'ksql.maxInsertLineBytes',
    type: int(1_024, 1_073_741_824),
    default: 1_048_576,
    doc: 'longest line (target or row) on /inserts-stream; longer gets 413',
  },
  {
    path: 'ksql.maxPushBufferBytes',
    type: int(65_536, 1_073_741_824),
    default: 4_194_304,
    doc: "bytes of a push query's rows waiting for its client; past it the query is ended",
  },
  { path: 'modelServer.port', type: port, default: 8501, doc: 'model server port' },
  {
    path: 'modelServer.maxBatch',
    // udf-bridge/model-server/predict-slices.ts's MAX_BATCH_LIMIT
    type: int(1, 65_536),
    default: 4096,
    doc: 'most feature vectors in one predict request (at most 65536)',
  },
  {
    path: 'modelServer.maxBodyBytes',
    type: int(1_024, 1_073_741_824),
    default: 16_777_216,
    doc: 'largest predict request body; larger gets 413',
  },
  {
    path: 'modelServer.pollIntervalMs',
    type: int(100, 3_600_000),
    default: 2_000,
    doc: 'how often the model server looks for new model versions (bearer token from ZIEM_MODEL_TOKEN)',
  },
  { path: 'ui.port', type: port, default: 8080, doc: 'network map UI port' },
  {
    path: 'ui.internalCidrs',
    type: {
      kind: 'string',
      pattern: /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}(,\d{1,3}(\.\d{1,3}){3}\/\d{1,2})*$/,
      patternHint: 'comma-separated IPv4 CIDRs such as 10.0.0.0/8,192.168.0.0/16',
    },
    default: undefined,
    doc: 'networks the map draws as internal (default: sandbox.cidr)',
  },
  { path: 'sandbox.cidr', type: { kind: 'cidr' }, default: '10.77.0.0/24', doc: 'sandbox network' },
  {
    path: 'capture.topic',
    type: { kind: 'string', pattern: /^[A-Za-z0-9._-]{1,249}$/, patternHint: 'a Kafka topic name' },
    default: 'network-traffic',
    doc: 'topic packets are written to',
  },
  {
    path: 'stack.startTimeoutMs',
    type: int(1_000, 3_600_000),
    default: 180_000,
    doc: 'how long `stack up` waits for a component to be healthy',
  },
  {
    path: 'stack.stopTimeoutMs',
    type: int(100, 600_000),
    default: 20_000,
    doc: 'how long `stack down` waits after SIGTERM before SIGKILL',
  },
  {
    path: 'stack.jarCacheDir',
    type: str,
    default: undefined,
    doc: 'where `stack up` caches the jars Maven resolves (default: $XDG_CACHE_HOME or ~/.cache, then ziem/jars)',
  },
  {
    path: 'sandbox.prefix',
    type: {
      kind: 'string',
      pattern: /^[a-z][a-z0-9]{0,4}-$/,
      patternHint: 'a short lowercase prefix ending in "-", like zm-',
    },
    default: 'zm-',
    doc: 'prefix of every namespace, bridge and veth the sandbox creates',
  },
  {
    path: 'sandbox.bridge',
    type: {
      kind: 'string',
      pattern: /^[a-z][a-z0-9-]{0,14}$/,
      patternHint: 'a Linux interface name of at most 15 characters',
    },
    default: undefined,
    doc: 'sandbox bridge name (default: <prefix>br)',
  },
  {
    path: 'sandbox.hosts',
    type: {
      kind: 'string',
      pattern: /^(web|db|workstation|attacker)(,(web|db|workstation|attacker)){0,11}$/,
      patternHint: 'a comma-separated list of roles (web, db, workstation, attacker), at most 12',
    },
    default: 'web,db,workstation,attacker',
    doc: 'roles of the sandbox hosts, one host per entry',
  },
  {
    path: 'capture.interface',
    type: { kind: 'string', pattern: /^[A-Za-z0-9_.-]{1,15}$/, patternHint: 'a network interface name' },
    default: undefined,
    doc: 'interface tshark captures on (default: the sandbox bridge)',
  },
  {
    path: 'capture.snaplen',
    type: int(64, 65535),
    default: 256,
    doc: 'bytes captured per packet (headers are enough for the capture fields)',
  },
  { path: 'capture.bufferMb', type: int(1, 1024), default: 64, doc: 'kernel capture buffer of tshark (-B)' },
  {
    path: 'capture.lingerMs',
    type: int(0, 5_000),
    default: 20,
    doc: 'how long kcat batches packets before sending (linger.ms)',
  },
  {
    path: 'connectors.dir',
    type: str,
    default: 'connectors',
    doc: 'directory of the connector configs (*.json) `ziem connectors apply` deploys',
  },
  {
    path: 'connectors.timeoutMs',
    type: int(1_000, 3_600_000),
    default: 120_000,
    doc: 'how long `ziem connectors` waits for a connector and its tasks to be RUNNING',
  },
  {
    path: 'graph.windowRetentionMs',
    type: int(60_000, 3_650 * 86_400_000),
    default: 86_400_000,
    doc: 'how long the graph keeps per-window FlowWindow nodes before `ziem graph compact` folds them into TALKS_TO',
  },
  {
    path: 'graph.compactBatchSize',
    type: int(1, 10_000),
    default: 5_000,
    doc: 'FlowWindow nodes `ziem graph compact` folds in one transaction',
  },
  {
    path: 'deploy.warmupTimeoutMs',
    type: int(30_000, 3_600_000),
    default: 600_000,
    doc: 'how long `ziem deploy` records normal traffic for the first model before giving up',
  },
  // external target and every Kafka client: how ziem reaches a Kafka it did not start
  {
    path: 'kafka.securityProtocol',
    type: { kind: 'enum', values: ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] },
    default: 'PLAINTEXT',
    doc: "Kafka clients' security.protocol (SASL password from ZIEM_KAFKA_PASSWORD)",
  },
  {
    path: 'kafka.saslMechanism',
    type: { kind: 'enum', values: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] },
    default: 'PLAIN',
    doc: 'SASL mechanism with a SASL_* securityProtocol',
  },
  { path: 'kafka.user', type: str, default: undefined, doc: 'SASL user with a SASL_* securityProtocol' },
  {
    path: 'kafka.caFile',
    type: str,
    default: undefined,
    doc: "PEM file of the CA that signed the brokers' certificates (SSL, SASL_SSL)",
  },
  // compose target (compose/, cli/targets/compose): the rendered docker-compose.yml
  {
    path: 'compose.project',
    type: {
      kind: 'string',
      pattern: /^[a-z0-9][a-z0-9_-]{0,62}$/,
      patternHint: 'a compose project name (a-z, 0-9, _, -)',
    },
    default: 'ziem',
    doc: 'docker compose project name (prefixes containers, networks and volumes)',
  },
  {
    path: 'compose.confluentTag',
    type: pinnedTag,
    default: '7.7.1',
    doc: "tag of Confluent's cp-kafka, cp-ksqldb-server and cp-kafka-connect images",
  },
  {
    path: 'compose.neo4jTag',
    type: pinnedTag,
    default: '5.26.19-community',
    doc: 'tag of the neo4j image (5.26 only: 2025.x needs Java 21)',
  },
  {
    path: 'compose.neo4jConnectorVersion',
    type: pinnedTag,
    default: '5.1.1',
    doc: "Neo4j's Kafka connector (Confluent Hub neo4j/kafka-connect-neo4j) installed into the Connect image",
  },
  {
    path: 'compose.nodeTag',
    type: pinnedTag,
    default: '20.18.1-bookworm-slim',
    doc: 'tag of the model server base image (node)',
  },
  {
    path: 'compose.debianTag',
    type: pinnedTag,
    default: '12.8-slim',
    doc: 'tag of the sandbox host base image (debian)',
  },
  // --gcp target (terraform/gcp): written to terraform.tfvars.json by cli/clients/terraform/gcp-tfvars.ts
  {
    path: 'gcp.project',
    type: { kind: 'string', pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, patternHint: 'a Google Cloud project ID' },
    default: undefined,
    doc: 'Google Cloud project the gcp target creates its sandbox in',
  },
  {
    path: 'gcp.region',
    type: { kind: 'string', pattern: /^[a-z]+-[a-z]+\d+$/, patternHint: 'a region such as europe-west1' },
    default: 'europe-west1',
    doc: 'region of the gcp sandbox',
  },
  {
    path: 'gcp.zone',
    type: { kind: 'string', pattern: /^[a-z]+-[a-z]+\d+-[a-z]$/, patternHint: 'a zone such as europe-west1-b' },
    default: 'europe-west1-b',
    doc: 'zone of the gcp sandbox VMs',
  },
  {
    path: 'gcp.sandboxName',
    type: { kind: 'string', pattern: /^[a-z][a-z0-9-]{0,19}$/, patternHint: '1-20 of a-z, 0-9 and -, from a letter' },
    default: 'ziem',
    doc: 'name of the gcp sandbox: prefixes and labels its resources, names its Terraform state',
  },
  {
    path: 'gcp.stateBucket',
    type: { kind: 'string', pattern: /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, patternHint: 'a GCS bucket name' },
    default: undefined,
    doc: 'GCS bucket of the Terraform state (default: local state under stateDir)',
  },
  {
    path: 'gcp.capture',
    type: { kind: 'enum', values: ['agent', 'mirroring'] },
    default: 'agent',
    doc: 'capture source on GCP: tshark agents on the sandbox VMs, or Packet Mirroring to a collector',
  },
  {
    path: 'gcp.sandboxMachineType',
    type: { kind: 'string', pattern: /^[a-z0-9]+-[a-z0-9-]+$/, patternHint: 'a machine type such as e2-small' },
    default: 'e2-small',
    doc: 'machine type of each gcp sandbox VM',
  },
  {
    path: 'gcp.stackMachineType',
    type: { kind: 'string', pattern: /^[a-z0-9]+-[a-z0-9-]+$/, patternHint: 'a machine type such as e2-standard-4' },
    default: 'e2-standard-4',
    doc: 'machine type of the gcp stack VM',
  },
  {
    path: 'gcp.lockTimeoutMs',
    type: int(0, 3_600_000),
    default: 60_000,
    doc: 'how long terraform waits for another run to release the state lock',
  },
];

/** kafka.port → ZIEM_KAFKA_PORT, modelServer.port → ZIEM_MODEL_SERVER_PORT. */
export function envNameFor(path: string): string {
  return (
    'ZIEM_' +
    path
      .replace(/\./g, '_')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toUpperCase()
  );
}
