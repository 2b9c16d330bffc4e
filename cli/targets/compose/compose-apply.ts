// Runs the compose plan's steps in order with progress on stderr: `compose up` of the rendered file
// (v2 waits on the healthchecks with --wait; after v1's plain `up -d` ziem waits on them itself),
// then the steps every target runs (platform-steps.ts) against the compose endpoints, with the
// warm-up's normal traffic from the sandbox containers. The first failing step stops the run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../../context.js';
import { PrerequisiteError, TimeoutError } from '../../../core/errors/ziem-error.js';
import { runAttack } from '../../sandbox/attack-sim.js';
import type { TargetSandbox } from '../../sandbox/host-runner.js';
import { stepContext } from '../../step-context.js';
import { projectRoot } from '../../stack/layout.js';
import { warmUpAndTrain, WARMUP_ROUND } from '../../model/warmup.js';
import { applyConnectors, applyGraph, applyMigrations, atEndpoints } from '../platform-steps.js';
import type { AppliedStep, Endpoints } from '../target.js';
import { runCompose, type ComposeProject } from './compose-cli.js';
import { containers } from './compose-live.js';
import { udfJarPath } from './compose-paths.js';
import { INTERNAL } from './compose-platform.js';
import { writeProject } from './compose-project.js';
import { PAGE_BUNDLE } from '../../ui/assets.js';
import { uiTokenFile } from '../../ui/ui-token.js';
import { describeComposeStep, type ComposePlan, type ComposeStep } from './compose-plan.js';

/** What the images and mounts need from this repository before `up`. */
function requireBuilt(): void {
  const root = projectRoot();
  const jar = udfJarPath(root);
  if (!existsSync(jar))
    throw new PrerequisiteError(`${jar} does not exist: ksqlDB's container mounts the UDF jar`, {
      hint: 'run `npm run build && mvn -f udf-bridge/java/pom.xml verify`',
    });
  for (const built of [join('cli', 'bin.js'), join('ui', PAGE_BUNDLE)])
    if (!existsSync(join(root, 'dist', built)))
      throw new PrerequisiteError(
        `${join(root, 'dist', built)} is not built: the model server and map images copy dist/`,
        {
          hint: 'run `npm run build`',
        },
      );
}

async function waitHealthy(ctx: Context, p: ComposeProject, services: readonly string[]): Promise<void> {
  const deadline = ctx.clock.now() + ctx.config.stack.startTimeoutMs;
  for (;;) {
    const states = await containers(ctx, p);
    const bad = services.filter((s) => !states.some((c) => c.service === s && c.healthy));
    if (bad.length === 0) return;
    if (ctx.clock.now() > deadline)
      throw new TimeoutError(
        `not healthy after ${ctx.config.stack.startTimeoutMs} ms: ${bad.map((s) => `${s} (${states.find((c) => c.service === s)?.detail ?? 'no container'})`).join(', ')}`,
        { hint: `see \`${p.cli.file} ${[...p.cli.prefix, '-p', p.name, '-f', p.file].join(' ')} logs ${bad[0]}\`` },
      );
    await ctx.clock.sleep(2_000);
  }
}

async function composeUp(ctx: Context, p: ComposeProject, services: readonly string[]): Promise<void> {
  requireBuilt();
  await writeProject(ctx);
  const timeout = ctx.config.stack.startTimeoutMs + 900_000; // image pulls and builds come first
  await runCompose(
    p,
    ['up', '-d', '--build', '--remove-orphans', ...(p.cli.version === 2 ? ['--wait'] : [])],
    ctx.env,
    timeout,
  );
  await waitHealthy(ctx, p, services);
  if (services.includes('ui')) {
    const where = ctx.config.ui.token ? 'ZIEM_UI_TOKEN' : `the contents of ${uiTokenFile(ctx.config.stateDir)}`;
    ctx.log.info(
      `ui: the network map is at http://${ctx.config.bindHost}:${ctx.config.ui.port}/?token=… with ${where}`,
    );
  }
}

async function modelLoad(ctx: Context, modelUrl: string): Promise<void> {
  const deadline = ctx.clock.now() + ctx.config.stack.startTimeoutMs;
  for (;;) {
    try {
      const r = await fetch(`${modelUrl}/v1/models/anomaly`, { signal: AbortSignal.timeout(3_000) });
      if (r.ok && (await r.text()).includes('"AVAILABLE"')) return;
    } catch {
      // not yet
    }
    if (ctx.clock.now() > deadline)
      throw new TimeoutError(`the model server at ${modelUrl} did not load the trained model in time`, {
        hint: 'see `docker compose logs model-server` (it polls its /models mount)',
      });
    await ctx.clock.sleep(1_000);
  }
}

export interface ComposeRun {
  project: ComposeProject;
  endpoints: Endpoints;
  sandbox: TargetSandbox;
}

async function runStep(base: Context, run: ComposeRun, s: ComposeStep): Promise<void> {
  const ctx = atEndpoints(base, run.endpoints);
  switch (s.kind) {
    case 'compose-up':
      return composeUp(ctx, run.project, s.services);
    case 'ksql-apply':
      return applyMigrations(ctx, { version: s.to, model: s.model ?? false });
    case 'graph-schema':
      return applyGraph(ctx);
    case 'connectors-apply':
      return applyConnectors(ctx, { neo4jUri: INTERNAL.neo4j });
    case 'model-train':
      return warmUpAndTrain(ctx, {
        timeoutMs: ctx.config.deploy.warmupTimeoutMs,
        normalRound: async () => {
          const quiet = stepContext(ctx, { silent: true });
          const hosts = run.sandbox.layout.hosts.filter((h) => h.role !== 'attacker');
          await Promise.all(
            hosts.map((h) => runAttack(quiet, 'normal', { from: h.name, duration: WARMUP_ROUND }, run.sandbox)),
          );
        },
      });
    case 'model-load':
      return modelLoad(ctx, run.endpoints.modelServerUrl);
  }
}

export async function applyCompose(ctx: Context, run: ComposeRun, plan: ComposePlan): Promise<AppliedStep[]> {
  const done: AppliedStep[] = [];
  for (const [i, s] of plan.steps.entries()) {
    const started = ctx.clock.now();
    ctx.log.info(`[${i + 1}/${plan.steps.length}] ${describeComposeStep(s)}`);
    await runStep(ctx, run, s);
    done.push({ step: s.kind, seconds: Math.round((ctx.clock.now() - started) / 100) / 10 });
  }
  return done;
}
