// The external target: a Kafka, ksqlDB, Connect and Neo4j that already run (Confluent Platform or
// Cloud, MSK, a company cluster), reached with the endpoints and credentials of ziem.yaml (Kafka
// SASL/TLS through kafka.*, ksqlDB basic auth and CA through ksql.*, connect.url, neo4j.url with
// ZIEM_NEO4J_PASSWORD). Nothing is provisioned and nothing is torn down: deploy runs the steps every
// target runs (platform-steps.ts); status asks each service; destroy removes nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../../context.js';
import { describeKafka } from '../../clients/kafka-admin.js';
import { ConnectClient } from '../../../core/connect/connect-client.js';
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { graphSchemaPresent } from '../../graph/graph-schema.js';
import { openKsqlSession } from '../../ksql/ksql-session.js';
import { modelDir } from '../../model/model-service.js';
import { desiredState, migratedVersion } from '../local/live-state.js';
import { describeStep } from '../local/plan.js';
import { applyConnectors, applyGraph, applyMigrations, atEndpoints, connectorsPending } from '../platform-steps.js';
import type { AppliedStep, Endpoints, PartStatus, Target, TargetPlan } from '../target.js';
import { planExternal, type ExternalStep } from './external-plan.js';

function endpoints(ctx: Context): Endpoints {
  const c = ctx.config;
  return {
    kafkaBootstrap: c.kafka.bootstrap,
    ksqlUrl: c.ksql.url,
    connectUrl: c.connect.url,
    neo4jBoltUrl: c.neo4j.url,
    modelServerUrl: `http://${c.bindHost}:${c.modelServer.port}`,
  };
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function parts(ctx: Context): Promise<PartStatus[]> {
  const c = ctx.config;
  const probe = async (name: string, fn: () => Promise<string>): Promise<PartStatus> => {
    try {
      return { name, healthy: true, detail: await fn() };
    } catch (e) {
      return { name, healthy: false, detail: errText(e) };
    }
  };
  return Promise.all([
    probe('kafka', async () => {
      const k = await describeKafka(c.kafka.bootstrap);
      return `${k.brokers} broker(s) at ${c.kafka.bootstrap} (${c.kafka.securityProtocol})`;
    }),
    probe('ksql', async () => {
      const info = await openKsqlSession(ctx).client.info();
      return `${c.ksql.url} ${info?.version ?? ''} ${info?.serverStatus ?? ''}`.trim();
    }),
    probe('connect', async () => {
      await new ConnectClient({ baseUrl: c.connect.url }).connectorsExpanded();
      return c.connect.url;
    }),
    probe('neo4j', async () => {
      if ((await graphSchemaPresent(ctx)) === undefined) throw new ZiemError('NEO4J', `no answer from ${c.neo4j.url}`);
      return c.neo4j.url;
    }),
  ]);
}

/** Before planning: every service must answer, else one error naming each that does not. */
async function requireReachable(ctx: Context): Promise<void> {
  const bad = (await parts(ctx)).filter((p) => !p.healthy);
  if (bad.length > 0)
    throw new ZiemError(
      'EXTERNAL_UNREACHABLE',
      `the external platform does not answer: ${bad.map((p) => `${p.name}: ${p.detail}`).join('; ')}`,
      {
        hint: 'check the endpoints and credentials in ziem.yaml (kafka.*, ksql.*, connect.url, neo4j.url) and ZIEM_*_PASSWORD',
      },
    );
}

async function plan(ctx: Context): Promise<TargetPlan<ExternalStep>> {
  const at = atEndpoints(ctx, endpoints(ctx));
  await requireReachable(at);
  return planExternal(await desiredState(at, true), {
    migratedVersion: await migratedVersion(at),
    graphSchema: await graphSchemaPresent(at),
    connectorsPending: await connectorsPending(at),
    modelPresent: existsSync(join(modelDir(ctx.config.stateDir), 'metadata.json')),
  });
}

function renderPlan(p: TargetPlan<ExternalStep>): string {
  const lines =
    p.steps.length === 0
      ? ['nothing to do: the external platform is up to date']
      : [
          `plan (${p.steps.length} step${p.steps.length === 1 ? '' : 's'}):`,
          ...p.steps.map((s, i) => `  ${i + 1}. ${describeStep(s)}`),
        ];
  return [...lines, ...p.notes.map((n) => `note: ${n}`)].join('\n');
}

async function apply(ctx: Context, p: TargetPlan<ExternalStep>): Promise<AppliedStep[]> {
  const at = atEndpoints(ctx, endpoints(ctx));
  const done: AppliedStep[] = [];
  for (const [i, s] of p.steps.entries()) {
    const started = ctx.clock.now();
    ctx.log.info(`[${i + 1}/${p.steps.length}] ${describeStep(s)}`);
    if (s.kind === 'ksql-apply') await applyMigrations(at, { version: s.to, model: s.model ?? false });
    else if (s.kind === 'graph-schema') await applyGraph(at);
    else await applyConnectors(at);
    done.push({ step: s.kind, seconds: Math.round((ctx.clock.now() - started) / 100) / 10 });
  }
  return done;
}

export const externalTarget: Target<ExternalStep> = {
  name: 'external',
  plan,
  renderPlan,
  apply,
  destroy: async (ctx) => {
    ctx.log.info(
      'destroy: the external target provisions nothing, so nothing is removed (ziem leaves your platform as it is)',
    );
    return { stopped: [], purged: false };
  },
  status: async (ctx) => ({ target: 'external', parts: await parts(atEndpoints(ctx, endpoints(ctx))) }),
  endpoints,
};
