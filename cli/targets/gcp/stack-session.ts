// A session with the stack VM from this machine: IAP tunnels to ksqlDB, Connect, Neo4j (bolt
// and http) and the network map on 127.0.0.1, the Neo4j password read from the VM over IAP SSH (it is generated there
// and never leaves it otherwise; here it is held in memory and masked), and the Endpoints the
// platform steps use. `withStackSession` always closes the tunnels, whatever the work does.
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { Secret } from '../../../core/secret.js';
import type { Context } from '../../context.js';
import type { Endpoints } from '../target.js';
import { gcloudErrorLine, runGcloud, type Gcloud } from './gcloud.js';
import { shellQuote } from './gcp-runner.js';
import { openTunnels } from './iap-tunnel.js';
import type { GcpDeployment } from './outputs.js';

/** The file stack-vm.sh writes the generated secrets to (NAME=value lines, 0600). */
export const STACK_SECRETS_FILE = '/opt/ziem/secrets.env';

export interface StackSession {
  readonly endpoints: Endpoints;
  /** Neo4j's bolt URL as the stack's own Connect worker reaches it (for the sink connectors) */
  readonly inVpcBoltUrl: string;
  /** Neo4j's HTTP port through its tunnel (health) */
  readonly neo4jHttpUrl: string;
  /** the network map through its tunnel (it asks for its token: the VM's ZIEM_UI_TOKEN) */
  readonly uiUrl: string;
  /** ctx whose neo4j password is the stack VM's */
  readonly ctx: Context;
}

export async function readStackNeo4jPassword(g: Gcloud, d: GcpDeployment): Promise<string> {
  const r = await runGcloud(g, [
    'compute',
    'ssh',
    d.stack.instance,
    `--zone=${d.stack.zone}`,
    `--project=${d.project}`,
    '--tunnel-through-iap',
    '--ssh-flag=-o LogLevel=ERROR',
    `--command=${shellQuote(['sudo', 'cat', STACK_SECRETS_FILE])}`,
  ]);
  const pw = /^NEO4J_PASSWORD=(.+)$/m.exec(r.stdout)?.[1]?.trim();
  if (r.code !== 0 || !pw)
    throw new ZiemError(
      'GCP_STACK_SECRET',
      `cannot read the Neo4j password from ${d.stack.instance}:${STACK_SECRETS_FILE}`,
      {
        hint:
          r.code !== 0
            ? `gcloud compute ssh said: ${gcloudErrorLine(r.stderr) || `exit ${r.code}`}`
            : 'the stack VM may still be booting (its startup script writes the file); try again in a minute',
      },
    );
  return pw;
}

export async function withStackSession<T>(
  ctx: Context,
  g: Gcloud,
  d: GcpDeployment,
  work: (s: StackSession) => Promise<T>,
  o: { secrets?: boolean } = {},
): Promise<T> {
  const p = d.ports;
  ctx.log.info(
    `gcp: opening IAP tunnels to ${d.stack.instance} (ksqlDB ${p.ksql}, Connect ${p.connect}, Neo4j ${p.neo4j_bolt}/${p.neo4j_http}, map ${p.ui})`,
  );
  const tunnels = await openTunnels(g, {
    project: d.project,
    vm: d.stack,
    ports: { ksql: p.ksql, connect: p.connect, neo4jBolt: p.neo4j_bolt, neo4jHttp: p.neo4j_http, ui: p.ui },
    timeoutMs: 60_000,
  });
  try {
    const l = tunnels.local as Record<'ksql' | 'connect' | 'neo4jBolt' | 'neo4jHttp' | 'ui', number>;
    let password = ctx.config.neo4j.password;
    if (!password && o.secrets !== false) password = new Secret(await readStackNeo4jPassword(g, d));
    if (password && !ctx.secrets.includes(password.reveal())) ctx.secrets.push(password.reveal());
    const endpoints: Endpoints = {
      // Kafka advertises the stack's VPC address, which a tunnel cannot stand in for
      kafkaBootstrap: d.kafkaBootstrap,
      ksqlUrl: `http://127.0.0.1:${l.ksql}`,
      connectUrl: `http://127.0.0.1:${l.connect}`,
      neo4jBoltUrl: `bolt://127.0.0.1:${l.neo4jBolt}`,
      modelServerUrl: `http://${d.stack.internalIp}:${p.model}`,
    };
    const config = Object.freeze({ ...ctx.config, neo4j: { ...ctx.config.neo4j, password } });
    ctx.log.info(
      `gcp: tunnels open: ksqlDB ${endpoints.ksqlUrl}, Connect ${endpoints.connectUrl}, Neo4j ${endpoints.neo4jBoltUrl}, map http://127.0.0.1:${l.ui}/`,
    );
    return await work({
      endpoints,
      inVpcBoltUrl: `bolt://${d.stack.internalIp}:${p.neo4j_bolt}`,
      neo4jHttpUrl: `http://127.0.0.1:${l.neo4jHttp}`,
      uiUrl: `http://127.0.0.1:${l.ui}`,
      ctx: { ...ctx, config },
    });
  } finally {
    await tunnels.close();
    ctx.log.info('gcp: IAP tunnels closed');
  }
}
