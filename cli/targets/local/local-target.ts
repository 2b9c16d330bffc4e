// The local target: Kafka, Connect, Neo4j and the engine's ksqlDB server as local processes
// (cli/stack), the sandbox as network namespaces, the model server as a background Node process.
// Planning is live-state.ts + plan.ts, applying apply.ts, undoing destroy.ts.
import type { Context } from '../../context.js';
import { stackStatus } from '../../stack/status.js';
import { readState } from '../../sandbox/state.js';
import { serviceHealthy } from '../../model/model-service.js';
import type { Target, TargetStatus } from '../target.js';
import { localEndpoints } from './endpoints.js';
import { applyPlan } from './apply.js';
import { destroy } from './destroy.js';
import { captureRunning, desiredState, readLiveState } from './live-state.js';
import { planDeploy, renderPlan, type DeployPlan, type Step } from './plan.js';

export async function computePlan(ctx: Context): Promise<DeployPlan> {
  const live = await readLiveState(ctx);
  return planDeploy(await desiredState(ctx, live.healthy.includes('ksql')), live);
}

async function status(ctx: Context): Promise<TargetStatus> {
  const stack = await stackStatus(ctx);
  const parts = stack.map((c) => ({
    name: c.name,
    healthy: c.healthy,
    detail: c.healthy ? `pid ${c.pid}, ${c.version ?? ''}`.trim() : (c.detail ?? 'not healthy'),
  }));
  const sandbox = readState(ctx.config.stateDir) !== undefined;
  parts.push({ name: 'sandbox', healthy: sandbox, detail: sandbox ? 'network namespaces up' : 'not created' });
  const capture = captureRunning(ctx);
  parts.push({ name: 'capture', healthy: capture, detail: capture ? 'agent running' : 'not running' });
  const model = await serviceHealthy(ctx.config, 'model');
  parts.push({
    name: 'model',
    healthy: model,
    detail: model ? `serving on ${ctx.config.modelServer.port}` : 'not running',
  });
  const ui = await serviceHealthy(ctx.config, 'ui');
  parts.push({
    name: 'ui',
    healthy: ui,
    detail: ui ? `network map on http://${ctx.config.bindHost}:${ctx.config.ui.port}/` : 'not running',
  });
  return { target: 'local', parts };
}

export const localTarget: Target<Step> = {
  name: 'local',
  plan: computePlan,
  renderPlan,
  apply: applyPlan,
  destroy,
  status,
  endpoints: localEndpoints,
};
