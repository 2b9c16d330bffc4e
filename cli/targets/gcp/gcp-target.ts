// The gcp target: Terraform (terraform/gcp through cli/clients/terraform) provisions the sandbox VMs,
// the overlay network and the stack VM; then, through IAP tunnels to the stack VM, the steps every
// target runs (platform-steps.ts). Plan = preflight (gcloud, credentials, project) + `terraform
// plan`, shown with its summary and the estimated hourly cost; apply asks for confirmation unless
// --yes. `sandbox()` gives attack-sim the sandbox VMs (from the outputs) and an IAP SSH runner.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UsageError, ZiemError } from '../../../core/errors/ziem-error.js';
import type { Context } from '../../context.js';
import { discoverMigrations } from '../../ksql/migration-files.js';
import { runConnectorsApply } from '../../connectors/apply.js';
import { stepContext } from '../../step-context.js';
import { estimateHourlyCost, type CostEstimate } from '../../clients/terraform/gcp-cost.js';
import { confirmApply, renderPlan as renderTerraformPlan, type Confirm } from '../../clients/terraform/plan-review.js';
import type { PlanResult } from '../../clients/terraform/terraform-client.js';
import type { HostRunner } from '../../sandbox/host-runner.js';
import type { SandboxLayout } from '../../sandbox/layout.js';
import { callsModel, targetVersion } from '../local/plan.js';
import { localEndpoints } from '../local/endpoints.js';
import { applyGraph, applyMigrations, atEndpoints } from '../platform-steps.js';
import type { AppliedStep, Endpoints, PartStatus, Target, TargetPlan, TargetStatus } from '../target.js';
import type { Gcloud } from './gcloud.js';
import { gcloudJson } from './gcloud.js';
import { gcpRunner } from './gcp-runner.js';
import { gcpTerraform, type GcpSources, type GcpTerraform } from './gcp-terraform.js';
import { gcpLayout, hasDeployment, readDeployment, type GcpDeployment } from './outputs.js';
import { gcpPreflight } from './preflight.js';
import { withStackSession, type StackSession } from './stack-session.js';
import { httpAnswers, waitForHttp } from './wait-http.js';

export type GcpStep =
  | { readonly kind: 'terraform-apply'; readonly plan: PlanResult; readonly cost: CostEstimate }
  | { readonly kind: 'ksql-apply'; readonly to: number }
  | { readonly kind: 'graph-schema' }
  | { readonly kind: 'connectors-apply' };

export interface GcpTargetOptions extends GcpSources {
  /** the gcloud binary (default: gcloud on PATH) */
  gcloudBin?: string;
  /** asks a yes/no question; default: on the terminal, none without one */
  confirm?: Confirm;
  /** how long the stack VM's services may take to answer after apply */
  serviceTimeoutMs?: number;
}

export interface GcpSandbox {
  readonly layout: SandboxLayout;
  readonly runner: HostRunner;
}

/** A yes/no question on the terminal; none when stdin is not one (then only --yes applies). */
function ttyConfirm(): Confirm | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (q) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(`${q} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

function describe(s: GcpStep): string {
  switch (s.kind) {
    case 'terraform-apply': {
      const x = s.plan.summary;
      return `terraform apply: ${x.add} to add, ${x.change} to change, ${x.remove} to destroy`;
    }
    case 'ksql-apply':
      return `apply ksql/ migrations up to V${String(s.to).padStart(6, '0')} on the stack's ksqlDB (IAP tunnel)`;
    case 'graph-schema':
      return "create the graph constraints on the stack's Neo4j (IAP tunnel)";
    case 'connectors-apply':
      return "apply the Neo4j sink connectors on the stack's Connect (IAP tunnel)";
  }
}

function renderPlan(plan: TargetPlan<GcpStep>): string {
  const lines: string[] = [];
  const tf = plan.steps.find((s) => s.kind === 'terraform-apply');
  if (tf && tf.kind === 'terraform-apply') lines.push(...renderTerraformPlan(tf.plan, tf.cost));
  else lines.push('terraform: no changes; the GCP sandbox is up to date');
  lines.push(`plan (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}):`);
  lines.push(...plan.steps.map((s, i) => `  ${i + 1}. ${describe(s)}`));
  return [...lines, ...plan.notes.map((n) => `note: ${n}`)].join('\n');
}

/** The migrations the gcp target applies: every file before the first that calls the model. */
function rulesVersion(ctx: Context): { version: number; skipped: string | undefined } {
  const files = discoverMigrations(ctx.config.ksql.migrationsDir).files.map((f) => ({
    version: f.version,
    fileName: f.fileName,
    callsModel: callsModel(f.text),
  }));
  const d = targetVersion(files, false);
  return { version: d.targetVersion, skipped: d.skipped };
}

export function makeGcpTarget(o: GcpTargetOptions = {}): Target<GcpStep> & {
  sandbox(ctx: Context): Promise<GcpSandbox>;
} {
  let prepared: GcpTerraform | undefined;
  let open: Endpoints | undefined;
  const gcloud = (ctx: Context): Gcloud => ({ bin: o.gcloudBin ?? 'gcloud', env: { ...process.env, ...ctx.env } });
  const confirm = (): Confirm | undefined => o.confirm ?? ttyConfirm();

  const project = (ctx: Context): string => {
    const p = ctx.config.gcp.project;
    if (!p)
      throw new UsageError('the gcp target needs a Google Cloud project', {
        hint: 'pass --project, or set gcp.project in ziem.yaml (or ZIEM_GCP_PROJECT)',
      });
    return p;
  };

  /** preflight, then an initialised working directory */
  async function terraform(ctx: Context): Promise<GcpTerraform> {
    const p = project(ctx);
    const pre = await gcpPreflight(gcloud(ctx), p);
    ctx.log.info(`gcp: gcloud ${pre.gcloudVersion}, account ${pre.account}, project ${p} (ACTIVE)`);
    const t = gcpTerraform(ctx, o);
    await t.tf.init(t.wd.backendConfig);
    return t;
  }

  async function deployment(ctx: Context, t: GcpTerraform): Promise<GcpDeployment | undefined> {
    const out = await t.tf.output();
    return hasDeployment(out) ? readDeployment(out) : undefined;
  }

  async function platformSteps(ctx: Context, steps: readonly GcpStep[], s: StackSession): Promise<AppliedStep[]> {
    const at = atEndpoints(s.ctx, s.endpoints);
    const timeoutMs = o.serviceTimeoutMs ?? 15 * 60_000;
    const wait = { timeoutMs, log: (m: string) => ctx.log.info(m) };
    await waitForHttp("the stack's ksqlDB", `${s.endpoints.ksqlUrl}/info`, wait);
    const done: AppliedStep[] = [];
    for (const step of steps) {
      const started = ctx.clock.now();
      ctx.log.info(`gcp: ${describe(step)}`);
      switch (step.kind) {
        case 'terraform-apply':
          continue;
        case 'ksql-apply':
          await applyMigrations(at, { version: step.to, model: false });
          break;
        case 'graph-schema':
          await waitForHttp("the stack's Neo4j", `${s.neo4jHttpUrl}/`, wait);
          await applyGraph(at);
          break;
        case 'connectors-apply': {
          await waitForHttp("the stack's Kafka Connect", `${s.endpoints.connectUrl}/`, wait);
          const pw = at.config.neo4j.password!.reveal();
          // the sinks run in the stack's Connect worker: Neo4j as it reaches it, not through our tunnel
          const env = {
            ...at.env,
            ZIEM_NEO4J_URI: s.inVpcBoltUrl,
            ZIEM_NEO4J_USER: at.config.neo4j.user,
            ZIEM_NEO4J_PASSWORD: pw,
          };
          await runConnectorsApply({ ...stepContext(at), env }, { dryRun: false });
          break;
        }
      }
      done.push({ step: step.kind, seconds: Math.round((ctx.clock.now() - started) / 100) / 10 });
    }
    return done;
  }

  return {
    name: 'gcp',

    async plan(ctx) {
      const t = await terraform(ctx);
      const wd = t.wd;
      const plan = await t.tf.plan(wd.planFile);
      prepared = t;
      const cost = estimateHourlyCost(t.vars);
      const r = rulesVersion(ctx);
      const x = plan.summary;
      const steps: GcpStep[] = [
        ...(x.add + x.change + x.remove > 0 ? [{ kind: 'terraform-apply' as const, plan, cost }] : []),
        ...(r.version > 0 ? [{ kind: 'ksql-apply' as const, to: r.version }] : []),
        { kind: 'graph-schema' },
        { kind: 'connectors-apply' },
      ];
      const notes = [
        ...(r.skipped ? [r.skipped] : []),
        'the platform steps run on every deploy (each is idempotent); model training is not run on gcp (rule alerts only)',
      ];
      return { steps, notes };
    },

    renderPlan,

    async apply(ctx, plan, a = {}) {
      const t = prepared ?? (await terraform(ctx));
      const done: AppliedStep[] = [];
      const tf = plan.steps.find((s) => s.kind === 'terraform-apply');
      if (tf && tf.kind === 'terraform-apply') {
        const cost = `$${tf.cost.usdPerHour.toFixed(3)}/hour`;
        const ok = await confirmApply({
          yes: a.yes ?? false,
          confirm: confirm(),
          question: `Create these resources on Google Cloud (about ${cost} while they run)?`,
        });
        if (!ok)
          throw new UsageError('deploy cancelled: nothing was created', {
            hint: 'run again and answer yes, or pass --yes',
          });
        const started = ctx.clock.now();
        await t.tf.apply(tf.plan.planFile);
        done.push({ step: 'terraform-apply', seconds: Math.round((ctx.clock.now() - started) / 100) / 10 });
      }
      const d = await deployment(ctx, t);
      if (!d) throw new ZiemError('GCP_OUTPUTS', 'terraform applied, but its state has no sandbox outputs');
      const g = gcloud(ctx);
      done.push(
        ...(await withStackSession(ctx, g, d, async (s) => {
          open = s.endpoints;
          try {
            return await platformSteps(ctx, plan.steps, s);
          } finally {
            open = undefined;
          }
        })),
      );
      ctx.log.info(`gcp: sandbox ${d.sandboxName}: ${d.hosts.map((h) => `${h.name} ${h.overlayIp}`).join(', ')}`);
      return done;
    },

    async destroy(ctx, d) {
      const t = await terraform(ctx);
      const planFile = join(t.wd.dataDir, '..', 'destroy.tfplan');
      const plan = await t.tf.plan(planFile, { destroy: true });
      const stopped: string[] = [];
      if (plan.summary.remove > 0) {
        for (const line of renderTerraformPlan(plan, undefined)) ctx.log.info(line);
        const ok = await confirmApply({
          yes: d.yes ?? false,
          confirm: confirm(),
          question: `Destroy these ${plan.summary.remove} resources on Google Cloud?`,
        });
        if (!ok)
          throw new UsageError('destroy cancelled: nothing was destroyed', {
            hint: 'run again and answer yes, or pass --yes',
          });
        await t.tf.apply(planFile);
        stopped.push(...plan.changes.filter((c) => c.action === 'delete').map((c) => c.resource.addr));
      }
      if (d.purge)
        rmSync(join(ctx.config.stateDir, 'gcp', ctx.config.gcp.sandboxName), { recursive: true, force: true });
      return { stopped, purged: d.purge ?? false };
    },

    async status(ctx): Promise<TargetStatus> {
      const t = await terraform(ctx);
      const d = await deployment(ctx, t);
      if (!d)
        return {
          target: 'gcp',
          parts: [{ name: 'sandbox', healthy: false, detail: `sandbox ${ctx.config.gcp.sandboxName} is not deployed` }],
        };
      const g = gcloud(ctx);
      const listed = await gcloudJson<Array<{ name: string; status: string }>>(
        g,
        ['compute', 'instances', 'list', `--project=${d.project}`, `--filter=labels.ziem-sandbox=${d.sandboxName}`],
        'listing the sandbox VMs',
      );
      const byName = new Map((listed ?? []).map((i) => [i.name, i.status]));
      const parts: PartStatus[] = [d.stack, ...d.hosts].map((vm) => {
        const st = byName.get(vm.instance);
        return {
          name: vm.instance,
          healthy: st === 'RUNNING',
          detail: st ? `${st}, ${vm.internalIp}` : 'not found on Google Cloud',
        };
      });
      if (byName.get(d.stack.instance) === 'RUNNING') {
        await withStackSession(
          ctx,
          g,
          d,
          async (s) => {
            for (const [name, url] of [
              ['ksql', `${s.endpoints.ksqlUrl}/info`],
              ['connect', `${s.endpoints.connectUrl}/`],
              ['neo4j', `${s.neo4jHttpUrl}/`],
              // without its token the map answers 401: that it answers is what status reports
              ['ui', `${s.uiUrl}/api/health`],
            ] as const) {
              const code = await httpAnswers(url);
              parts.push({
                name,
                healthy: code !== undefined && code < 500,
                detail: code === undefined ? 'no answer through the IAP tunnel' : `HTTP ${code} through the IAP tunnel`,
              });
            }
          },
          { secrets: false },
        );
      }
      return { target: 'gcp', parts };
    },

    // while deploy holds its IAP tunnels: their local ports; otherwise the configured endpoints
    // (attack-sim's labels go to kafka.bootstrap: point it at a Kafka this machine reaches)
    endpoints(ctx): Endpoints {
      return open ?? localEndpoints(ctx);
    },

    async sandbox(ctx) {
      const t = await terraform(ctx);
      const d = await deployment(ctx, t);
      if (!d)
        throw new UsageError(`sandbox ${ctx.config.gcp.sandboxName} is not deployed on gcp`, {
          hint: 'run `ziem deploy --target gcp` first',
        });
      return { layout: gcpLayout(d), runner: gcpRunner(gcloud(ctx), d) };
    },
  };
}

export const gcpTarget = makeGcpTarget();
