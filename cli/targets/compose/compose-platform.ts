// The platform's services in the compose file: Kafka (KRaft, one node), Neo4j, Kafka Connect with
// Neo4j's connector, Confluent's ksqlDB server with ziem's UDF jar, and the model server. Ports,
// heaps and tags come from the Config; every published port binds ${ZIEM_BIND_ADDRESS}, by default
// the configured loopback address. Secrets are never written here: Neo4j's password is read from
// the .env file beside the compose file (NEO4J_PASSWORD), which is never committed.
import type { Config } from '../../config/config.js';
import { ksqlPort } from '../../stack/component-ksql.js';
import { confluentEnvName } from './confluent-env.js';
import { udfJarName, udfJarPath, type ComposePaths } from './compose-paths.js';
import { kafkaSandboxAddress, KAFKA_SANDBOX_PORT, PLATFORM_NET, SANDBOX_NET } from './compose-networks.js';

export type Service = Record<string, unknown>;

/** In-network addresses of the platform, as the containers reach each other. */
export const INTERNAL = {
  kafka: 'kafka:29092',
  connect: 'http://connect:8083',
  neo4j: 'bolt://neo4j:7687',
  model: 'http://model-server:8501',
} as const;
const KAFKA_CONTROLLER = 'kafka:29093';
const KSQL_EXT_DIR = '/etc/ksqldb/ext';
/** A fixed KRaft cluster id (16 bytes, base64url): the project's one node formats its volume with it. */
const KAFKA_CLUSTER_ID = 'zIeMc0mp0seKafka1nodeA';

export const bind = (c: Config, host: number, container: number): string =>
  `\${ZIEM_BIND_ADDRESS:-${c.bindHost}}:${host}:${container}`;

export function healthcheck(test: string[], startSeconds: number): Record<string, unknown> {
  return { test, interval: '5s', timeout: '5s', retries: 30, start_period: `${startSeconds}s` };
}

export const healthy = (...names: string[]): Record<string, { condition: string }> =>
  Object.fromEntries(names.map((n) => [n, { condition: 'service_healthy' }]));

const heap = (mb: number): string => `-Xms${mb}m -Xmx${mb}m`;

function kafka(c: Config): Service {
  const port = c.kafka.port;
  return {
    image: `confluentinc/cp-kafka:${c.compose.confluentTag}`,
    hostname: 'kafka',
    environment: {
      CLUSTER_ID: KAFKA_CLUSTER_ID,
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@${KAFKA_CONTROLLER}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_LISTENERS: `INTERNAL://0.0.0.0:29092,CONTROLLER://0.0.0.0:29093,EXTERNAL://0.0.0.0:${port},SANDBOX://0.0.0.0:${KAFKA_SANDBOX_PORT}`,
      // EXTERNAL is what this machine (or, on the gcp stack VM, the sandbox VMs) dials
      KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${INTERNAL.kafka},EXTERNAL://\${ZIEM_ADVERTISED_HOST:-${c.bindHost}}:${port},SANDBOX://${kafkaSandboxAddress(c)}:${KAFKA_SANDBOX_PORT}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
        'INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT,SANDBOX:PLAINTEXT',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_HEAP_OPTS: heap(c.kafka.heapMb),
    },
    ports: [bind(c, port, port)],
    volumes: ['kafka-data:/var/lib/kafka/data'],
    networks: { [PLATFORM_NET]: {}, [SANDBOX_NET]: { ipv4_address: kafkaSandboxAddress(c) } },
    healthcheck: healthcheck(['CMD', 'kafka-broker-api-versions', '--bootstrap-server', INTERNAL.kafka], 20),
  };
}

function neo4j(c: Config): Service {
  // the image's convention: NEO4J_ + setting with `.` → `_` and `_` → `__`
  return {
    image: `neo4j:${c.compose.neo4jTag}`,
    hostname: 'neo4j',
    environment: {
      NEO4J_AUTH: 'neo4j/${NEO4J_PASSWORD:?NEO4J_PASSWORD must be set in the .env file beside this compose file}',
      NEO4J_server_memory_heap_initial__size: `${c.neo4j.heapMb}m`,
      NEO4J_server_memory_heap_max__size: `${c.neo4j.heapMb}m`,
      NEO4J_server_memory_pagecache_size: `${c.neo4j.pageCacheMb}m`,
    },
    ports: [bind(c, c.neo4j.boltPort, 7687), bind(c, c.neo4j.httpPort, 7474)],
    volumes: ['neo4j-data:/data'],
    networks: [PLATFORM_NET],
    healthcheck: healthcheck(['CMD-SHELL', 'wget -q -O /dev/null http://localhost:7474 || exit 1'], 30),
  };
}

function connect(c: Config, p: ComposePaths): Service {
  return {
    image: `ziem/connect-neo4j:${c.compose.confluentTag}-${c.compose.neo4jConnectorVersion}`,
    build: {
      context: `${p.root}/compose/connect`,
      args: { CONFLUENT_TAG: c.compose.confluentTag, NEO4J_CONNECTOR_VERSION: c.compose.neo4jConnectorVersion },
    },
    hostname: 'connect',
    environment: {
      CONNECT_BOOTSTRAP_SERVERS: INTERNAL.kafka,
      CONNECT_REST_PORT: '8083',
      CONNECT_REST_ADVERTISED_HOST_NAME: 'connect',
      CONNECT_GROUP_ID: 'ziem-connect',
      CONNECT_CONFIG_STORAGE_TOPIC: 'ziem-connect-configs',
      CONNECT_OFFSET_STORAGE_TOPIC: 'ziem-connect-offsets',
      CONNECT_STATUS_STORAGE_TOPIC: 'ziem-connect-status',
      CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: '1',
      CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR: '1',
      CONNECT_STATUS_STORAGE_REPLICATION_FACTOR: '1',
      CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.converters.ByteArrayConverter',
      CONNECT_VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
      CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: 'false',
      CONNECT_PLUGIN_PATH: '/usr/share/java,/usr/share/confluent-hub-components',
      // the connectors' ${env:ZIEM_NEO4J_*} placeholders are resolved here, by the worker: ziem
      // sends the placeholders, so the password is in neither Connect's REST API nor its topics
      CONNECT_CONFIG_PROVIDERS: 'env',
      CONNECT_CONFIG_PROVIDERS_ENV_CLASS: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      ZIEM_NEO4J_URI: INTERNAL.neo4j,
      ZIEM_NEO4J_USER: c.neo4j.user,
      ZIEM_NEO4J_PASSWORD: '${NEO4J_PASSWORD}',
      KAFKA_HEAP_OPTS: heap(c.connect.heapMb),
    },
    ports: [bind(c, c.connect.port, 8083)],
    networks: [PLATFORM_NET],
    depends_on: healthy('kafka', 'neo4j'),
    healthcheck: healthcheck(['CMD', 'curl', '-fsS', '-o', '/dev/null', 'http://localhost:8083/connectors'], 30),
  };
}

/** The ksqlDB server properties ziem sets; the environment names derive from them (confluent-env.ts). */
export function ksqlProperties(c: Config): Record<string, string> {
  return {
    listeners: 'http://0.0.0.0:8088',
    'bootstrap.servers': INTERNAL.kafka,
    'ksql.service.id': c.ksql.serviceId,
    'ksql.extension.dir': KSQL_EXT_DIR,
    'ksql.connect.url': INTERNAL.connect,
    'ksql.functions.anomaly_score.url': INTERNAL.model,
    'ksql.functions.anomaly_score.token': '${ZIEM_MODEL_TOKEN:-}',
    // ATTACK_CLASS (the supervised classifier, model attack-class) from the same jar and server
    'ksql.functions.attack_class.url': INTERNAL.model,
    'ksql.functions.attack_class.token': '${ZIEM_MODEL_TOKEN:-}',
    'ksql.internal.topic.replicas': '1',
    'ksql.streams.replication.factor': '1',
    'ksql.logging.processing.topic.replication.factor': '1',
    'ksql.logging.processing.topic.auto.create': 'true',
    'ksql.logging.processing.stream.auto.create': 'true',
  };
}

function ksqldb(c: Config, p: ComposePaths): Service {
  const props = Object.entries(ksqlProperties(c)).map(([k, v]) => [confluentEnvName('KSQL_', k), v]);
  const port = ksqlPort(c);
  return {
    image: `confluentinc/cp-ksqldb-server:${c.compose.confluentTag}`,
    hostname: 'ksqldb',
    environment: { ...Object.fromEntries(props), KSQL_HEAP_OPTS: heap(c.ksql.heapMb) },
    ports: [bind(c, port, 8088)],
    volumes: [`${udfJarPath(p.root)}:${KSQL_EXT_DIR}/${udfJarName()}:ro`],
    networks: [PLATFORM_NET],
    depends_on: healthy('kafka', 'connect'),
    healthcheck: healthcheck(['CMD', 'curl', '-fsS', '-o', '/dev/null', 'http://localhost:8088/info'], 30),
  };
}

function modelServer(c: Config, p: ComposePaths): Service {
  const probe = "fetch('http://127.0.0.1:8501/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))";
  return {
    image: `ziem/model-server:${c.compose.nodeTag}`,
    build: { context: p.root, dockerfile: 'compose/model-server/Dockerfile', args: { NODE_TAG: c.compose.nodeTag } },
    hostname: 'model-server',
    command: ['model', 'serve', '--models', '/models', '--host', '0.0.0.0', '--port', '8501'],
    environment: { ZIEM_MODEL_TOKEN: '${ZIEM_MODEL_TOKEN:-}' },
    ports: [bind(c, c.modelServer.port, 8501)],
    volumes: [`${p.models}:/models:ro`],
    networks: [PLATFORM_NET],
    healthcheck: healthcheck(['CMD', 'node', '-e', probe], 10),
  };
}

export function platformServices(c: Config, p: ComposePaths): Record<string, Service> {
  return {
    kafka: kafka(c),
    neo4j: neo4j(c),
    connect: connect(c, p),
    ksqldb: ksqldb(c, p),
    'model-server': modelServer(c, p),
  };
}
