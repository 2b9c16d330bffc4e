// Loads ziem.yaml, the ZIEM_* environment and flags into one frozen, typed Config.
// Precedence, highest first: flags > ZIEM_* environment > ziem.yaml > defaults.
// Every problem is collected (with file:line for the file) before one ConfigError is thrown.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Node } from 'yaml';
import { ConfigError } from '../../core/errors/ziem-error.js';
import { FIELDS, envNameFor, type FieldSpec, type TARGET_NAMES } from './fields.js';
import { checkValue } from './validate-value.js';
import { Secret } from '../../core/secret.js';
import type { ServerLimits } from '../../engine/server/server-limits.js';

export interface Config {
  readonly source: string | undefined;
  readonly target: (typeof TARGET_NAMES)[number];
  readonly stateDir: string;
  readonly bindHost: string;
  readonly kafka: {
    readonly port: number;
    readonly controllerPort: number;
    readonly heapMb: number;
    readonly bootstrap: string;
    readonly securityProtocol: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
    readonly saslMechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
    readonly user: string | undefined;
    readonly password: Secret | undefined;
    /** absolute, resolved against the working directory */
    readonly caFile: string | undefined;
  };
  readonly connect: { readonly port: number; readonly heapMb: number; readonly url: string };
  readonly neo4j: {
    readonly boltPort: number;
    readonly httpPort: number;
    readonly heapMb: number;
    readonly pageCacheMb: number;
    readonly user: string;
    /** The Bolt URL clients connect to. */
    readonly url: string;
    readonly password: Secret | undefined;
  };
  readonly ksql: {
    readonly url: string;
    readonly user: string | undefined;
    readonly password: Secret | undefined;
    readonly timeoutMs: number;
    readonly caFile: string | undefined;
    /** TLS of `ziem ksql serve`: PEM files, absolute, resolved against the working directory */
    readonly serverCertFile: string | undefined;
    readonly serverKeyFile: string | undefined;
    readonly serverKeyPassword: Secret | undefined;
    readonly migrationsDir: string;
    readonly serviceId: string;
    readonly commandTimeoutMs: number;
    readonly lockTimeoutMs: number;
    readonly engineDriver: 'memory' | 'kafka';
    readonly heapMb: number;
    /** The limits of `ziem ksql serve` (engine/server/server-limits.ts). */
    readonly serverLimits: ServerLimits;
  };
  readonly modelServer: {
    readonly port: number;
    readonly maxBatch: number;
    readonly maxBodyBytes: number;
    readonly pollIntervalMs: number;
    readonly token: Secret | undefined;
  };
  readonly ui: {
    readonly port: number;
    readonly internalCidrs: readonly string[];
    /** ZIEM_UI_TOKEN: the map's token when given (the compose container's); else ui-token.ts's file */
    readonly token: Secret | undefined;
  };
  readonly sandbox: {
    readonly cidr: string;
    readonly prefix: string;
    readonly bridge: string;
    readonly hosts: readonly string[];
  };
  readonly capture: {
    readonly topic: string;
    readonly interface: string;
    readonly snaplen: number;
    readonly bufferMb: number;
    readonly lingerMs: number;
  };
  readonly stack: {
    readonly startTimeoutMs: number;
    readonly stopTimeoutMs: number;
    readonly jarCacheDir: string | undefined;
  };
  /** `dir` is absolute, resolved against the working directory. */
  readonly connectors: { readonly dir: string; readonly timeoutMs: number };
  readonly deploy: { readonly warmupTimeoutMs: number };
  readonly gcp: {
    readonly project: string | undefined;
    readonly region: string;
    readonly zone: string;
    readonly sandboxName: string;
    readonly stateBucket: string | undefined;
    readonly capture: 'agent' | 'mirroring';
    readonly sandboxMachineType: string;
    readonly stackMachineType: string;
    readonly lockTimeoutMs: number;
  };
  readonly graph: { readonly windowRetentionMs: number; readonly compactBatchSize: number };
  readonly compose: {
    readonly project: string;
    readonly confluentTag: string;
    readonly neo4jTag: string;
    readonly neo4jConnectorVersion: string;
    readonly nodeTag: string;
    readonly debianTag: string;
  };
}

export interface LoadConfigInput {
  /** --config; when absent, ./ziem.yaml is read if it exists. */
  file?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** Flag values by field path, e.g. {"stateDir": "/tmp/x"}. */
  flags?: Readonly<Record<string, unknown>>;
  cwd: string;
}

type Values = Map<string, string | number | boolean>;

const BY_PATH = new Map(FIELDS.map((f) => [f.path, f]));

function readText(path: string, problems: string[]): string | undefined {
  try {
    if (statSync(path).isDirectory()) {
      problems.push(`${path}: is a directory, not a config file (give the path of a ziem.yaml)`);
      return undefined;
    }
    return readFileSync(path, 'utf8');
  } catch (e) {
    problems.push(`${path}: cannot read the config file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
}

function readFile(path: string, problems: string[], values: Values): void {
  const text = readText(path, problems);
  if (text === undefined) return;
  const lc = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic in the
  // file's size): duplicates are found below with a set instead.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const where = (n: Node | null | undefined): string => {
    const off = n?.range?.[0];
    return off === undefined ? path : `${path}:${lc.linePos(off).line}`;
  };
  for (const e of doc.errors) problems.push(`${path}:${lc.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  if (doc.errors.length > 0 || doc.contents === null) return;
  if (!isMap(doc.contents)) return void problems.push(`${path}:1: expected a mapping of settings`);
  const known = BY_PATH;
  const sections = new Set(FIELDS.filter((f) => f.path.includes('.')).map((f) => f.path.split('.')[0]));
  const walk = (node: Node, prefix: string): void => {
    if (!isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = prefix ? `${prefix}.${key}` : key;
      if (seen.has(key)) {
        problems.push(`${where(pair.key as Node)}: field ${path}: given twice`);
        continue;
      }
      seen.add(key);
      const value = pair.value as Node | null;
      if (!prefix && sections.has(key)) {
        if (value && isMap(value)) walk(value, key);
        else problems.push(`${where(pair.key as Node)}: field ${path}: expected a mapping`);
      } else if (!known.has(path)) {
        problems.push(`${where(pair.key as Node)}: field ${path}: unknown setting`);
      } else {
        const spec = BY_PATH.get(path) as FieldSpec;
        const raw = isScalar(value) ? value.value : value?.toJSON();
        const c = checkValue(spec.type, raw);
        if (c.ok) values.set(path, c.value);
        else problems.push(`${where(value ?? (pair.key as Node))}: field ${path}: ${c.problem}`);
      }
    }
  };
  walk(doc.contents, '');
}

function layer(
  label: (f: FieldSpec) => string,
  get: (f: FieldSpec) => unknown,
  problems: string[],
  values: Values,
): void {
  for (const f of FIELDS) {
    const raw = get(f);
    if (raw === undefined) continue;
    const c = checkValue(f.type, raw);
    if (c.ok) values.set(f.path, c.value);
    else problems.push(`${label(f)}: field ${f.path}: ${c.problem}`);
  }
}

function build(values: Values, env: LoadConfigInput['env'], cwd: string, source: string | undefined): Config {
  const v = <T>(p: string): T => (values.has(p) ? values.get(p) : FIELDS.find((f) => f.path === p)?.default) as T;
  const bindHost = v<string>('bindHost');
  const secret = (name: string): Secret | undefined => (env[name] ? new Secret(env[name] as string) : undefined);
  const optionalPath = (p: string): string | undefined =>
    v<string | undefined>(p) === undefined ? undefined : resolve(cwd, v<string>(p));
  return {
    source,
    target: v('target'),
    stateDir: resolve(cwd, v<string>('stateDir')),
    bindHost,
    kafka: {
      port: v('kafka.port'),
      controllerPort: v('kafka.controllerPort'),
      heapMb: v('kafka.heapMb'),
      bootstrap: v<string | undefined>('kafka.bootstrap') ?? `${bindHost}:${v<number>('kafka.port')}`,
      securityProtocol: v('kafka.securityProtocol'),
      saslMechanism: v('kafka.saslMechanism'),
      user: v('kafka.user'),
      password: secret('ZIEM_KAFKA_PASSWORD'),
      caFile: v<string | undefined>('kafka.caFile') === undefined ? undefined : resolve(cwd, v<string>('kafka.caFile')),
    },
    connect: {
      port: v('connect.port'),
      heapMb: v('connect.heapMb'),
      url: v<string | undefined>('connect.url') ?? `http://${bindHost}:${v<number>('connect.port')}`,
    },
    neo4j: {
      boltPort: v('neo4j.boltPort'),
      httpPort: v('neo4j.httpPort'),
      heapMb: v('neo4j.heapMb'),
      pageCacheMb: v('neo4j.pageCacheMb'),
      user: v('neo4j.user'),
      url: v<string | undefined>('neo4j.url') ?? `bolt://${bindHost}:${v<number>('neo4j.boltPort')}`,
      password: secret('ZIEM_NEO4J_PASSWORD'),
    },
    ksql: {
      url: v('ksql.url'),
      user: v('ksql.user'),
      password: secret('ZIEM_KSQL_PASSWORD'),
      timeoutMs: v('ksql.timeoutMs'),
      caFile: v<string | undefined>('ksql.caFile') === undefined ? undefined : resolve(cwd, v<string>('ksql.caFile')),
      serverCertFile: optionalPath('ksql.serverCertFile'),
      serverKeyFile: optionalPath('ksql.serverKeyFile'),
      serverKeyPassword: secret('ZIEM_KSQL_SERVER_KEY_PASSWORD'),
      migrationsDir: resolve(cwd, v<string>('ksql.migrationsDir')),
      serviceId: v('ksql.serviceId'),
      commandTimeoutMs: v('ksql.commandTimeoutMs'),
      lockTimeoutMs: v('ksql.lockTimeoutMs'),
      engineDriver: v('ksql.engineDriver'),
      heapMb: v('ksql.heapMb'),
      serverLimits: {
        maxRequestBytes: v('ksql.maxRequestBytes'),
        maxStatements: v('ksql.maxStatements'),
        maxVariableExpansionBytes: v('ksql.maxVariableExpansionBytes'),
        maxExpressionDepth: v('ksql.maxExpressionDepth'),
        maxInsertLineBytes: v('ksql.maxInsertLineBytes'),
        maxPushBufferBytes: v('ksql.maxPushBufferBytes'),
      },
    },
    modelServer: {
      port: v('modelServer.port'),
      maxBatch: v('modelServer.maxBatch'),
      maxBodyBytes: v('modelServer.maxBodyBytes'),
      pollIntervalMs: v('modelServer.pollIntervalMs'),
      token: secret('ZIEM_MODEL_TOKEN'),
    },
    ui: {
      port: v('ui.port'),
      internalCidrs: (v<string | undefined>('ui.internalCidrs') ?? v<string>('sandbox.cidr')).split(','),
      token: secret('ZIEM_UI_TOKEN'),
    },
    sandbox: {
      cidr: v('sandbox.cidr'),
      prefix: v('sandbox.prefix'),
      bridge: v<string | undefined>('sandbox.bridge') ?? `${v<string>('sandbox.prefix')}br`,
      hosts: v<string>('sandbox.hosts').split(','),
    },
    capture: {
      topic: v('capture.topic'),
      interface:
        v<string | undefined>('capture.interface') ??
        v<string | undefined>('sandbox.bridge') ??
        `${v<string>('sandbox.prefix')}br`,
      snaplen: v('capture.snaplen'),
      bufferMb: v('capture.bufferMb'),
      lingerMs: v('capture.lingerMs'),
    },
    stack: {
      startTimeoutMs: v('stack.startTimeoutMs'),
      stopTimeoutMs: v('stack.stopTimeoutMs'),
      jarCacheDir:
        v<string | undefined>('stack.jarCacheDir') === undefined
          ? undefined
          : resolve(cwd, v<string>('stack.jarCacheDir')),
    },
    connectors: { dir: resolve(cwd, v<string>('connectors.dir')), timeoutMs: v('connectors.timeoutMs') },
    deploy: { warmupTimeoutMs: v('deploy.warmupTimeoutMs') },
    gcp: {
      project: v('gcp.project'),
      region: v('gcp.region'),
      zone: v('gcp.zone'),
      sandboxName: v('gcp.sandboxName'),
      stateBucket: v('gcp.stateBucket'),
      capture: v('gcp.capture'),
      sandboxMachineType: v('gcp.sandboxMachineType'),
      stackMachineType: v('gcp.stackMachineType'),
      lockTimeoutMs: v('gcp.lockTimeoutMs'),
    },
    graph: { windowRetentionMs: v('graph.windowRetentionMs'), compactBatchSize: v('graph.compactBatchSize') },
    compose: {
      project: v('compose.project'),
      confluentTag: v('compose.confluentTag'),
      neo4jTag: v('compose.neo4jTag'),
      neo4jConnectorVersion: v('compose.neo4jConnectorVersion'),
      nodeTag: v('compose.nodeTag'),
      debianTag: v('compose.debianTag'),
    },
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !(o instanceof Secret)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function localPortClashes(c: Config): string[] {
  const ports: Array<[string, number]> = [
    ['kafka.port', c.kafka.port],
    ['kafka.controllerPort', c.kafka.controllerPort],
    ['connect.port', c.connect.port],
    ['neo4j.boltPort', c.neo4j.boltPort],
    ['neo4j.httpPort', c.neo4j.httpPort],
    ['modelServer.port', c.modelServer.port],
    ['ui.port', c.ui.port],
  ];
  const out: string[] = [];
  for (let i = 0; i < ports.length; i++)
    for (let j = i + 1; j < ports.length; j++)
      if (ports[i]![1] === ports[j]![1])
        out.push(`fields ${ports[i]![0]} and ${ports[j]![0]}: both use port ${ports[i]![1]}`);
  return out;
}

export function loadConfig(input: LoadConfigInput): Config {
  const problems: string[] = [];
  const values: Values = new Map();
  const explicit = input.file ?? input.env['ZIEM_CONFIG'];
  const path = explicit ? resolve(input.cwd, explicit) : resolve(input.cwd, 'ziem.yaml');
  let source: string | undefined;
  if (existsSync(path)) {
    source = path;
    readFile(path, problems, values);
  } else if (explicit) {
    problems.push(`${path}: config file not found`);
  }
  layer(
    (f) => `environment ${envNameFor(f.path)}`,
    (f) => input.env[envNameFor(f.path)],
    problems,
    values,
  );
  layer(
    (f) => `flag for ${f.path}`,
    (f) => input.flags?.[f.path],
    problems,
    values,
  );
  const config = build(values, input.env, input.cwd, source);
  problems.push(...localPortClashes(config));
  if (problems.length > 0)
    throw new ConfigError(problems, {
      hint: 'fix the settings named above; `ziem config show` prints the effective configuration',
    });
  return deepFreeze(config);
}
