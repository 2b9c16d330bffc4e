// The compose file as ziem renders it: Debian's docker-compose (v1.29, which validates offline)
// accepts it; compose/docker-compose.yml is the rendering of the defaults; every image is pinned;
// the UDF jar mount is the jar Maven writes; the published ports are the config's; the ksqlDB
// environment decodes (by Confluent's convention) to exactly the properties ziem sets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../cli/config/config.js';
import { renderCompose } from '../../../cli/targets/compose/compose-file.js';
import { ksqlProperties } from '../../../cli/targets/compose/compose-platform.js';
import { confluentEnvName } from '../../../cli/targets/compose/confluent-env.js';
import { projectRoot } from '../../../cli/stack/layout.js';

const made: string[] = [];
/** A temporary directory removed when the file's tests end. */
function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const root = projectRoot();
/** Debian's docker-compose 1.29: validates compose files offline, no engine needed */
const COMPOSE_V1 = 'docker-compose';
const committed = join(root, 'compose', 'docker-compose.yml');
const COMMITTED_PATHS = { root: '..', models: './models', sandboxDir: '/opt/ziem/sandbox' };

interface Doc {
  services: Record<
    string,
    { image: string; environment?: Record<string, string>; ports?: string[]; volumes?: string[] }
  >;
}

/** `docker-compose config` of a compose file (in place) with an env file; returns the resolved document. */
function composeConfig(file: string, profile = true): Doc {
  const dir = tmp('ziem-compose-');
  writeFileSync(join(dir, 'env'), 'NEO4J_PASSWORD=not-a-real-one\nZIEM_UI_TOKEN=not-a-real-token\n', { mode: 0o600 });
  const args = ['-f', file, '--env-file', join(dir, 'env'), ...(profile ? ['--profile', 'sandbox'] : [])];
  execFileSync(COMPOSE_V1, [...args, 'config', '-q'], { stdio: 'pipe' });
  return parse(execFileSync(COMPOSE_V1, [...args, 'config'], { encoding: 'utf8' })) as Doc;
}

/** The rendering written where ziem writes it (a compose directory of its own). */
function written(text: string): string {
  const file = join(tmp('ziem-compose-'), 'docker-compose.yml');
  writeFileSync(file, text);
  return file;
}

describe('the rendered compose file', () => {
  const defaults = loadConfig({ env: {}, cwd: '/tmp/ziem-compose-defaults' });

  it('is what compose/docker-compose.yml holds (the rendering of the defaults)', () => {
    const text = renderCompose(defaults, COMMITTED_PATHS);
    if (process.env['ZIEM_WRITE_COMPOSE'] === '1') writeFileSync(committed, text);
    expect(readFileSync(committed, 'utf8')).toBe(text);
  });

  it('passes docker-compose config -q, with and without the sandbox profile', () => {
    // v1 lists profiled services either way; the profile is what keeps the sandbox off a stack VM
    const doc = composeConfig(committed, false) as unknown as { services: Record<string, { profiles?: string[] }> };
    const platform = Object.entries(doc.services)
      .filter(([, s]) => !s.profiles)
      .map(([n]) => n);
    expect(platform.sort()).toEqual(['connect', 'kafka', 'ksqldb', 'model-server', 'neo4j', 'ui']);
    for (const [n, s] of Object.entries(doc.services)) if (s.profiles) expect(s.profiles, n).toEqual(['sandbox']);
    expect(Object.keys(composeConfig(committed).services)).toContain('capture-attacker');
  });

  it('fails docker-compose config without NEO4J_PASSWORD or ZIEM_UI_TOKEN (required, never defaulted)', () => {
    const configWith = (env: Record<string, string>): void =>
      void execFileSync(COMPOSE_V1, ['-f', committed, 'config', '-q'], {
        stdio: 'pipe',
        env: { PATH: process.env['PATH'], ...env },
      });
    expect(() => configWith({ ZIEM_UI_TOKEN: 't' })).toThrow(/NEO4J_PASSWORD/);
    expect(() => configWith({ NEO4J_PASSWORD: 'p' })).toThrow(/ZIEM_UI_TOKEN/);
    expect(() => configWith({ NEO4J_PASSWORD: 'p', ZIEM_UI_TOKEN: 't' })).not.toThrow();
  });

  it('pins every image by a tag that names a release', () => {
    const doc = composeConfig(committed);
    for (const [name, s] of Object.entries(doc.services)) {
      expect(s.image, name).toMatch(/^[a-z0-9/._-]+:(?!latest$)[A-Za-z0-9_.-]*\d[A-Za-z0-9_.-]*$/);
    }
    // the Dockerfiles' base images take their tags from the build arguments only
    for (const f of ['connect/Dockerfile', 'model-server/Dockerfile', 'sandbox/Dockerfile']) {
      const from = readFileSync(join(root, 'compose', f), 'utf8').match(/^FROM .*$/gm) ?? [];
      expect(from.length, f).toBe(1);
      expect(from[0], f).toMatch(/^FROM [a-z/-]+:\$\{[A-Z_]+\}$/);
    }
  });

  it("uses the same Neo4j version as the local target's jars", () => {
    const pom = readFileSync(join(root, 'local', 'pom.xml'), 'utf8');
    const local = /<neo4j\.version>([^<]+)</.exec(pom)?.[1];
    expect(defaults.compose.neo4jTag).toBe(`${local}-community`);
  });

  it('mounts the UDF jar at the path `mvn -f udf-bridge/java/pom.xml verify` writes', () => {
    const pom = readFileSync(join(root, 'udf-bridge', 'java', 'pom.xml'), 'utf8').split('<dependencies>')[0]!;
    const jar = `${/<artifactId>([^<]+)</.exec(pom)![1]}-${/<version>([^<]+)</.exec(pom)![1]}.jar`;
    const doc = composeConfig(committed);
    const mount = doc.services['ksqldb']!.volumes!.find((v) => v.includes('.jar'))!;
    expect(mount).toBe(`${join(root, 'udf-bridge', 'java', 'target', jar)}:/etc/ksqldb/ext/${jar}:ro`);
  });

  it('publishes the config default ports on 127.0.0.1 only', () => {
    const doc = composeConfig(committed);
    const published = Object.fromEntries(
      Object.entries(doc.services)
        .filter(([, s]) => s.ports)
        .map(([n, s]) => [n, s.ports!.map(String)]),
    );
    const ksql = Number(new URL(defaults.ksql.url).port);
    expect(published).toEqual({
      kafka: [`127.0.0.1:${defaults.kafka.port}:${defaults.kafka.port}/tcp`],
      neo4j: [`127.0.0.1:${defaults.neo4j.boltPort}:7687/tcp`, `127.0.0.1:${defaults.neo4j.httpPort}:7474/tcp`],
      connect: [`127.0.0.1:${defaults.connect.port}:8083/tcp`],
      ksqldb: [`127.0.0.1:${ksql}:8088/tcp`],
      'model-server': [`127.0.0.1:${defaults.modelServer.port}:8501/tcp`],
      ui: [`127.0.0.1:${defaults.ui.port}:8080/tcp`],
    });
  });

  it('runs the map after a healthy Kafka and Neo4j, with its token and the password from the .env only', () => {
    const doc = composeConfig(committed) as unknown as {
      services: Record<string, Record<string, unknown> & { environment: Record<string, string> }>;
    };
    const ui = doc.services['ui']!;
    expect(ui['depends_on']).toEqual({
      kafka: { condition: 'service_healthy' },
      neo4j: { condition: 'service_healthy' },
    });
    expect((ui['healthcheck'] as { test: string[] }).test.join(' ')).toContain('/api/health');
    // bound to 0.0.0.0 in its container: `ziem ui` then requires the token, which the .env gives it
    expect(ui['command']).toEqual(['ui', '--host', '0.0.0.0', '--port', '8080']);
    expect(ui.environment['ZIEM_UI_TOKEN']).toBe('not-a-real-token');
    expect(ui.environment['ZIEM_NEO4J_PASSWORD']).toBe('not-a-real-one');
    expect(ui.environment['ZIEM_NEO4J_URL']).toBe('bolt://neo4j:7687');
    expect(ui.environment['ZIEM_KAFKA_BOOTSTRAP']).toBe('kafka:29092');
    // the file itself holds references, never a value
    const text = readFileSync(committed, 'utf8');
    expect(text).toContain('ZIEM_NEO4J_PASSWORD: ${NEO4J_PASSWORD}');
    expect(text).toMatch(/ZIEM_UI_TOKEN: \$\{ZIEM_UI_TOKEN:\?/);
  });

  it('renders ziem.yaml settings: ports, heaps and tags, with validation', () => {
    const dir = tmp('ziem-compose-cfg-');
    writeFileSync(
      join(dir, 'ziem.yaml'),
      'kafka:\n  port: 19092\n  heapMb: 700\nksql:\n  url: http://127.0.0.1:18088\n  heapMb: 900\ncompose:\n  confluentTag: 7.6.2\n',
    );
    const c = loadConfig({ env: { ZIEM_NEO4J_HEAP_MB: '640' }, cwd: dir });
    const doc = composeConfig(
      written(renderCompose(c, { root, models: join(dir, 'models'), sandboxDir: join(dir, 'sandbox') })),
    );
    expect(doc.services['kafka']!.ports).toEqual(['127.0.0.1:19092:19092/tcp']);
    expect(doc.services['kafka']!.environment!['KAFKA_HEAP_OPTS']).toBe('-Xms700m -Xmx700m');
    expect(doc.services['ksqldb']!.environment!['KSQL_HEAP_OPTS']).toBe('-Xms900m -Xmx900m');
    expect(doc.services['ksqldb']!.ports).toEqual(['127.0.0.1:18088:8088/tcp']);
    expect(doc.services['neo4j']!.environment!['NEO4J_server_memory_heap_max__size']).toBe('640m');
    expect(doc.services['ksqldb']!.image).toBe('confluentinc/cp-ksqldb-server:7.6.2');
    writeFileSync(join(dir, 'ziem.yaml'), 'compose:\n  neo4jTag: latest\n');
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(
      /ziem\.yaml:2: field compose\.neo4jTag: .*pinned image tag/,
    );
  });
});

describe('the gcp stack VM contract (terraform/gcp/scripts/stack-vm.sh)', () => {
  const script = readFileSync(join(root, 'terraform/gcp/scripts/stack-vm.sh'), 'utf8');
  const writeEnv = script.slice(script.indexOf('write_env()'), script.indexOf('install_unit()'));

  it('writes every variable the compose file requires, and the file reads nothing else', () => {
    const written = new Set([...writeEnv.matchAll(/echo "([A-Z0-9_]+)=/g)].map((m) => m[1]));
    for (const v of ['NEO4J_PASSWORD', 'ZIEM_UI_TOKEN']) if (writeEnv.includes(`${v}=`)) written.add(v);
    const text = readFileSync(committed, 'utf8');
    const used = new Set([...text.matchAll(/\$\{([A-Z0-9_]+)[:}]/g)].map((m) => m[1]));
    const required = new Set([...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]));
    expect([...required].sort()).toEqual(['NEO4J_PASSWORD', 'ZIEM_UI_TOKEN']);
    for (const v of required) expect(written.has(v), v).toBe(true);
    expect([...used].sort()).toEqual([
      'NEO4J_PASSWORD',
      'ZIEM_ADVERTISED_HOST',
      'ZIEM_BIND_ADDRESS',
      'ZIEM_MODEL_TOKEN',
      'ZIEM_UI_TOKEN',
    ]);
    expect([...written].sort()).toEqual([
      'NEO4J_PASSWORD',
      'ZIEM_ADVERTISED_HOST',
      'ZIEM_BIND_ADDRESS',
      'ZIEM_UI_TOKEN',
    ]);
  });

  it("with the VM's .env, Kafka is advertised and published on the VM's address, port 9092", () => {
    const dir = tmp('ziem-compose-vm-');
    writeFileSync(
      join(dir, 'env'),
      'ZIEM_ADVERTISED_HOST=10.10.1.10\nZIEM_BIND_ADDRESS=10.10.1.10\nNEO4J_PASSWORD=x\nZIEM_UI_TOKEN=y\n',
    );
    const doc = parse(
      execFileSync(COMPOSE_V1, ['-f', committed, '--env-file', join(dir, 'env'), 'config'], { encoding: 'utf8' }),
    ) as Doc;
    const kafka = doc.services['kafka']!;
    expect(kafka.ports).toEqual(['10.10.1.10:9092:9092/tcp']);
    expect(kafka.environment!['KAFKA_ADVERTISED_LISTENERS']).toContain('EXTERNAL://10.10.1.10:9092');
    // the map too, on the port the IAP tunnel list (terraform's stack_ports.ui) names
    expect(doc.services['ui']!.ports).toEqual(['10.10.1.10:8080:8080/tcp']);
    const tfvars = readFileSync(join(root, 'terraform/gcp/variables.tf'), 'utf8');
    expect(tfvars).toMatch(/ui\s+= 8080/);
  });
});

/** Confluent's images' rule, written out independently of cli/targets/compose/confluent-env.ts. */
function confluentDecode(prefix: string, name: string): string {
  return name
    .slice(prefix.length)
    .toLowerCase()
    .split('___')
    .map((part) =>
      part
        .split('__')
        .map((p) => p.replace(/_/g, '.'))
        .join('_'),
    )
    .join('-');
}

describe("Confluent's environment-name convention", () => {
  const defaults = loadConfig({ env: {}, cwd: '/tmp/ziem-compose-defaults' });
  // the variables the image reads itself rather than turning into properties
  const NOT_PROPERTIES = new Set(['KSQL_HEAP_OPTS']);

  it('decodes the ksqlDB service environment to exactly the properties ziem sets', () => {
    const env = composeConfig(committed).services['ksqldb']!.environment!;
    const decoded = Object.fromEntries(
      Object.entries(env)
        .filter(([k]) => k.startsWith('KSQL_') && !NOT_PROPERTIES.has(k))
        .map(([k, v]) => [confluentDecode('KSQL_', k), v]),
    );
    const wanted = {
      ...ksqlProperties(defaults),
      'ksql.functions.anomaly_score.token': '',
      'ksql.functions.attack_class.token': '',
    };
    expect(decoded).toEqual(wanted);
    expect(env['KSQL_KSQL_FUNCTIONS_ANOMALY__SCORE_URL']).toBe('http://model-server:8501');
    expect(env['KSQL_KSQL_SERVICE_ID']).toBe(defaults.ksql.serviceId);
  });

  it("names properties with `_` and `-` by the images' rule, and refuses what the rule cannot name", () => {
    expect(confluentEnvName('KSQL_', 'ksql.functions.anomaly_score.breaker.cooldown.ms')).toBe(
      'KSQL_KSQL_FUNCTIONS_ANOMALY__SCORE_BREAKER_COOLDOWN_MS',
    );
    expect(confluentEnvName('CONNECT_', 'a-b.c_d')).toBe('CONNECT_A___B_C__D');
    expect(confluentDecode('CONNECT_', confluentEnvName('CONNECT_', 'a-b.c_d'))).toBe('a-b.c_d');
    for (const bad of ['a._b', 'a.', '_a', 'A.b', 'a..b']) expect(() => confluentEnvName('KSQL_', bad), bad).toThrow();
  });

  it("sets only properties of the UDF jar's functions (udf-bridge/java), each one's url", () => {
    const dir = join(root, 'udf-bridge/java/src/main/java/dev/ziem/udf');
    const java = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const props = Object.keys(ksqlProperties(defaults)).filter((k) => k.startsWith('ksql.functions.'));
    const functions = new Set(props.map((k) => k.split('.')[2]!));
    expect([...functions].sort()).toEqual(['anomaly_score', 'attack_class']);
    for (const f of functions) {
      expect(java, f).toContain(`ksql.functions.${f}.`);
      expect(ksqlProperties(defaults)[`ksql.functions.${f}.url`]).toBe('http://model-server:8501');
    }
  });
});
