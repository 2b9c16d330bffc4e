// The network map's service in the compose file: `ziem ui` in an image of this repository's built
// CLI (compose/model-server/Dockerfile, the model server's: the same dist/, page included), after
// Kafka and Neo4j are healthy. It binds 0.0.0.0 inside its
// container, so it always requires its token (ZIEM_UI_TOKEN from the .env, required like the Neo4j
// password; ziem writes the one under <stateDir>/secrets/ui.token, the gcp stack VM its own). The
// Neo4j password reaches the server's driver from the .env too; the page never receives it.
import type { Config } from '../../config/config.js';
import type { ComposePaths } from './compose-paths.js';
import { bind, healthcheck, healthy, INTERNAL, type Service } from './compose-platform.js';
import { PLATFORM_NET } from './compose-networks.js';

/** The port the map listens on inside its container; ui.port is the published one. */
export const UI_CONTAINER_PORT = 8080;

export function uiService(c: Config, p: ComposePaths): Service {
  // /api/health with the token: a 401 would mean the container cannot read its own .env value
  const probe = `fetch('http://127.0.0.1:${UI_CONTAINER_PORT}/api/health', { headers: { authorization: 'Bearer ' + process.env.ZIEM_UI_TOKEN } }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return {
    image: `ziem/ui:${c.compose.nodeTag}`,
    build: { context: p.root, dockerfile: 'compose/model-server/Dockerfile', args: { NODE_TAG: c.compose.nodeTag } },
    hostname: 'ui',
    command: ['ui', '--host', '0.0.0.0', '--port', String(UI_CONTAINER_PORT)],
    environment: {
      ZIEM_KAFKA_BOOTSTRAP: INTERNAL.kafka,
      ZIEM_NEO4J_URL: INTERNAL.neo4j,
      ZIEM_NEO4J_USER: c.neo4j.user,
      ZIEM_NEO4J_PASSWORD: '${NEO4J_PASSWORD}',
      ZIEM_UI_TOKEN: '${ZIEM_UI_TOKEN:?ZIEM_UI_TOKEN must be set in the .env file beside this compose file}',
      ZIEM_UI_INTERNAL_CIDRS: c.ui.internalCidrs.join(','),
      ZIEM_STATE_DIR: '/tmp/ziem',
    },
    ports: [bind(c, c.ui.port, UI_CONTAINER_PORT)],
    networks: [PLATFORM_NET],
    depends_on: healthy('kafka', 'neo4j'),
    healthcheck: healthcheck(['CMD', 'node', '-e', probe], 10),
  };
}
