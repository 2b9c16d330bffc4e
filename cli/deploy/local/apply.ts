// Runs a deployment plan's steps in order with progress on stderr, reusing the commands that own
// each part (stack up, sandbox up, capture start, ksql apply, connectors apply, model train). The
// first failing step stops the run; what succeeded stays, so the next deploy resumes from there.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Context } from '../../context.js';
import { UsageError, ZiemError } from '../../../core/errors/ziem-error.js';
import { startStack } from '../../stack/up.js';
import { runUp as sandboxUp } from '../../sandbox/sandbox.js';
import { runApply as ksqlApply } from '../ksql/apply.js';
import { runConnectorsApply } from '../connectors/apply.js';
import { connectorsContext, stepContext } from './deploy-context.js';
import { applyGraphSchema } from './graph-schema.js';
import { modelDir, startService, ziemArgs } from './services.js';
import { configEnv } from '../../stack/child-env.js';
import { warmUpAndTrain } from './warmup.js';
import { readMetadata } from '../../../udf-bridge/model-server/metadata.js';
import { describeStep, type DeployPlan, type Step } from './plan.js';

const exec = promisify(execFile);

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

async function runStep(ctx: Context, s: Step): Promise<void> {
  const timeouts = { clock: ctx.clock, env: ctx.env, timeoutMs: ctx.config.stack.startTimeoutMs };
  switch (s.kind) {
    case 'stack-up':
      return void (await startStack(ctx, { components: s.components }));
    case 'sandbox-up':
      return sandboxUp(stepContext(ctx), {});
    case 'capture-start':
      return captureStart(ctx);
    case 'ksql-apply':
      return void (await ksqlApply(stepContext(ctx), {
        mode: { kind: 'until', version: s.to },
        dryRun: false,
        defines: { ...pipelineDefines(ctx), ...(s.model ? await modelDefines(ctx) : {}) },
        breakLock: false,
      }));
    case 'graph-schema':
      return void (await applyGraphSchema(ctx));
    case 'connectors-apply':
      return void (await runConnectorsApply(connectorsContext(ctx), { dryRun: false }));
    case 'model-train':
      return warmUpAndTrain(ctx, { timeoutMs: ctx.config.deploy.warmupTimeoutMs });
    case 'model-serve':
      return void (await startService(ctx.config, 'model', timeouts));
  }
}

export interface AppliedStep {
  step: string;
  seconds: number;
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
