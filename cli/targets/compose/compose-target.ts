// The compose target: the platform on the official images (compose/, rendered from ziem.yaml by
// compose-file.ts) under Docker Compose, the sandbox as containers. Planning is compose-live.ts +
// compose-plan.ts, applying compose-apply.ts, undoing compose-destroy.ts; every call first checks
// that a Docker engine answers. The services publish the configured ports on bindHost, so the
// endpoints are those of the local target's configuration.
import type { Context } from '../../context.js';
import type { TargetSandbox } from '../../sandbox/host-runner.js';
import { localEndpoints } from '../local/endpoints.js';
import { atEndpoints } from '../platform-steps.js';
import { desiredState } from '../local/live-state.js';
import type { Target, TargetStatus } from '../target.js';
import { applyCompose } from './compose-apply.js';
import { destroyCompose } from './compose-destroy.js';
import { containers, openProject, readComposeLive } from './compose-live.js';
import { planCompose, renderComposePlan, type ComposeStep } from './compose-plan.js';
import { composeRunner } from './compose-runner.js';
import { composeLayout } from './compose-sandbox.js';
import { composeDocument } from './compose-file.js';

const endpoints = localEndpoints;

async function sandbox(ctx: Context): Promise<TargetSandbox> {
  const p = await openProject(ctx);
  return { layout: composeLayout(ctx.config), runner: composeRunner(p) };
}

async function status(ctx: Context): Promise<TargetStatus> {
  const p = await openProject(ctx);
  const states = await containers(ctx, p);
  const services = Object.keys(composeDocument(ctx.config, { root: '.', models: '.', sandboxDir: '/' }).services);
  const parts = services.map((name) => {
    const s = states.find((c) => c.service === name);
    return { name, healthy: s?.healthy ?? false, detail: s?.detail ?? 'no container' };
  });
  return { target: 'compose', parts };
}

export const composeTarget: Target<ComposeStep> = {
  name: 'compose',
  async plan(ctx) {
    const p = await openProject(ctx);
    const at = atEndpoints(ctx, endpoints(ctx));
    const live = await readComposeLive(at, p, endpoints(ctx).modelServerUrl);
    return planCompose(await desiredState(at, live.healthy.includes('ksqldb')), live);
  },
  renderPlan: renderComposePlan,
  async apply(ctx, plan) {
    const p = await openProject(ctx);
    return applyCompose(ctx, { project: p, endpoints: endpoints(ctx), sandbox: await sandbox(ctx) }, plan);
  },
  destroy: destroyCompose,
  status,
  endpoints,
  sandbox,
};
