// Neo4j Community: neo4j.conf from local/templates, started through its community entry point with
// an explicit heap, auth on. A fresh database gets the password from neo4j-password.ts right after
// start; health = RETURN 1 over Bolt with that password.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pingNeo4j, setInitialPassword } from '../clients/neo4j-client.js';
import { StackError } from '../../core/errors/ziem-error.js';
import { classpath } from './jars.js';
import { healthy, javaCommand, jvmBase, unhealthy, type Component, type StackEnv } from './component.js';
import { neo4jPasswordFile, type ComponentPaths } from './layout.js';
import { ensureNeo4jPassword, readNeo4jPassword } from './neo4j-password.js';
import { markerArgs } from './processes.js';
import { renderLocalTemplate } from './templates.js';

/** Flags Neo4j's own launcher passes: it reaches into NIO internals for its page cache and Bolt. */
const NEO4J_JVM_FLAGS = [
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

const boltUrl = (env: StackEnv): string => `bolt://${env.config.bindHost}:${env.config.neo4j.boltPort}`;
// Neo4j 5 keeps users in the system database (no data/dbms/auth.ini): its folder existing means the
// initial password was already replaced on an earlier start.
const systemDatabase = (paths: ComponentPaths): string => join(paths.data, 'databases', 'system');
const freshMarker = (paths: ComponentPaths): string => join(paths.dir, 'password-pending');

async function waitForBolt(env: StackEnv, paths: ComponentPaths): Promise<void> {
  const password = ensureNeo4jPassword(env.config);
  env.secrets.push(password.reveal());
  // the first login fails until Bolt listens; the caller's health loop bounds the total wait
  for (let i = 0; ; i++) {
    try {
      await setInitialPassword(boltUrl(env), env.config.neo4j.user, password);
      return;
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (!retriable || i >= 600)
        throw new StackError('NEO4J_PASSWORD', `neo4j: could not set the initial password: ${(err as Error).message}`, {
          cause: err,
          hint: `see ${paths.log}`,
        });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const neo4jComponent: Component = {
  name: 'neo4j',
  after: [],
  ports: (c) => [
    { field: 'neo4j.boltPort', port: c.neo4j.boltPort },
    { field: 'neo4j.httpPort', port: c.neo4j.httpPort },
  ],
  endpoints: (c) => ({
    bolt: `bolt://${c.bindHost}:${c.neo4j.boltPort}`,
    http: `http://${c.bindHost}:${c.neo4j.httpPort}`,
    user: c.neo4j.user,
    password: c.neo4j.password ? 'from ZIEM_NEO4J_PASSWORD' : `in ${neo4jPasswordFile(c.stateDir)}`,
  }),

  async prepare(env, paths) {
    const c = env.config;
    for (const d of [
      paths.conf,
      paths.data,
      dirname(paths.log),
      join(paths.dir, 'plugins'),
      join(paths.dir, 'import'),
      join(paths.dir, 'run'),
    ])
      mkdirSync(d, { recursive: true });
    writeFileSync(
      join(paths.conf, 'neo4j.conf'),
      renderLocalTemplate('neo4j.conf', {
        bindHost: c.bindHost,
        boltPort: c.neo4j.boltPort,
        httpPort: c.neo4j.httpPort,
        dataDir: paths.data,
        logsDir: dirname(paths.log),
        homeDir: paths.dir,
        pageCacheMb: c.neo4j.pageCacheMb,
      }),
    );
    // no system database yet: Neo4j creates it with the initial password, which must be replaced after start
    if (!existsSync(systemDatabase(paths))) writeFileSync(freshMarker(paths), '');
  },

  command: (env, paths) =>
    javaCommand(env, [
      ...jvmBase(env.config.neo4j.heapMb),
      ...NEO4J_JVM_FLAGS,
      ...markerArgs('neo4j', env.config.stateDir),
      '-cp',
      classpath(env.jars.neo4j),
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${paths.dir}`,
      `--config-dir=${paths.conf}`,
    ]),

  async afterStart(env, paths) {
    if (!existsSync(freshMarker(paths))) return;
    await waitForBolt(env, paths);
    rmSync(freshMarker(paths), { force: true });
  },

  async health(env) {
    const password = readNeo4jPassword(env.config);
    if (!password) return unhealthy(`no password: ${env.config.stateDir}/secrets/neo4j.password is missing`);
    env.secrets.push(password.reveal());
    try {
      return healthy(await pingNeo4j(boltUrl(env), env.config.neo4j.user, password));
    } catch (err) {
      return unhealthy(err instanceof Error ? err.message : String(err));
    }
  },
};
