// A configuration for a throwaway stack: every local port chosen free by the kernel, a given state
// directory, smaller heaps. Used by the integration-test setup and by the stack benchmarks.
import { loadConfig, type Config } from '../config/config.js';
import { freePort } from './ports.js';

async function distinctFreePorts(n: number): Promise<number[]> {
  const out = new Set<number>();
  while (out.size < n) out.add(await freePort());
  return [...out];
}

export async function ephemeralConfig(stateDir: string, extra: Record<string, unknown> = {}): Promise<Config> {
  const [kafka, controller, connect, bolt, http, model, ui, ksql] = await distinctFreePorts(8);
  return loadConfig({
    env: {},
    cwd: stateDir,
    flags: {
      stateDir,
      'kafka.port': kafka,
      'kafka.controllerPort': controller,
      'connect.port': connect,
      'neo4j.boltPort': bolt,
      'neo4j.httpPort': http,
      'modelServer.port': model,
      'ui.port': ui,
      'ksql.url': `http://127.0.0.1:${ksql}`,
      'kafka.heapMb': 384,
      'connect.heapMb': 384,
      'neo4j.heapMb': 512,
      ...extra,
    },
  });
}
