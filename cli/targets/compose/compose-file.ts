// Renders the compose file from the Config: the compose specification (no `version:` key), the
// platform's services (compose-platform.ts), the sandbox's (compose-sandbox.ts, profile "sandbox")
// and the networks. compose/docker-compose.yml in the repository is this rendering with the
// defaults and the repository as `..` (a unit test keeps the two equal); `ziem deploy --target
// compose` renders the configured one under <stateDir>/compose with absolute paths.
import { stringify } from 'yaml';
import type { Config } from '../../config/config.js';
import { networks } from './compose-networks.js';
import type { ComposePaths } from './compose-paths.js';
import { platformServices, type Service } from './compose-platform.js';
import { sandboxServices } from './compose-sandbox.js';
import { uiService } from './compose-ui.js';

const HEADER = [
  "# ziem platform on the official images: Kafka (KRaft), Neo4j, Kafka Connect with Neo4j's connector,",
  '# ksqlDB with ziem\'s UDF jar, the model server, the network map (ui), and (profile "sandbox") the',
  '# sandbox hosts with their capture agents. Rendered by ziem (cli/targets/compose/compose-file.ts)',
  '# from ziem.yaml; do not edit: change ziem.yaml and run `ziem deploy --target compose`. Reads from',
  '# the .env file beside it: NEO4J_PASSWORD and ZIEM_UI_TOKEN (required), ZIEM_ADVERTISED_HOST,',
  '# ZIEM_BIND_ADDRESS, ZIEM_MODEL_TOKEN (optional).',
  '',
].join('\n');

export interface ComposeDocument {
  services: Record<string, Service>;
  networks: Record<string, unknown>;
  volumes: Record<string, unknown>;
}

export function composeDocument(c: Config, p: ComposePaths): ComposeDocument {
  return {
    services: { ...platformServices(c, p), ui: uiService(c, p), ...sandboxServices(c, p) },
    networks: networks(c),
    volumes: { 'kafka-data': {}, 'neo4j-data': {} },
  };
}

export function renderCompose(c: Config, p: ComposePaths): string {
  return HEADER + stringify(composeDocument(c, p), { lineWidth: 0, singleQuote: true });
}
