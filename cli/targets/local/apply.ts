// Runs the local deployment plan's steps in order with progress on stderr: the local parts (stack up,
// sandbox up, capture start, the model server, the network map) and the steps every target runs (platform-steps.ts). The
// first failing step stops the run; what succeeded stays, so the next deploy resumes from there.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Context } from '../../context.js';
import { ZiemError } from '../../../core/errors/ziem-error.js';
import { startStack } from '../../stack/up.js';
import { requireSandbox, runUp as sandboxUp } from '../../sandbox/sandbox.js';
import { runAttack } from '../../sandbox/attack-sim.js';
import { stepContext } from '../../step-context.js';
import { startService, ziemArgs } from '../../model/model-service.js';
import { configEnv } from '../../stack/child-env.js';
import { warmUpAndTrain, WARMUP_ROUND } from '../../model/warmup.js';
import { trainDeploymentClassifier } from '../../model/classifier-train.js';
import { applyConnectors, applyGraph, applyMigrations, atEndpoints } from '../platform-steps.js';
import { localEndpoints } from './endpoints.js';
import type { AppliedStep } from '../target.js';
import { describeStep, type DeployPlan, type Step } from './plan.js';

const exec = promisify(execFile);

// `capture start` re-executes its own entry script as the agent: run it through the built binary so
// the agent is the same whichever way deploy itself was started.
async function captureStart(ctx: Context): Promise<void> {
  const args = [...ziemArgs(ctx.config), 'capture', 'start'];
  try {
    await exec(process.execPath, args, {
      env: { ...process.env, ...ctx.env, ...configEnv(ctx.config) } as NodeJS.ProcessEnv,
      timeout: 60_000,
    });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw new ZiemError('CAPTURE_START', `ziem capture start failed: ${stderr || (err as Error).message}`, {
      cause: err,
      hint: 'see `ziem capture status`',
    });
  }
}

async function runStep(local: Context, s: Step): Promise<void> {
  // the steps every target runs go to the local endpoints, as compose's and gcp's go to theirs
  const ctx = atEndpoints(local, localEndpoints(local));
  const timeouts = { clock: ctx.clock, env: ctx.env, timeoutMs: ctx.config.stack.startTimeoutMs };
  switch (s.kind) {
    case 'stack-up':
      return void (await startStack(ctx, { components: s.components }));
    case 'sandbox-up':
      return sandboxUp(stepContext(ctx), {});
    case 'capture-start':
      return captureStart(ctx);
    case 'ksql-apply':
      return applyMigrations(ctx, { version: s.to, model: s.model ?? false });
    case 'graph-schema':
      return applyGraph(ctx);
    case 'connectors-apply':
      return applyConnectors(ctx);
    case 'model-train':
      return warmUpAndTrain(ctx, {
        timeoutMs: ctx.config.deploy.warmupTimeoutMs,
        normalRound: () => sandboxNormalRound(ctx),
      });
    case 'classifier-train':
      return trainDeploymentClassifier(ctx);
    case 'model-serve':
      return void (await startService(ctx.config, 'model', timeouts));
    case 'ui-serve':
      return void (await startService(ctx.config, 'ui', timeouts));
  }
}

/** The warm-up's traffic: normal traffic from every host that is not the attacker, side by side. */
async function sandboxNormalRound(ctx: Context): Promise<void> {
  const hosts = requireSandbox(ctx).layout.hosts.filter((h) => h.role !== 'attacker');
  const quiet = stepContext(ctx, { silent: true });
  await Promise.all(hosts.map((h) => runAttack(quiet, 'normal', { from: h.name, duration: WARMUP_ROUND })));
}

export async function applyPlan(ctx: Context, plan: DeployPlan): Promise<AppliedStep[]> {
  const done: AppliedStep[] = [];
  for (const [i, s] of plan.steps.entries()) {
    const started = ctx.clock.now();
    ctx.log.info(`[${i + 1}/${plan.steps.length}] ${describeStep(s)}`);
    await runStep(ctx, s);
    done.push({ step: s.kind, seconds: Math.round((ctx.clock.now() - started) / 100) / 10 });
  }
  return done;
}
