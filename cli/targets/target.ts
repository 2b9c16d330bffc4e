// The contract every deploy target implements (local today; compose, gcp and external beside it):
// plan compares the desired platform with what runs, apply carries a plan out, destroy undoes a
// deployment, status reports each part's health, endpoints say where the platform's services answer.
// `ziem deploy|destroy|status --target <name>` (deploy.ts, destroy.ts, status.ts) dispatch here; what
// every target runs against its endpoints is platform-steps.ts.
import type { Context } from '../context.js';
import type { TargetSandbox } from '../sandbox/host-runner.js';

import type { TARGET_NAMES } from '../config/fields.js';

export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetPlan<S extends { readonly kind: string } = { readonly kind: string }> {
  readonly steps: readonly S[];
  /** Things the user should know that are not steps (a migration left out, a cost estimate). */
  readonly notes: readonly string[];
}

export interface AppliedStep {
  step: string;
  seconds: number;
}

/** Where the platform's services answer, as this machine reaches them (a tunnel's local port on gcp). */
export interface Endpoints {
  kafkaBootstrap: string;
  ksqlUrl: string;
  connectUrl: string;
  neo4jBoltUrl: string;
  modelServerUrl: string;
}

export interface PartStatus {
  name: string;
  healthy: boolean;
  detail: string;
}

export interface TargetStatus {
  target: TargetName;
  parts: PartStatus[];
}

export interface DestroyOptions {
  purge?: boolean;
  /** Destroy without asking (targets that ask first: gcp). */
  yes?: boolean;
  /** With purge: keep the trained model (the smoke test reuses it instead of a new warm-up). */
  keepModel?: boolean;
}

export interface ApplyOptions {
  /** Apply without asking (targets that ask first: gcp, whose plan creates billed resources). */
  yes?: boolean;
}

export interface DestroyResult {
  stopped: string[];
  purged: boolean;
}

export interface Target<S extends { readonly kind: string } = { readonly kind: string }> {
  readonly name: TargetName;
  /** Pure with respect to the platform: reads what runs, changes nothing. */
  plan(ctx: Context): Promise<TargetPlan<S>>;
  /** The plan as the user reads it ("nothing to do…" when it has no steps). */
  renderPlan(plan: TargetPlan<S>): string;
  /** Runs the steps in order with progress on stderr; the first failure stops, what ran stays. */
  apply(ctx: Context, plan: TargetPlan<S>, o?: ApplyOptions): Promise<AppliedStep[]>;
  destroy(ctx: Context, o: DestroyOptions): Promise<DestroyResult>;
  status(ctx: Context): Promise<TargetStatus>;
  endpoints(ctx: Context): Endpoints;
  /** The deployment's sandbox for attack-sim (compose: containers; gcp: VMs); absent: the netns sandbox. */
  sandbox?(ctx: Context): Promise<TargetSandbox>;
}
