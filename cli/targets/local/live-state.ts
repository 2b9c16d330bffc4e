// Reads the live state of the local deployment for the planner: stack health, sandbox, capture
// agent, the engine and model servers, applied migrations, graph constraints, connector drift and
// the trained model. Every probe answers "not there" or "unknown" instead of failing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../../context.js';
import { stackStatus } from '../../stack/status.js';
import { readState } from '../../sandbox/state.js';
import { readAgentRecord } from '../../sandbox/capture-state.js';
import { isAlive } from '../../sandbox/processes.js';
import { runInfo } from '../../ksql/info.js';
import { openKsqlSession } from '../../ksql/ksql-session.js';
import { discoverMigrations } from '../../ksql/migration-files.js';
import { connectorsPending } from '../platform-steps.js';
import { stepContext } from '../../step-context.js';
import { graphSchemaPresent } from '../../graph/graph-schema.js';
import { modelDir, serviceHealthy } from '../../model/model-service.js';
import { attackRunCount, classifierDir } from '../../model/classifier-train.js';
import { callsModel, MODEL_FUNCTIONS, targetVersion, type Desired, type LiveState, type StackPart } from './plan.js';

export async function migratedVersion(ctx: Context): Promise<number | undefined> {
  try {
    return (await runInfo(stepContext(ctx, { silent: true }))).current;
  } catch {
    return undefined;
  }
}

export function captureRunning(ctx: Context): boolean {
  const r = readAgentRecord(ctx.config.stateDir);
  return r !== undefined && r.stoppedAt === undefined && isAlive(r.pid);
}

/** Attack runs on the labels topic, or undefined when Kafka does not answer. */
async function attackRuns(ctx: Context, kafka: boolean): Promise<number | undefined> {
  if (!kafka) return undefined;
  try {
    return await attackRunCount(ctx);
  } catch {
    return undefined;
  }
}

export async function readLiveState(ctx: Context): Promise<LiveState> {
  const stack = await stackStatus(ctx);
  const healthy = stack.filter((c) => c.healthy).map((c) => c.name as StackPart);
  const engine = healthy.includes('ksql');
  return {
    healthy,
    sandbox: readState(ctx.config.stateDir) !== undefined,
    capture: captureRunning(ctx),
    migratedVersion: engine ? await migratedVersion(ctx) : undefined,
    graphSchema: healthy.includes('neo4j') ? await graphSchemaPresent(ctx) : undefined,
    connectorsPending:
      healthy.includes('connect') && healthy.includes('neo4j') ? await connectorsPending(ctx) : undefined,
    modelPresent: existsSync(join(modelDir(ctx.config.stateDir), 'metadata.json')),
    modelServed: await serviceHealthy(ctx.config, 'model'),
    classifierPresent: existsSync(join(classifierDir(ctx.config.stateDir), 'metadata.json')),
    attackRuns: await attackRuns(ctx, healthy.includes('kafka')),
    uiServed: await serviceHealthy(ctx.config, 'ui'),
  };
}

/** Whether the engine offers every model function (asked with DESCRIBE FUNCTION; any error means no). */
export async function engineHasModelFunctions(ctx: Context): Promise<boolean> {
  try {
    for (const fn of MODEL_FUNCTIONS) await openKsqlSession(ctx).client.ksql(`DESCRIBE FUNCTION ${fn};`);
    return true;
  } catch {
    return false;
  }
}

/** `engineRunning`: the deployment's ksqlDB server answers (else one started by deploy will have ANOMALY_SCORE). */
export async function desiredState(ctx: Context, engineRunning: boolean): Promise<Desired> {
  const files = discoverMigrations(ctx.config.ksql.migrationsDir).files.map((f) => ({
    version: f.version,
    fileName: f.fileName,
    callsModel: callsModel(f.text),
  }));
  // the stack's engine server is always started with ANOMALY_SCORE (component-ksql.ts): one that is
  // not running yet will have it; a running one is asked
  return targetVersion(files, !engineRunning || (await engineHasModelFunctions(ctx)));
}
