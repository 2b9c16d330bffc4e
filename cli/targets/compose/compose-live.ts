// Reads the live state of the compose deployment for the planner: the engine first (no engine, no
// plan: DOCKER_ENGINE names the socket), the project's containers and their health, then the same
// probes as the local target against the compose endpoints (applied migrations, graph constraints,
// connector drift, the trained model and whether the model server container serves it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../../context.js';
import { graphSchemaPresent } from '../../graph/graph-schema.js';
import { modelDir, MODEL_NAME } from '../../model/model-service.js';
import { connectorsPending } from '../platform-steps.js';
import { migratedVersion } from '../local/live-state.js';
import { findComposeCli, type ComposeProject } from './compose-cli.js';
import { projectContainers, type ServiceState } from './compose-containers.js';
import { composeDocument } from './compose-file.js';
import { composeFile, projectOf, renderedCurrent } from './compose-project.js';
import { INTERNAL } from './compose-platform.js';
import { sandboxServices } from './compose-sandbox.js';
import { requireDockerEngine } from './docker-engine.js';
import type { ComposeLive } from './compose-plan.js';

/** The engine and the compose CLI, checked before anything else runs. */
export async function openProject(ctx: Context): Promise<ComposeProject> {
  await requireDockerEngine(ctx.env);
  return projectOf(ctx, await findComposeCli(ctx.env));
}

export async function containers(ctx: Context, p: ComposeProject): Promise<ServiceState[]> {
  return existsSync(composeFile(ctx.config.stateDir)) ? projectContainers(p, ctx.env) : [];
}

/** GET /v1/models/anomaly on the model server answers with an AVAILABLE version. */
async function modelServed(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/v1/models/${MODEL_NAME}`, { signal: AbortSignal.timeout(3_000) });
    return r.ok && (await r.text()).includes('"AVAILABLE"');
  } catch {
    return false;
  }
}

export async function readComposeLive(ctx: Context, p: ComposeProject, modelUrl: string): Promise<ComposeLive> {
  const paths = { root: '.', models: '.', sandboxDir: '/' };
  const services = Object.keys(composeDocument(ctx.config, paths).services);
  const healthy = (await containers(ctx, p)).filter((c) => c.healthy).map((c) => c.service);
  const up = (...s: string[]): boolean => s.every((x) => healthy.includes(x));
  return {
    renderedCurrent: renderedCurrent(ctx),
    services,
    healthy,
    sandboxServices: Object.keys(sandboxServices(ctx.config, paths)),
    migratedVersion: up('ksqldb') ? await migratedVersion(ctx) : undefined,
    graphSchema: up('neo4j') ? await graphSchemaPresent(ctx) : undefined,
    connectorsPending: up('connect', 'neo4j') ? await connectorsPending(ctx, { neo4jUri: INTERNAL.neo4j }) : undefined,
    modelPresent: existsSync(join(modelDir(ctx.config.stateDir), 'metadata.json')),
    modelServed: up('model-server') && (await modelServed(modelUrl)),
  };
}
