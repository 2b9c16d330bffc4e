// What every target runs against its endpoints once its services answer: the ksql/ migrations (with
// the pipeline's defines and, after training, the model's threshold), the graph's constraints, the
// Neo4j sink connectors and model training from the HOST_WINDOWS topic. Each step takes the target's
// Endpoints, so a tunnel's port or a container's address is used the same way as the local stack's.
import type { Context } from '../context.js';
import { UsageError } from '../../core/errors/ziem-error.js';
import { runApply as ksqlApply } from '../ksql/apply.js';
import { runConnectorsApply } from '../connectors/apply.js';
import { applyGraphSchema } from '../graph/graph-schema.js';
import { readMetadata } from '../../udf-bridge/model-server/metadata.js';
import { modelDir } from '../model/model-service.js';
import { connectorsContext, stepContext } from '../step-context.js';
import type { Endpoints } from './target.js';

/** `ctx` whose configuration points at the target's endpoints (what the steps' clients read). */
export function atEndpoints(ctx: Context, e: Endpoints): Context {
  const config = {
    ...ctx.config,
    kafka: { ...ctx.config.kafka, bootstrap: e.kafkaBootstrap },
    ksql: { ...ctx.config.ksql, url: e.ksqlUrl },
    connect: { ...ctx.config.connect, url: e.connectUrl },
    neo4j: { ...ctx.config.neo4j, url: e.neo4jBoltUrl },
  };
  return { ...ctx, config: Object.freeze(config) };
}

/** ksql/V000001's `internal_hosts` is a LIKE pattern; ksqlDB has no CIDR function. */
export function internalHostsPattern(cidr: string): string {
  const [addr, bits] = cidr.split('/');
  const octets = (addr ?? '').split('.');
  const keep = { '8': 1, '16': 2, '24': 3 }[bits ?? ''];
  if (keep === undefined || octets.length !== 4) {
    throw new UsageError(`sandbox.cidr ${cidr}: the pipeline's internal_hosts pattern needs a /8, /16 or /24 network`, {
      hint: 'pick such a sandbox.cidr',
    });
  }
  return `${octets.slice(0, keep).join('.')}.%`;
}

export function pipelineDefines(ctx: Context): Record<string, string> {
  return { capture_topic: ctx.config.capture.topic, internal_hosts: internalHostsPattern(ctx.config.sandbox.cidr) };
}

/** The model's alert threshold (metadata.json of the trained model) as the `anomaly_threshold` define. */
export async function modelDefines(ctx: Context): Promise<Record<string, string>> {
  const meta = await readMetadata(modelDir(ctx.config.stateDir));
  return { anomaly_threshold: String(meta.threshold.threshold) };
}

/** Applies ksql/ up to `version`; `model` adds the model's threshold (the files after training). */
export async function applyMigrations(ctx: Context, o: { version: number; model: boolean }): Promise<void> {
  await ksqlApply(stepContext(ctx), {
    mode: { kind: 'until', version: o.version },
    dryRun: false,
    defines: { ...pipelineDefines(ctx), ...(o.model ? await modelDefines(ctx) : {}) },
    breakLock: false,
  });
}

export async function applyGraph(ctx: Context): Promise<void> {
  await applyGraphSchema(ctx);
}

/**
 * The connectors' context; `neo4jUri` is Neo4j as the Connect worker reaches it when that differs
 * from this machine's view (compose: bolt://neo4j:7687 on the containers' network).
 */
export function connectorsAt(ctx: Context, o: { neo4jUri?: string; silent?: boolean } = {}): Context {
  const c = connectorsContext(ctx, { silent: o.silent ?? false });
  return o.neo4jUri ? { ...c, env: { ...c.env, ZIEM_NEO4J_URI: o.neo4jUri } } : c;
}

export async function applyConnectors(ctx: Context, o: { neo4jUri?: string } = {}): Promise<void> {
  await runConnectorsApply(connectorsAt(ctx, o), { dryRun: false });
}

/** Connectors whose live config differs from connectors/*.json; undefined when Connect cannot say. */
export async function connectorsPending(ctx: Context, o: { neo4jUri?: string } = {}): Promise<string[] | undefined> {
  try {
    const r = await runConnectorsApply(connectorsAt(ctx, { ...o, silent: true }), { dryRun: true });
    return r.plan.steps.filter((s) => s.action !== 'unchanged').map((s) => s.name);
  } catch {
    return undefined;
  }
}
